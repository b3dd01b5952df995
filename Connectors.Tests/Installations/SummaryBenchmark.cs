using System.Diagnostics;
using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Connectors.Tests.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

/// <summary>One read summary observed statement by statement, with SQLite's plan of every statement.</summary>
public sealed record SummaryCapture(IReadOnlyList<ConnectorSummary> Summary, IReadOnlyList<CapturedCommand> Commands, IReadOnlyList<IReadOnlyList<string>> Plans)
{
    public int Accounts => Summary.Sum(c => c.Accounts.Count);

    /// <summary>Every statement with its plan, for the test output.</summary>
    public override string ToString() => string.Join("\n\n", Commands.Select((c, i) => c.Sql + "\n" + string.Join('\n', Plans[i])));
}

/// <summary>
/// The read summary (<see cref="AccountQueries.GetSummaryAsync"/>) measured the way a request
/// runs it: a fresh scope acting in the tenant as an admin (view right, no manage right). Counts statements
/// with the scheduler benchmark's <see cref="CommandCapture"/> interceptor and explains them with
/// <see cref="SchedulerTickBenchmark.ExplainAsync"/>.
/// </summary>
public static class SummaryBenchmark
{
    /// <summary>A test bed whose contexts report every statement to <paramref name="capture"/>.</summary>
    public static Task<ConnectorsTestBed> CreateBedAsync(CommandCapture capture, bool productionLogging) =>
        SchedulerTickBenchmark.CreateBedAsync(capture, productionLogging);

    /// <summary>One summary with every statement recorded, then each statement's plan.</summary>
    public static async Task<SummaryCapture> CaptureAsync(ConnectorsTestBed bed, CommandCapture capture, Guid tenantId, CancellationToken ct)
    {
        capture.Clear();
        capture.Recording = true;
        IReadOnlyList<ConnectorSummary> summary;
        try
        {
            summary = await SummaryAsync(bed, tenantId, ct);
        }
        finally
        {
            capture.Recording = false;
        }

        var commands = capture.Commands;
        var plans = new List<IReadOnlyList<string>>(commands.Count);
        foreach (var command in commands)
        {
            plans.Add(await SchedulerTickBenchmark.ExplainAsync(bed, command, ct));
        }

        return new SummaryCapture(summary, commands, plans);
    }

    /// <summary>The summary as an admin (view only) of <paramref name="tenantId"/> sees it, in a fresh scope.</summary>
    public static async Task<IReadOnlyList<ConnectorSummary>> SummaryAsync(ConnectorsTestBed bed, Guid tenantId, CancellationToken ct)
    {
        await using var scope = bed.As(tenantId, TenantRole.Admin);
        return await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetSummaryAsync(ct);
    }

    /// <summary>Times <paramref name="repetitions"/> summaries after <paramref name="warmUps"/> untimed ones,
    /// checking each lists <paramref name="accounts"/> accounts.</summary>
    public static Task<IReadOnlyList<TimeSpan>> TimeAsync(ConnectorsTestBed bed, Guid tenantId, int warmUps, int repetitions, int accounts, CancellationToken ct) =>
        TimeAsync(async token => (await SummaryAsync(bed, tenantId, token)).Sum(c => c.Accounts.Count).ShouldBe(accounts), warmUps, repetitions, ct);

    /// <summary>Times <paramref name="repetitions"/> calls of <paramref name="action"/> after <paramref name="warmUps"/>
    /// untimed ones (JIT tiers, SQLite page cache) — for the summary here, and for a surface over it (an HTTP
    /// request to the list endpoint of a <c>ConnectorsAppFactory</c> seeded with <see cref="SummarySeed"/>).
    /// Nothing is collected between calls, as between a server's requests: the collector runs when the
    /// allocations since the last collection call for it, so each call pays the collections its own allocations
    /// cause, on average. (A full collection before each call would hand every call a fresh allocation budget: a
    /// call allocating less than that budget would never pay a collection, a larger one would pay all of its own.)</summary>
    public static async Task<IReadOnlyList<TimeSpan>> TimeAsync(Func<CancellationToken, Task> action, int warmUps, int repetitions, CancellationToken ct)
    {
        var times = new List<TimeSpan>(repetitions);
        for (var i = -warmUps; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            await action(ct);
            if (i >= 0)
            {
                times.Add(clock.Elapsed);
            }
        }

        return times;
    }

    /// <summary>Nearest rank: the smallest time that at least <paramref name="p"/> of <paramref name="times"/> do not exceed.</summary>
    public static TimeSpan Percentile(IReadOnlyList<TimeSpan> times, double p)
    {
        var sorted = times.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Accounts of another tenant in every benchmark database: what a tenant's summary must not pay for.</summary>
    public const int OtherTenantAccounts = 1_000;

    public const string DocsBegin = "<!-- summary-benchmark:begin (the table is written by SummaryBenchmarkTests) -->";

    public const string DocsEnd = "<!-- summary-benchmark:end -->";

    /// <summary>
    /// The explicit benchmark: for each size a database at production log levels with
    /// <see cref="OtherTenantAccounts"/> accounts in Globex and <c>accounts</c> in Acme (both with
    /// <c>history</c> older runs each) and one observed summary (statements and plans). Then the timed
    /// summaries go round robin over the sizes, one each per round, so a burst of load from elsewhere on a
    /// shared machine falls on every size alike instead of on whichever size was running.
    /// </summary>
    public static async Task<SummaryFigures> RunAsync(
        IReadOnlyList<(int Accounts, int History)> sizes, int warmUps, int repetitions, CancellationToken ct)
    {
        var beds = new List<(ConnectorsTestBed Bed, int Accounts, int History, int Runs, SummaryCapture Observed, List<TimeSpan> Times)>();
        try
        {
            foreach (var (accounts, history) in sizes)
            {
                var capture = new CommandCapture();
                var bed = await CreateBedAsync(capture, productionLogging: true);
                var other = await SummarySeed.SeedAsync(bed, bed.Globex, OtherTenantAccounts, ct, history: history);
                var seeded = await SummarySeed.SeedAsync(bed, bed.Acme, accounts, ct, history: history);
                var observed = await CaptureAsync(bed, capture, bed.Acme, ct);
                observed.Accounts.ShouldBe(accounts);
                beds.Add((bed, accounts, history, other.Runs + seeded.Runs, observed, new List<TimeSpan>(repetitions)));
            }

            for (var i = -warmUps; i < repetitions; i++)
            {
                foreach (var size in beds)
                {
                    var time = await TimeAsync(bed: size.Bed, tenantId: size.Bed.Acme, warmUps: 0, repetitions: 1, accounts: size.Accounts, ct);
                    if (i >= 0)
                    {
                        size.Times.Add(time.Single());
                    }
                }
            }
        }
        finally
        {
            foreach (var size in beds)
            {
                await size.Bed.DisposeAsync();
            }
        }

        var load = LoadAverage.ReadAll();
        var rows = beds.Select(b => new SummaryRow(b.Accounts, b.History, OtherTenantAccounts, b.Runs, b.Observed, b.Times)).ToList();
        return new SummaryFigures(rows, warmUps, repetitions, DateOnly.FromDateTime(DateTime.Now), load);
    }

    /// <summary>Replaces the table between <see cref="DocsBegin"/> and <see cref="DocsEnd"/> in docs/performance.md.</summary>
    public static void WriteIntoDocs(SummaryFigures figures)
    {
        var path = Path.Combine(RepositoryPaths.Root, "docs", "performance.md");
        var text = File.ReadAllText(path);
        var begin = text.IndexOf(DocsBegin, StringComparison.Ordinal);
        var end = text.IndexOf(DocsEnd, StringComparison.Ordinal);
        if (begin < 0 || end < begin)
        {
            throw new InvalidOperationException($"{path} has no '{DocsBegin}' … '{DocsEnd}' block.");
        }

        File.WriteAllText(path, text[..(begin + DocsBegin.Length)] + "\n" + figures.Table() + text[end..]);
    }
}
