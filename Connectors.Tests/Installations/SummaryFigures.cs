using System.Globalization;
using System.Text;

namespace Connectors.Tests.Installations;

/// <summary>One size of the read-summary benchmark.</summary>
/// <param name="Accounts">Accounts in the tenant read.</param>
/// <param name="History">Older finished runs per account that ran (see <see cref="SummarySeed"/>).</param>
/// <param name="OtherAccounts">Accounts of another tenant in the same database (never read).</param>
/// <param name="Runs">Runs in the database, every tenant.</param>
public sealed record SummaryRow(int Accounts, int History, int OtherAccounts, int Runs, SummaryCapture Capture, IReadOnlyList<TimeSpan> Times)
{
    public int Statements => Capture.Commands.Count;

    public TimeSpan Median => SummaryBenchmark.Percentile(Times, 0.5);

    public TimeSpan P95 => SummaryBenchmark.Percentile(Times, 0.95);
}

/// <summary>The benchmark's rows and the markdown table docs/performance.md carries.</summary>
/// <param name="LoadAverage">The machine's 1/5/15-minute load average when the run ended (Linux), since other
/// builds on a shared 2-core machine move the times more than anything measured here.</param>
public sealed record SummaryFigures(IReadOnlyList<SummaryRow> Rows, int WarmUps, int Repetitions, DateOnly Date, string? LoadAverage)
{
    public string Table()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| accounts read ({Date:yyyy-MM-dd}) | older runs per account | runs in the database | SQL commands | median | p95 |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var row in Rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Accounts:N0} | {row.History} | {row.Runs:N0} | {row.Statements} | {Ms(row.Median)} | {Ms(row.P95)} |");
        }

        text.Append(CultureInfo.InvariantCulture,
            $"\n{Environment.ProcessorCount} cores, {Rows[0].OtherAccounts:N0} accounts of another tenant in every database; " +
            $"median and p95 (nearest rank) of {Repetitions} summaries after {WarmUps} warm-ups, " +
            $"{(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC, no collection forced between summaries");
        text.Append(LoadAverage is null ? ".\n" : $"; load average {LoadAverage} at the end.\n");
        var (thousand, tenThousand) = (Row(1_000), Row(10_000));
        if (thousand is not null && tenThousand is not null)
        {
            text.Append(CultureInfo.InvariantCulture,
                $"\n10,000 / 1,000 accounts (no older runs): {Ratio(tenThousand.Median, thousand.Median)} × the median, " +
                $"{Ratio(tenThousand.P95, thousand.P95)} × the p95 (linear would be 10 ×).\n");
        }

        return text.ToString();
    }

    public override string ToString()
    {
        var text = new StringBuilder(Table());
        var largest = Rows.MaxBy(r => r.Accounts * (r.History + 1))!;
        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"statements and plans at {largest.Accounts:N0} accounts:");
        text.AppendLine(largest.Capture.ToString());
        return text.ToString();
    }

    private SummaryRow? Row(int accounts) => Rows.FirstOrDefault(r => r.Accounts == accounts && r.History == 0);

    private static string Ratio(TimeSpan a, TimeSpan b) => string.Create(CultureInfo.InvariantCulture, $"{a / b:F1}");

    private static string Ms(TimeSpan t) => t.TotalMilliseconds < 10
        ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:F1} ms")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:N0} ms");
}
