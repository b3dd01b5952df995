using Connectors.Domain.Installations;
using Connectors.Tests.Sync;

namespace Connectors.Tests.Installations;

/// <summary>
/// The read summary's cost does not grow with the accounts in its SQL: the same statements for 10 and for
/// 1,000 accounts, each answered from an index (never a scan of a table, which would also read the other
/// tenants' rows). The timed benchmark (10 to 10,000 accounts) is explicit — run it with
/// <c>DOTNET_gcServer=1 dotnet test Connectors.Tests --filter "FullyQualifiedName~SummaryBenchmark" -- xUnit.Explicit=only</c>
/// (server GC, as the app runs); it rewrites its table in docs/performance.md.
/// </summary>
public sealed class SummaryBenchmarkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetSummaryAsync_TenThenThousandAccounts_SendsTheSameNumberOfSqlCommands()
    {
        var capture = new CommandCapture();
        await using var bed = await SummaryBenchmark.CreateBedAsync(capture, productionLogging: false);
        await SummarySeed.SeedAsync(bed, bed.Globex, 200, Ct);
        var seeded = (await SummarySeed.SeedAsync(bed, bed.Acme, 10, Ct)).Accounts.ToList();

        var ten = await SummaryBenchmark.CaptureAsync(bed, capture, bed.Acme, Ct);
        ShouldSummarize(ten, seeded);
        seeded.AddRange((await SummarySeed.SeedAsync(bed, bed.Acme, 990, Ct, labelPrefix: "More")).Accounts);
        var thousand = await SummaryBenchmark.CaptureAsync(bed, capture, bed.Acme, Ct);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"SQL commands of GetSummaryAsync: {ten.Commands.Count} for 10 accounts, {thousand.Commands.Count} for 1,000\n\n{thousand}");

        thousand.Commands.Count.ShouldBe(ten.Commands.Count);
        ShouldSummarize(thousand, seeded);
    }

    [Fact]
    public async Task GetSummaryAsync_ThousandAccountsBesideAnotherTenant_SearchesIndexesAndScansNoTable()
    {
        var capture = new CommandCapture();
        await using var bed = await SummaryBenchmark.CreateBedAsync(capture, productionLogging: false);
        await SummarySeed.SeedAsync(bed, bed.Globex, 1_000, Ct, history: 2);
        await SummarySeed.SeedAsync(bed, bed.Acme, 1_000, Ct, history: 2);

        var summary = await SummaryBenchmark.CaptureAsync(bed, capture, bed.Acme, Ct);
        TestContext.Current.TestOutputHelper?.WriteLine(summary.ToString());

        var plans = summary.Plans.SelectMany(p => p).ToList();
        plans.ShouldNotContain(line => line.Contains("--SCAN ", StringComparison.Ordinal), summary.ToString());
        plans.ShouldContain(line => line.Contains("USING INDEX IX_ConnectorInstallations_TenantId_ConnectorKey_NormalizedLabel (TenantId=?)", StringComparison.Ordinal));
        plans.ShouldContain(line => line.Contains("USING INDEX IX_SyncRuns_InstallationId_QueuedAt (InstallationId=? AND QueuedAt=?)", StringComparison.Ordinal));
    }

    [Fact(Explicit = true)]
    public async Task GetSummaryAsync_TenToTenThousandAccounts_PrintsCommandsAndTimesIntoThePerformanceDoc()
    {
        System.Runtime.GCSettings.IsServerGC.ShouldBeTrue(
            "Measure the summary with the garbage collector the app runs with (server GC, as Connectors.Web's runtimeconfig sets): " +
            "DOTNET_gcServer=1 dotnet test Connectors.Tests --filter \"FullyQualifiedName~SummaryBenchmark\" -- xUnit.Explicit=only");
        var figures = await SummaryBenchmark.RunAsync([(10, 0), (100, 0), (1_000, 0), (10_000, 0), (1_000, 96)], warmUps: 10, repetitions: 50, Ct);
        TestContext.Current.TestOutputHelper?.WriteLine(figures.ToString());

        figures.Rows.Select(r => r.Statements).Distinct().ShouldHaveSingleItem();
        SummaryBenchmark.WriteIntoDocs(figures);
    }

    /// <summary>Every seeded account of the tenant, and only those, under its connector, with its last run,
    /// error, status, cadence (own or inherited) and resolved project.</summary>
    private static void ShouldSummarize(SummaryCapture capture, IReadOnlyList<SeededAccount> seeded)
    {
        var listed = capture.Summary.SelectMany(c => c.Accounts.Select(a => (Connector: c.Key, Account: a))).ToDictionary(x => x.Account.Id);
        listed.Keys.ShouldBe(seeded.Select(s => s.Id), ignoreOrder: true);
        foreach (var expected in seeded)
        {
            var (connector, account) = listed[expected.Id];
            var because = $"account {expected.Label}";
            connector.ShouldBe(expected.ConnectorKey, because);
            (account.Label, account.ProjectKey, account.ResolvedProjectKey, account.Status).ShouldBe(
                (expected.Label, expected.ProjectKey, expected.ResolvedProjectKey, expected.Status), because);
            (account.Error is not null).ShouldBe(expected.HasError, because);
            (account.CadenceMinutes, account.InheritedCadenceMinutes).ShouldBe((expected.CadenceMinutes, 15), because);
            (account.LastRun?.Id, account.LastRun?.Status).ShouldBe((expected.LastRunId, expected.LastRunStatus), because);
        }

        seeded.ShouldContain(s => s.LastRunId == null);
        seeded.ShouldContain(s => s.LastRunStatus == Domain.Sync.SyncRunStatus.Failed);
        seeded.ShouldContain(s => s.Status == InstallationStatus.Error && s.HasError);
        seeded.ShouldContain(s => s.ProjectKey == null && s.ResolvedProjectKey.StartsWith("legacy-", StringComparison.Ordinal));
        capture.Summary.ShouldAllBe(c => c.Accounts.Select(a => a.Label).SequenceEqual(c.Accounts.Select(a => a.Label).Order(StringComparer.CurrentCultureIgnoreCase)));
    }
}
