using System.Diagnostics;
using System.Globalization;
using Connectors.Domain.Checks;
using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Tests.Infrastructure;
using Connectors.Tests.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.Tests.Notifications;

/// <summary>
/// What a connection-check sweep costs the database: the due query, the claim, the claimed accounts and one update
/// for the passing checks — four SQL commands per batch of <see cref="ConnectionChecks.BatchSize"/>, whatever the
/// number of accounts (the connectors' own credential reads are theirs; this probe reads none). The structural half
/// runs every time; the explicit half prints the figures at 1,000 and 10,000 accounts side by side:
/// <c>dotnet test Connectors.Tests --filter "FullyQualifiedName~CheckSweepBenchmark" -- xUnit.Explicit=only</c>.
/// </summary>
public sealed class CheckSweepBenchmarkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sweep_At300And1000Accounts_SendsFourSqlCommandsPerBatch()
    {
        var small = await SweepAsync(300);
        var large = await SweepAsync(1_000);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"300 accounts: {small.Commands} commands in {small.Batches} batches; 1,000 accounts: {large.Commands} commands in {large.Batches} batches.");
        small.Checked.ShouldBe(300);
        large.Checked.ShouldBe(1_000);
        small.Commands.ShouldBe((4 * small.Batches) + 1, "four per batch, and the due query that finds nothing more");
        large.Commands.ShouldBe((4 * large.Batches) + 1);
    }

    [Fact(Explicit = true)]
    public async Task Sweep_At1000And10000Accounts_PrintsCommandsPerBatchAndAccountsPerSecond()
    {
        var small = await SweepAsync(1_000);
        var large = await SweepAsync(10_000);
        var perSecondSmall = small.Checked / small.Elapsed.TotalSeconds;
        var perSecondLarge = large.Checked / large.Elapsed.TotalSeconds;
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"load average: {LoadAverage.ReadAll() ?? "unknown"}\n"
            + $" 1,000 accounts: {small.Commands} SQL commands, {small.Batches} batches ({(small.Commands - 1) / (double)small.Batches:0.0} per batch), {small.Elapsed.TotalMilliseconds:0} ms, {perSecondSmall:0} checks/s\n"
            + $"10,000 accounts: {large.Commands} SQL commands, {large.Batches} batches ({(large.Commands - 1) / (double)large.Batches:0.0} per batch), {large.Elapsed.TotalMilliseconds:0} ms, {perSecondLarge:0} checks/s\n"
            + $"ratio (10,000 ÷ 1,000): commands per batch {((large.Commands - 1) / (double)large.Batches) / ((small.Commands - 1) / (double)small.Batches):0.00}, checks/s {perSecondLarge / perSecondSmall:0.00}"));
        large.Commands.ShouldBe((4 * large.Batches) + 1);
    }

    private sealed record SweepFigures(int Checked, int Batches, int Commands, TimeSpan Elapsed);

    private static async Task<SweepFigures> SweepAsync(int accounts)
    {
        var capture = new CommandCapture();
        await using var bed = await ConnectorsTestBed.CreateAsync(configure: (services, _) =>
        {
            services.ConfigureDbContext<SqliteConnectorsDbContext>(o => o.AddInterceptors(capture));
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        });
        bed.Calls.Health = _ => HealthStatus.Healthy();
        await SeedAsync(bed, accounts);
        capture.Recording = true;
        var watch = Stopwatch.StartNew();
        int checkedCount;
        await using (var scope = bed.Database.Services.CreateAsyncScope())
        {
            checkedCount = await scope.ServiceProvider.GetRequiredService<ConnectionChecks>().SweepAsync(Ct);
        }

        watch.Stop();
        capture.Recording = false;
        return new SweepFigures(checkedCount, (accounts + ConnectionChecks.BatchSize - 1) / ConnectionChecks.BatchSize, capture.Commands.Count, watch.Elapsed);
    }

    /// <summary>Active accounts of the test mail connector, all due for a check.</summary>
    private static async Task SeedAsync(ConnectorsTestBed bed, int count)
    {
        await using var scope = bed.As(bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var n = 0; n < count; n++)
        {
            var account = new ConnectorInstallation { ConnectorKey = TestMailConnector.ConnectorKey, TenantId = bed.Acme, Status = InstallationStatus.Active };
            account.Rename($"Box {n:D5}");
            db.Installations.Add(account);
        }

        await db.SaveChangesAsync(Ct);
    }
}
