using Connectors.Domain.Credentials;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectors.Domain.Data.Configurations;

internal sealed class TenantCredentialConfiguration : IEntityTypeConfiguration<TenantCredential>
{
    public void Configure(EntityTypeBuilder<TenantCredential> builder)
    {
        builder.ToTable("TenantCredentials");
        builder.Property(c => c.ConnectorKey).HasMaxLength(64);
        builder.Property(c => c.Name).HasMaxLength(TenantCredential.NameMaxLength);
        builder.Property(c => c.NormalizedName).HasMaxLength(TenantCredential.NameMaxLength * 2);
        builder.Property(c => c.TestStatus).HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.TestMessage).HasMaxLength(TenantCredential.MessageMaxLength);
        builder.Property(c => c.CreatedBy).HasMaxLength(450);
        builder.Property(c => c.UpdatedBy).HasMaxLength(450);
        builder.Property(c => c.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(c => new { c.TenantId, c.ConnectorKey, c.NormalizedName }).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
