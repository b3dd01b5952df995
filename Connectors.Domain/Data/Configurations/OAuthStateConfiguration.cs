using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectors.Domain.Data.Configurations;

internal sealed class OAuthStateConfiguration : IEntityTypeConfiguration<OAuthState>
{
    public void Configure(EntityTypeBuilder<OAuthState> builder)
    {
        builder.ToTable("OAuthStates");
        builder.Property(s => s.StateHash).HasMaxLength(64);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.HasIndex(s => s.StateHash).IsUnique();
        builder.HasIndex(s => s.ExpiresAt);
        builder.HasOne<ConnectorInstallation>().WithMany().HasForeignKey(s => s.InstallationId).OnDelete(DeleteBehavior.Cascade);
    }
}
