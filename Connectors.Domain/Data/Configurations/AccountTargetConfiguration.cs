using Connectors.Domain.Installations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectors.Domain.Data.Configurations;

internal sealed class AccountTargetConfiguration : IEntityTypeConfiguration<AccountTarget>
{
    public void Configure(EntityTypeBuilder<AccountTarget> builder)
    {
        builder.ToTable("AccountTargets");
        builder.Property(t => t.ProjectKey).HasMaxLength(ConnectorInstallation.ProjectKeyMaxLength);
        builder.HasIndex(t => new { t.InstallationId, t.ProjectKey }).IsUnique();
        builder.HasIndex(t => new { t.TenantId, t.ProjectKey });
        builder.HasOne<ConnectorInstallation>().WithMany(i => i.Targets).HasForeignKey(t => t.InstallationId).OnDelete(DeleteBehavior.Cascade);
    }
}
