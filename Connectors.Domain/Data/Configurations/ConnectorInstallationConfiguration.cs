using Connectors.Domain.Credentials;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectors.Domain.Data.Configurations;

internal sealed class ConnectorInstallationConfiguration : IEntityTypeConfiguration<ConnectorInstallation>
{
    public void Configure(EntityTypeBuilder<ConnectorInstallation> builder)
    {
        builder.ToTable("ConnectorInstallations");
        builder.Property(i => i.ConnectorKey).HasMaxLength(64);
        builder.Property(i => i.Label).HasMaxLength(ConnectorInstallation.LabelMaxLength);
        builder.Property(i => i.NormalizedLabel).HasMaxLength(ConnectorInstallation.LabelMaxLength * 2);
        builder.Property(i => i.ProjectKey).HasMaxLength(ConnectorInstallation.ProjectKeyMaxLength);
        builder.Property(i => i.Status).HasConversion<string>().HasMaxLength(32);
        builder.Property(i => i.TestStatus).HasConversion<string>().HasMaxLength(32);
        builder.Property(i => i.CreatedBy).HasMaxLength(450);
        builder.Property(i => i.UpdatedBy).HasMaxLength(450);
        builder.Property(i => i.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(i => new { i.TenantId, i.ConnectorKey, i.NormalizedLabel }).IsUnique();
        builder.HasIndex(i => new { i.Status, i.NextSyncAt });
        builder.Property(i => i.CheckMessage).HasMaxLength(1000);
        builder.Property(i => i.CheckCategory).HasMaxLength(24);
        // The check sweep's due query and its claim.
        builder.HasIndex(i => new { i.Status, i.NextCheckAt });
        builder.HasIndex(i => i.CheckClaim);
        builder.HasOne<Tenant>().WithMany().HasForeignKey(i => i.TenantId).OnDelete(DeleteBehavior.Restrict);
        // A credential in use cannot go: deleting it is refused naming the accounts first, and the database agrees.
        builder.HasOne<TenantCredential>().WithMany().HasForeignKey(i => i.CredentialId).OnDelete(DeleteBehavior.Restrict);
    }
}
