using Connectors.Tests.Infrastructure;

namespace Connectors.Tests.Installations;

public static partial class SummarySeed
{
    public static Task<SummarySeedResult> SeedAsync(
        ConnectorsTestBed bed, Guid tenantId, int count, CancellationToken ct, string labelPrefix = "Seed", int history = 0) =>
        SeedAsync(bed.Database.Services, tenantId, count, ct, labelPrefix, history);
}
