using System.Data.Common;
using System.Globalization;
using System.Text;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Connectors.Domain.Vault;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Sync;

/// <summary>
/// The scheduler's throughput in the real app (Quartz, the default 5-second tick, 4 slots): 2,000 accounts on a
/// 15-minute cadence whose sync takes a fixed time. Phase 1 makes all of them due at once and prints the sustained
/// starts per minute against the most the slots allow (slots ÷ run time); phase 2 spreads them over the cadence
/// and prints the due → start latency and the backlog. Explicit — run it with
/// <c>dotnet test Connectors.Tests --filter "FullyQualifiedName~SchedulerThroughputBenchmark" -- xUnit.Explicit=only</c>.
/// </summary>
public sealed class SchedulerThroughputBenchmarkTests
{
    private const int Accounts = 2_000;
    private const int Slots = 4;
    private static readonly TimeSpan RunTime = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact(Explicit = true)]
    public async Task TwoThousandAccounts_PrintsSustainedStartsAgainstTheMaximumAndDueToStartLatency()
    {
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"load average at start: {LoadAverage.ReadAll() ?? "unknown"}");
        var maxPerMinute = Slots * (60 / RunTime.TotalSeconds);

        // Phase 1: everything due now — the slots alone bound the rate.
        var commands = new CommandTimes();
        await using (var app = App(commands))
        {
            var start = DateTime.UtcNow;
            await SeedAsync(app, _ => start.AddSeconds(-1));
            commands.Recording = true;

            // Sustained: a full window from the first start (the tick that first queues them comes within its
            // 5 seconds — the due → start latency, which phase 2 measures), so the slots alone bound the rate.
            await Task.Delay(Window + TimeSpan.FromSeconds(10), Ct);
            commands.Recording = false;
            var runs = await RunsSinceAsync(app, start);
            var first = runs.Min(r => r.StartedAt);
            var inWindow = runs.Where(r => r.StartedAt >= first && r.StartedAt < first + Window).ToList();
            var perMinute = inWindow.Count * 60 / Window.TotalSeconds;
            var fromDue = runs.Count(r => r.StartedAt < start + Window) * 60 / Window.TotalSeconds;
            report.AppendLine(CultureInfo.InvariantCulture,
                $"saturated: {perMinute:0} starts/min sustained over {Window.TotalSeconds:0} s from the first start ({(first - start).TotalSeconds:0.0} s after all were due); maximum {maxPerMinute:0} ({Slots} slots ÷ {RunTime.TotalMilliseconds:0} ms); ratio {perMinute / maxPerMinute:0.00}");
            report.AppendLine(CultureInfo.InvariantCulture,
                $"counting from the moment all were due instead: {fromDue:0} starts/min, ratio {fromDue / maxPerMinute:0.00}");

            // Where a slot's time goes: claim → finish (the runner and the connector) and the rest (saving the
            // outcome, handing the slot over, Quartz starting the job, the claim).
            var spans = inWindow.Where(r => r.FinishedAt is not null).Select(r => (r.FinishedAt!.Value - r.StartedAt).TotalMilliseconds).Order().ToList();
            var perRun = Slots * Window.TotalMilliseconds / Math.Max(1, inWindow.Count);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"per run: {perRun:0} ms of a slot; claim → finish p50 {Percentile(spans, 0.5):0} ms, p95 {Percentile(spans, 0.95):0} ms; the rest ≈ {perRun - Percentile(spans, 0.5):0} ms");
            report.AppendLine(CultureInfo.InvariantCulture,
                $"SQL commands while recording: {commands.Count} ({commands.Count / (double)Math.Max(1, runs.Count):0.0} per started run); slowest {commands.Slowest(5)}; ≥ 100 ms: {commands.AtLeast(100)}");
            report.AppendLine(CultureInfo.InvariantCulture, $"SQL time by statement: {commands.Totals(8)}");
            report.AppendLine(CultureInfo.InvariantCulture, $"slots not all busy: {IdleSpans(runs, first, first + Window)}");
        }

        // Phase 2: due times spread over the 15-minute cadence — 2,000 ÷ 15 ≈ 133 starts a minute are needed.
        await using (var app = App())
        {
            var start = DateTime.UtcNow;
            var due = await SeedAsync(app, n => start.AddSeconds(5 + (n * 15 * 60.0 / Accounts)));
            await Task.Delay(Window + TimeSpan.FromSeconds(10), Ct);
            var runs = await FirstRunsAsync(app);
            var latencies = runs.Where(r => due[r.Account] <= start + Window)
                .Select(r => (r.StartedAt - due[r.Account]).TotalSeconds).Order().ToList();
            var dueInWindow = due.Values.Count(d => d <= start + Window);
            var backlog = await BacklogAsync(app);
            report.AppendLine(CultureInfo.InvariantCulture,
                $"spread: {dueInWindow} due in {Window.TotalSeconds:0} s, {latencies.Count} started; due→start p50 {Percentile(latencies, 0.5):0.0} s, p95 {Percentile(latencies, 0.95):0.0} s, max {latencies.LastOrDefault():0.0} s; queued and ready at the end: {backlog}");
            latencies.Count.ShouldBe(dueInWindow);
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"load average at end: {LoadAverage.ReadAll() ?? "unknown"}");
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "scheduler-throughput.txt"), report.ToString(), Ct);
    }

    private static ConnectorsAppFactory App(CommandTimes? commands = null) => new(
        new Dictionary<string, string?>
        {
            ["Connectors:Sync:MaxConcurrentRuns"] = Slots.ToString(CultureInfo.InvariantCulture),
            ["Connectors:Sync:TickCron"] = "0/5 * * * * ?",
        },
        configure: (services, _) =>
        {
            services.AddConnector<FixedTimeConnector>();
            if (commands is not null)
            {
                services.ConfigureDbContext<SqliteConnectorsDbContext>(o => o.AddInterceptors(commands));
            }
        });

    /// <summary>Inserts the accounts (one prepared INSERT) with their due times; returns account → due.</summary>
    private static async Task<Dictionary<Guid, DateTime>> SeedAsync(ConnectorsAppFactory app, Func<int, DateTime> dueOf)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var tenantId = await WebSessionTenantAsync(scope.ServiceProvider);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var accounts = Enumerable.Range(0, Accounts).Select(n =>
        {
            var account = new ConnectorInstallation
            {
                TenantId = tenantId,
                ConnectorKey = FixedTimeConnector.ConnectorKey,
                Status = InstallationStatus.Active,
                CadenceMinutes = 15,
                NextSyncAt = dueOf(n),
                LastSuccessAt = DateTime.UtcNow.AddMinutes(-15),
                CreatedAt = DateTime.UtcNow,
                UpdatedAt = DateTime.UtcNow,
            };
            account.Rename($"Bench {n:D5}");
            return account;
        }).ToList();
        await PreparedInsert.InsertAsync(db, accounts, Ct);
        return accounts.ToDictionary(a => a.Id, a => a.NextSyncAt!.Value);
    }

    private static async Task<Guid> WebSessionTenantAsync(IServiceProvider services)
    {
        await using var db = services.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.Tenants.Where(t => t.Slug == "acme").Select(t => t.Id).SingleAsync(Ct);
    }

    private static async Task<List<(DateTime StartedAt, DateTime? FinishedAt)>> RunsSinceAsync(ConnectorsAppFactory app, DateTime since)
    {
        await using var scope = app.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<TenantContext>().BeginCrossTenantScan();
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var runs = await db.SyncRuns.AsNoTracking().Where(r => r.StartedAt != null)
            .Select(r => new { StartedAt = r.StartedAt!.Value, r.FinishedAt }).ToListAsync(Ct);
        return [.. runs.Where(r => r.StartedAt >= since).Select(r => (r.StartedAt, r.FinishedAt))];
    }

    /// <summary>The spans in the window when fewer than <see cref="Slots"/> runs were between claim and finish: how
    /// many, their total, and the longest — many short ones are the cost between runs, few long ones a slot left idle.</summary>
    private static string IdleSpans(List<(DateTime StartedAt, DateTime? FinishedAt)> runs, DateTime from, DateTime to)
    {
        var events = runs.SelectMany(r => new[] { (At: r.StartedAt, Delta: 1), (At: r.FinishedAt ?? to, Delta: -1) })
            .Where(e => e.At >= from && e.At <= to).OrderBy(e => e.At).ThenBy(e => e.Delta).ToList();
        var busy = runs.Count(r => r.StartedAt < from && (r.FinishedAt ?? to) > from);
        var spans = new List<double>();
        DateTime? since = busy < Slots ? from : null;
        foreach (var (at, delta) in events)
        {
            busy += delta;
            if (busy < Slots && since is null)
            {
                since = at;
            }
            else if (busy >= Slots && since is { } began)
            {
                spans.Add((at - began).TotalMilliseconds);
                since = null;
            }
        }

        spans.Sort();
        return FormattableString.Invariant(
            $"{spans.Count} spans, {spans.Sum() / 1000:0.0} s in all; p50 {Percentile(spans, 0.5):0} ms, p95 {Percentile(spans, 0.95):0} ms; longest {string.Join(", ", spans.TakeLast(5).Reverse().Select(s => $"{s:0}"))} ms");
    }

    /// <summary>Every SQL command's text and time while recording (an EF interceptor on every context).</summary>
    private sealed class CommandTimes : DbCommandInterceptor
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<(double Ms, string Sql)> _commands = new();

        public bool Recording { get; set; }

        public int Count => _commands.Count;

        public string Slowest(int n) => string.Join("; ", _commands.OrderByDescending(c => c.Ms).Take(n)
            .Select(c => FormattableString.Invariant($"{c.Ms:0} ms {Short(c.Sql)}")));

        public int AtLeast(double ms) => _commands.Count(c => c.Ms >= ms);

        /// <summary>Total time by statement (its first words), the costliest first.</summary>
        public string Totals(int n) => string.Join("; ", _commands.GroupBy(c => Short(c.Sql)[..Math.Min(60, Short(c.Sql).Length)])
            .OrderByDescending(g => g.Sum(c => c.Ms)).Take(n)
            .Select(g => FormattableString.Invariant($"{g.Sum(c => c.Ms):0} ms ×{g.Count()} {g.Key}")));

        private static string Short(string sql) => sql.ReplaceLineEndings(" ") is var one && one.Length > 90 ? one[..90] : one;

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            Record(command, eventData);
            return base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
        {
            Record(command, eventData);
            return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
        }

        public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
        {
            Record(command, eventData);
            return base.ScalarExecutedAsync(command, eventData, result, cancellationToken);
        }

        private void Record(DbCommand command, CommandExecutedEventData eventData)
        {
            if (Recording)
            {
                _commands.Enqueue((eventData.Duration.TotalMilliseconds, command.CommandText));
            }
        }
    }

    private static async Task<List<(Guid Account, DateTime StartedAt)>> FirstRunsAsync(ConnectorsAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<TenantContext>().BeginCrossTenantScan();
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var runs = await db.SyncRuns.AsNoTracking().Where(r => r.StartedAt != null)
            .Select(r => new { r.InstallationId, StartedAt = r.StartedAt!.Value }).ToListAsync(Ct);
        return [.. runs.GroupBy(r => r.InstallationId).Select(g => (g.Key, g.Min(r => r.StartedAt)))];
    }

    private static async Task<int> BacklogAsync(ConnectorsAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<SyncScheduler>().BacklogAsync(Ct);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];


    /// <summary>A connector whose every sync takes <see cref="RunTime"/> and reads nothing.</summary>
    public sealed class FixedTimeConnector(OAuthStateStore states, CredentialVault vault) : CredentialConnector(states, vault)
    {
        public const string ConnectorKey = "fixed-time";

        public override string Key => ConnectorKey;

        public override string DisplayName => "Fixed time";

        public override FormSchema CredentialForm { get; } = new([
            new FormField("token", "Token", FieldType.Password, FieldTarget.Secret) { Required = true },
        ]);

        public override Task<HealthStatus> HealthAsync(ConnectorAccount account, CancellationToken ct) =>
            Task.FromResult(HealthStatus.Healthy("Fixed."));

        public override async Task<SyncResult> SyncFullAsync(SyncContext context, CancellationToken ct)
        {
            await Task.Delay(RunTime, ct);
            return SyncResult.Empty;
        }

        public override Task<SyncResult> SyncIncrementalAsync(SyncContext context, DateTime? since, CancellationToken ct) =>
            SyncFullAsync(context, ct);

        protected override Task VerifyCredentialsAsync(ConnectorAccount account, IReadOnlyDictionary<string, string> secrets, CancellationToken ct) =>
            Task.CompletedTask;
    }
}
