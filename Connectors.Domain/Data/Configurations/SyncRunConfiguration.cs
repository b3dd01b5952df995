using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectors.Domain.Data.Configurations;

internal sealed class SyncRunConfiguration : IEntityTypeConfiguration<SyncRun>
{
    public void Configure(EntityTypeBuilder<SyncRun> builder)
    {
        builder.ToTable("SyncRuns");
        builder.Property(r => r.Trigger).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Kind).HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Status).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.ErrorCategory).HasConversion<string>().HasMaxLength(24);
        builder.Property(r => r.ErrorMessage).HasMaxLength(2000);
        builder.Property(r => r.NodeId).HasMaxLength(SyncNode.MaxIdLength);
        // At most one active run per account, on every node. The filter is plain SQL both providers accept.
        builder.HasIndex(r => r.InstallationId).IsUnique().HasFilter("Status IN ('Queued', 'Running')")
            .HasDatabaseName("IX_SyncRuns_OneActivePerAccount");
        builder.HasIndex(r => new { r.InstallationId, r.QueuedAt });
        builder.HasIndex(r => new { r.Status, r.NotBefore });
        // The hand-over of queued runs (SyncScheduler.DispatchableAsync): the waiting tenants with their oldest
        // run, then a tenant's oldest runs, both read from this index alone (NotBefore is in it for the retry
        // condition) instead of every queued row of the table and a sort.
        builder.HasIndex(r => new { r.Status, r.TenantId, r.QueuedAt, r.NotBefore });
        builder.HasOne<ConnectorInstallation>().WithMany().HasForeignKey(r => r.InstallationId).OnDelete(DeleteBehavior.Cascade);
    }
}
