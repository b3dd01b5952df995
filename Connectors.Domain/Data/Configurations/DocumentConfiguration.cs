using Connectors.Domain.Documents;
using Connectors.Domain.Installations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectors.Domain.Data.Configurations;

internal sealed class DocumentConfiguration : IEntityTypeConfiguration<Document>
{
    public void Configure(EntityTypeBuilder<Document> builder)
    {
        builder.ToTable("Documents");
        builder.Property(d => d.ProjectKey).HasMaxLength(120);
        builder.Property(d => d.ConnectorKey).HasMaxLength(64);
        builder.Property(d => d.ExternalId).HasMaxLength(512);
        builder.Property(d => d.Title).HasMaxLength(1024);
        builder.Property(d => d.ContentHash).HasMaxLength(64);
        builder.Property(d => d.MimeType).HasMaxLength(128);
        builder.Property(d => d.SourceUrl).HasMaxLength(2048);
        builder.Property(d => d.Author).HasMaxLength(512);
        builder.HasIndex(d => new { d.InstallationId, d.ExternalId }).IsUnique();
        builder.HasIndex(d => new { d.TenantId, d.ProjectKey });
        // Deleting an account with "keep documents" leaves them unlinked.
        builder.HasOne<ConnectorInstallation>().WithMany().HasForeignKey(d => d.InstallationId).OnDelete(DeleteBehavior.SetNull);
    }
}
