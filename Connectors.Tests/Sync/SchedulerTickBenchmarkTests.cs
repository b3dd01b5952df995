using System.Text.RegularExpressions;

namespace Connectors.Tests.Sync;

/// <summary>
/// The scheduler tick's structure in the default run (3,000 accounts): exactly the due accounts get a run,
/// the due query runs once per batch of 100 plus one that finds nothing, and SQLite answers it from the
/// (Status, NextSyncAt) index rather than a scan of the installations table. The 100,000-account benchmark
/// is explicit — run it with
/// <c>dotnet test Connectors.Tests --filter "FullyQualifiedName~SchedulerTickBenchmark" -- xUnit.Explicit=only</c>.
/// </summary>
public sealed class SchedulerTickBenchmarkTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(30, 1)]
    [InlineData(250, 3)]
    public async Task Tick_ThreeThousandAccounts_QueuesExactlyTheDueOnesInBatchesThroughTheStatusIndex(int due, int dueQueries)
    {
        var capture = new CommandCapture();
        await using var bed = await SchedulerTickBenchmark.CreateBedAsync(capture, productionLogging: false);
        var seed = await SchedulerTickBenchmark.SeedAsync(bed, new SchedulerTickShape(Accounts: 3000, Due: due, Tenants: 4, Stopped: 90, AlreadyQueued: 1), Ct);

        var tick = await SchedulerTickBenchmark.CaptureTickAsync(bed, capture, Ct);
        TestContext.Current.SendDiagnosticMessage($"{tick.Summary}\n{string.Join('\n', tick.DuePlan)}");

        tick.Queued.ShouldBe(due);
        tick.QueuedIds.ShouldBe(seed.DueIds, ignoreOrder: true);
        tick.QueuedIds.ShouldNotContain(seed.AlreadyQueuedIds.Single());
        tick.Dispatchable.ShouldBe(Math.Min(due + 1, SchedulerTickBenchmark.DispatchMax));
        tick.DueQueries.ShouldBe(dueQueries);
        ShouldSearchTheStatusIndex(tick);
        (await SchedulerTickBenchmark.WalkAsync(bed, seed.Now, Ct)).ShouldBe(due + 1);
    }

    [Fact(Explicit = true)]
    public async Task Tick_HundredThousandAccounts_PrintsTickWalkerAndRatio()
    {
        var shape = new SchedulerTickShape(Accounts: 100_000, Due: 1_000, Tenants: 10, Stopped: 3_000, AlreadyQueued: 10);
        var figures = await SchedulerTickBenchmark.RunAsync(shape, repetitions: 5, Ct);
        Console.WriteLine(figures);
        TestContext.Current.SendDiagnosticMessage(figures.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine(figures.ToString());

        figures.Capture.Queued.ShouldBe(1_000);
        figures.Capture.QueuedIds.ShouldBe(figures.Seed.DueIds, ignoreOrder: true);
        figures.Capture.DueQueries.ShouldBe(11);
        figures.WalkerDue.ShouldBe(1_010);
        ShouldSearchTheStatusIndex(figures.Capture);
    }

    /// <summary>The due query is a SEARCH of the installations table through its (Status, NextSyncAt) index,
    /// never a SCAN of it (whole table or whole index).</summary>
    private static void ShouldSearchTheStatusIndex(SchedulerTickCapture tick)
    {
        var alias = SchedulerTickBenchmark.InstallationsAlias(tick.DueQuery.Sql);
        var plan = string.Join('\n', tick.DuePlan);
        tick.DuePlan.ShouldContain(l => l.Contains($"SEARCH {alias} USING INDEX {SchedulerTickBenchmark.StatusIndex} (Status=? AND NextSyncAt<?)", StringComparison.Ordinal), plan);
        tick.DuePlan.ShouldNotContain(l => Regex.IsMatch(l, $@"\bSCAN ({Regex.Escape(alias)}|ConnectorInstallations)\b"), plan);
    }
}
