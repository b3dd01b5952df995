using System.Diagnostics;
using System.Globalization;
using System.Text;
using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Tests.Infrastructure;
using Connectors.Tests.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

/// <summary>Explicit: the read summary's steps (each query, the in-memory shaping) timed one by one at 1,000 and
/// 10,000 accounts, with the GC pauses, allocations and collections of each — how the superlinear step of issue 14
/// was found. Run with <c>--filter "FullyQualifiedName~SummaryStepsProfile" -- xUnit.Explicit=only</c>.</summary>
public sealed class SummaryStepsProfile
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Explicit = true)]
    public async Task Profile()
    {
        var sizes = new[] { 1_000, 10_000 };
        var beds = new List<(Infrastructure.ConnectorsTestBed Bed, int Accounts, Dictionary<string, List<double>> Steps)>();
        try
        {
            foreach (var n in sizes)
            {
                var bed = await SummaryBenchmark.CreateBedAsync(new CommandCapture(), productionLogging: true);
                await SummarySeed.SeedAsync(bed, bed.Globex, 1_000, Ct);
                await SummarySeed.SeedAsync(bed, bed.Acme, n, Ct);
                beds.Add((bed, n, []));
            }

            for (var round = -5; round < 20; round++)
            {
                foreach (var (bed, n, steps) in beds)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                    var times = await StepsAsync(bed, n);
                    if (round >= 0)
                    {
                        foreach (var (name, ms) in times)
                        {
                            (steps.TryGetValue(name, out var list) ? list : steps[name] = []).Add(ms);
                        }
                    }
                }
            }
        }
        finally
        {
            foreach (var b in beds)
            {
                await b.Bed.DisposeAsync();
            }
        }

        var text = new StringBuilder($"culture '{CultureInfo.CurrentCulture.Name}'\n| step | 1k ms | 10k ms | ratio |\n");
        foreach (var name in beds[0].Steps.Keys)
        {
            var a = Median(beds[0].Steps[name]);
            var b = Median(beds[1].Steps[name]);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {a:F2} | {b:F2} | {b / a:F1} |");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"gc {System.Runtime.GCSettings.IsServerGC} {System.Runtime.GCSettings.LatencyMode} {AppContext.GetData("GCgen0size")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"load {LoadAverage.ReadAll()}");
        TestContext.Current.TestOutputHelper?.WriteLine(text.ToString());
    }

    /// <summary>The statement EF Core sends, run through the ADO.NET reader alone (no materialization): what
    /// SQLite and Microsoft.Data.Sqlite cost by themselves.</summary>
    private static async Task RawAsync(Microsoft.EntityFrameworkCore.DbContext db, string sql, bool readValues)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync(Ct);
        }

        var lines = sql.Split('\n');
        await using var command = connection.CreateCommand();
        foreach (var line in lines.TakeWhile(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
        {
            var parts = line.Split(' ', 4);
            var p = command.CreateParameter();
            p.ParameterName = parts[2];
            p.Value = parts[3].Trim('\'');
            command.Parameters.Add(p);
        }

        command.CommandText = string.Join('\n', lines.SkipWhile(l => l.StartsWith(".param set ", StringComparison.Ordinal)));
        await using var reader = await command.ExecuteReaderAsync(Ct);
        var count = 0;
        while (await reader.ReadAsync(Ct))
        {
            count++;
            if (readValues)
            {
                for (var c = 0; c < reader.FieldCount; c++)
                {
                    _ = reader.IsDBNull(c) ? null : reader.GetValue(c);
                }
            }
        }

        count.ShouldBeGreaterThan(0);
    }

    private static double Median(List<double> l) => l.Order().ElementAt(l.Count / 2);

    private static async Task<List<(string, double)>> StepsAsync(Infrastructure.ConnectorsTestBed bed, int n)
    {
        var result = new List<(string, double)>();
        var clock = Stopwatch.StartNew();
        var pause = GC.GetTotalPauseDuration();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        int[] counts = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        void Lap(string name)
        {
            result.Add((name, clock.Elapsed.TotalMilliseconds));
            result.Add((name + " [gc pause ms]", (GC.GetTotalPauseDuration() - pause).TotalMilliseconds));
            result.Add((name + " [alloc MB]", (GC.GetAllocatedBytesForCurrentThread() - allocated) / 1e6));
            result.Add((name + " [gen0/1/2]", (GC.CollectionCount(0) - counts[0]) * 10000 + (GC.CollectionCount(1) - counts[1]) * 100 + (GC.CollectionCount(2) - counts[2])));
            pause = GC.GetTotalPauseDuration();
            allocated = GC.GetAllocatedBytesForCurrentThread();
            counts = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
            clock.Restart();
        }

        var total = Stopwatch.StartNew();
        await using var scope = bed.As(bed.Acme, Domain.Tenancy.TenantRole.Admin);
        var store = scope.ServiceProvider.GetRequiredService<AccountStore>();
        var registry = scope.ServiceProvider.GetRequiredService<ConnectorRegistry>();
        var options = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<Domain.ConnectorsOptions>>();
        var tenantId = bed.Acme;
        await using var db = store.Open();
        Lap("scope+context");
        var installations = await db.Installations.AsNoTracking().Where(i => i.TenantId == tenantId).ToListAsync(Ct);
        Lap("sql installations as whole entities (before)");
        installations.Count.ShouldBe(n);
        installations = null;
        var defaultProject = await store.TenantDefaultProjectAsync(db, tenantId, Ct);
        Lap("sql default project");
        await RawAsync(db, AccountQueries.AccountRowsQuery(db, tenantId).ToQueryString(), readValues: false);
        Lap("raw sqlite: account rows stepped, no values read");
        await RawAsync(db, AccountQueries.AccountRowsQuery(db, tenantId).ToQueryString(), readValues: true);
        Lap("raw sqlite: account rows, every value read as text");
        await RawAsync(db, AccountQueries.LastRunsQuery(db, tenantId).ToQueryString(), readValues: false);
        Lap("raw sqlite: newest runs stepped, no values read");
        var lastRuns = await AccountQueries.LastRunsAsync(db, tenantId, Ct);
        Lap("sql last runs, streamed into the dictionary");
        var builder = new AccountQueries.SummaryBuilder(registry.All, options.Value, defaultProject, lastRuns);
        await foreach (var row in AccountQueries.AccountRowsQuery(db, tenantId).AsAsyncEnumerable().WithCancellation(Ct))
        {
            builder.Add(row);
        }

        Lap("sql installations (projection) streamed into their summaries");
        var summary = builder.Build();
        Lap("sort and connectors");
        summary.Sum(c => c.Accounts.Count).ShouldBe(n);
        result.Add(("TOTAL (steps)", total.Elapsed.TotalMilliseconds));
        Lap("end");
        total.Restart();
        await using (var s2 = bed.As(bed.Acme, Domain.Tenancy.TenantRole.Admin))
        {
            (await s2.ServiceProvider.GetRequiredService<AccountQueries>().GetSummaryAsync(Ct)).Sum(c => c.Accounts.Count).ShouldBe(n);
        }

        result.Add(("GetSummaryAsync (real)", total.Elapsed.TotalMilliseconds));
        Lap("real");
        return result;
    }
}
