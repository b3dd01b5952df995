using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectors.Domain.Data.Configurations;

internal sealed class KbProjectConfiguration : IEntityTypeConfiguration<KbProject>
{
    public void Configure(EntityTypeBuilder<KbProject> builder)
    {
        builder.ToTable("Projects");
        builder.Property(p => p.Key).HasMaxLength(120);
        builder.Property(p => p.Name).HasMaxLength(200);
        builder.HasIndex(p => new { p.TenantId, p.Key }).IsUnique();
        builder.HasOne<Tenant>().WithMany().HasForeignKey(p => p.TenantId).OnDelete(DeleteBehavior.Restrict);
    }
}
