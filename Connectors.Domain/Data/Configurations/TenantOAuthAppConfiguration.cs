using Connectors.Domain.OAuth;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectors.Domain.Data.Configurations;

internal sealed class TenantOAuthAppConfiguration : IEntityTypeConfiguration<TenantOAuthApp>
{
    public void Configure(EntityTypeBuilder<TenantOAuthApp> builder)
    {
        builder.ToTable("TenantOAuthApps");
        builder.Property(a => a.ProviderKey).HasMaxLength(64);
        builder.Property(a => a.ClientId).HasMaxLength(TenantOAuthApp.ClientIdMaxLength);
        builder.Property(a => a.CreatedBy).HasMaxLength(450);
        builder.Property(a => a.UpdatedBy).HasMaxLength(450);
        builder.Property(a => a.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(a => new { a.TenantId, a.ProviderKey }).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
