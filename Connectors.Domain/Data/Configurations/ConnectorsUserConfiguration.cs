using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Connectors.Domain.Data.Configurations;

internal sealed class ConnectorsUserConfiguration : IEntityTypeConfiguration<ConnectorsUser>
{
    public void Configure(EntityTypeBuilder<ConnectorsUser> builder) =>
        builder.Property(u => u.IsSupport).HasDefaultValue(false);
}
