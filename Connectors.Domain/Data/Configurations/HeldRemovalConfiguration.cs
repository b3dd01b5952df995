using Connectors.Domain.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectors.Domain.Data.Configurations;

internal sealed class HeldRemovalConfiguration : IEntityTypeConfiguration<HeldRemoval>
{
    public void Configure(EntityTypeBuilder<HeldRemoval> builder)
    {
        builder.ToTable("HeldRemovals");
        builder.HasIndex(h => new { h.InstallationId, h.DocumentId }).IsUnique();
        builder.HasIndex(h => h.DocumentId);
        // A document deleted (by any path) leaves the held set with it. No key to the account: its deletion removes its
        // held rows itself (a second cascade path from the accounts through the documents is refused by SQL Server).
        builder.HasOne<Document>().WithMany().HasForeignKey(h => h.DocumentId).OnDelete(DeleteBehavior.Cascade);
    }
}
