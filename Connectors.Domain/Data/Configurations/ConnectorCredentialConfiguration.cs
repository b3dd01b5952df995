using Connectors.Domain.Installations;
using Connectors.Domain.Vault;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectors.Domain.Data.Configurations;

internal sealed class ConnectorCredentialConfiguration : IEntityTypeConfiguration<ConnectorCredential>
{
    public void Configure(EntityTypeBuilder<ConnectorCredential> builder)
    {
        builder.ToTable("ConnectorCredentials");
        builder.HasKey(c => c.InstallationId);
        builder.Property(c => c.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(c => c.TenantId);
        builder.HasOne<ConnectorInstallation>().WithOne().HasForeignKey<ConnectorCredential>(c => c.InstallationId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}
