using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.Tests.Sync;

/// <summary>The accounts a benchmark database holds.</summary>
/// <param name="Accounts">All accounts, every status.</param>
/// <param name="Due">Active accounts whose next sync has come and that have no queued or running run.</param>
/// <param name="Tenants">Tenants the accounts are spread over (round robin).</param>
/// <param name="Stopped">Paused, Error and NeedsReconnect accounts whose next sync time has passed (never due).</param>
/// <param name="AlreadyQueued">Active accounts past their next sync that already have a queued Manual run (never queued again).</param>
public sealed record SchedulerTickShape(int Accounts, int Due, int Tenants, int Stopped, int AlreadyQueued)
{
    /// <summary>The rest: Active accounts whose next sync is 1–60 minutes away.</summary>
    public int NotYetDue => Accounts - Due - Stopped - AlreadyQueued;
}

/// <summary>What was seeded: the ids the tick must queue and the ones it must leave alone.</summary>
public sealed record SchedulerTickSeed(
    SchedulerTickShape Shape, DateTime Now, IReadOnlyList<Guid> DueIds, IReadOnlyList<Guid> AlreadyQueuedIds, IReadOnlyList<Guid> TenantIds, TimeSpan SeedTime);

/// <summary>One SQL statement the tick sent, with the parameters it was sent with.</summary>
public sealed record CapturedCommand(string Sql, IReadOnlyList<(string Name, object? Value, SqliteType Type)> Parameters)
{
    public string Verb => Sql.TrimStart().Split(' ', 2)[0].ToUpperInvariant();

    /// <summary>The due query: the SELECT over the installations table that looks for accounts without an active run.</summary>
    public bool IsDueQuery => IsOverInstallations && Sql.Contains("\"SyncRuns\"", StringComparison.Ordinal);

    /// <summary>After a batch is inserted: are its accounts still as the due query saw them.</summary>
    public bool IsStillDueCheck => IsOverInstallations && !IsDueQuery;

    private bool IsOverInstallations => Verb == "SELECT" && Sql.Contains("FROM \"ConnectorInstallations\"", StringComparison.Ordinal);
}

/// <summary>One tick observed statement by statement (untimed), with the query plan of its due query.</summary>
public sealed record SchedulerTickCapture(int Queued, IReadOnlyList<Guid> QueuedIds, int Dispatchable, IReadOnlyList<CapturedCommand> Commands, IReadOnlyList<string> DuePlan)
{
    public CapturedCommand DueQuery => Commands.First(c => c.IsDueQuery);

    public int DueQueries => Commands.Count(c => c.IsDueQuery);

    /// <summary>Statements by kind, e.g. "SELECT … FROM SyncRuns ×2, due query (…) ×11, INSERT ×1000".</summary>
    public string Summary => string.Join(", ", Commands
        .GroupBy(c => c.IsDueQuery ? "due query (SELECT … FROM ConnectorInstallations)"
            : c.IsStillDueCheck ? "still-due check (SELECT … FROM ConnectorInstallations)"
            : c.Verb == "SELECT" ? "SELECT … FROM SyncRuns" : c.Verb)
        .Select(g => $"{g.Key} ×{g.Count()}"));
}

/// <summary>Median times of the timed repetitions.</summary>
public sealed record SchedulerTickFigures(
    SchedulerTickSeed Seed, SchedulerTickCapture Capture, int WalkerDue, int WalkerQueries, IReadOnlyList<string> WalkerPlan,
    IReadOnlyList<TimeSpan> Ticks, IReadOnlyList<TimeSpan> Recovers, IReadOnlyList<TimeSpan> Queues, IReadOnlyList<TimeSpan> Dispatches,
    IReadOnlyList<TimeSpan> Walks)
{
    public TimeSpan Tick => Median(Ticks);

    public TimeSpan Walker => Median(Walks);

    /// <summary>Tick time as a fraction of the walker's (target ≤ 0.05).</summary>
    public double Ratio => Tick.TotalSeconds / Walker.TotalSeconds;

    public static TimeSpan Median(IReadOnlyList<TimeSpan> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    public override string ToString()
    {
        var shape = Seed.Shape;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"{shape.Accounts:N0} accounts in {shape.Tenants} tenants ({shape.Due:N0} due, {shape.AlreadyQueued} due with a run already queued, " +
            $"{shape.Stopped:N0} paused/error/needs-reconnect past due, {shape.NotYetDue:N0} not yet due; one finished run each), seeded in {Seed.SeedTime.TotalSeconds:F1} s");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"tick (recover stale + queue due + list dispatchable) median {Ms(Tick)} over {Ticks.Count} runs after {SchedulerTickBenchmark.WarmUps} warm-ups [{string.Join(", ", Ticks.Select(Ms))}]: " +
            $"recover {Ms(Median(Recovers))}, queue due {Ms(Median(Queues))}, dispatchable {Ms(Median(Dispatches))}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"walker (every account in chunks of 100 by primary key, Active and due checked in memory) median {Ms(Walker)} [{string.Join(", ", Walks.Select(Ms))}], {WalkerQueries:N0} queries, found {WalkerDue:N0} due");
        text.AppendLine(CultureInfo.InvariantCulture, $"ratio tick / walker {Ratio:P1} (target ≤ 5 %)");
        text.AppendLine(CultureInfo.InvariantCulture, $"tick queued {Capture.Queued:N0}, listed {Capture.Dispatchable} dispatchable; statements: {Capture.Summary}");
        text.AppendLine("due query as executed:");
        text.AppendLine(Capture.DueQuery.Sql);
        text.AppendLine("EXPLAIN QUERY PLAN:");
        foreach (var line in Capture.DuePlan)
        {
            text.AppendLine(line);
        }

        text.AppendLine("walker's chunk query, EXPLAIN QUERY PLAN:");
        foreach (var line in WalkerPlan)
        {
            text.AppendLine(line);
        }

        return text.ToString();
    }

    private static string Ms(TimeSpan t) => $"{t.TotalMilliseconds:F0} ms";
}

/// <summary>Records the statements EF sends while <see cref="Recording"/> is on.</summary>
public sealed class CommandCapture : DbCommandInterceptor
{
    private readonly ConcurrentQueue<CapturedCommand> _commands = new();

    public bool Recording { get; set; }

    public IReadOnlyList<CapturedCommand> Commands => [.. _commands];

    public void Clear() => _commands.Clear();

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Record(DbCommand command)
    {
        if (Recording)
        {
            _commands.Enqueue(new CapturedCommand(command.CommandText, [.. command.Parameters.Cast<SqliteParameter>()
                .Select(p => (p.ParameterName, p.Value, p.SqliteType))]));
        }
    }
}

/// <summary>
/// The scheduler's tick (recover stale runs, queue a run for every due account, list the
/// dispatchable runs) over many accounts on a real migrated SQLite file, against a reference walker that
/// loads every Active account in chunks of 100 and checks due-ness in memory. Times are printed, never
/// asserted; the structure (what gets queued, which statements run, the due query's plan) is.
/// </summary>
public static partial class SchedulerTickBenchmark
{
    /// <summary>The dispatcher's look-up size: one batch.</summary>
    public const int DispatchMax = SyncScheduler.BatchSize;

    public const string StatusIndex = "IX_ConnectorInstallations_Status_NextSyncAt";

    /// <summary>A test bed whose contexts report every statement to <paramref name="capture"/>.</summary>
    public static Task<ConnectorsTestBed> CreateBedAsync(CommandCapture capture, bool productionLogging) =>
        ConnectorsTestBed.CreateAsync(configure: (services, _) =>
        {
            services.ConfigureDbContext<SqliteConnectorsDbContext>(o => o.AddInterceptors(capture));
            if (productionLogging)
            {
                // The test bed logs EF at Trace: that alone would dominate the timings.
                services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
            }
        });

    /// <summary>Untimed tick + walk rounds before the timed ones (JIT tiers, SQLite page cache).</summary>
    public const int WarmUps = 3;

    /// <summary>The explicit benchmark: seed, observe one tick, warm up, then time ticks and walks alternately.</summary>
    public static async Task<SchedulerTickFigures> RunAsync(SchedulerTickShape shape, int repetitions, CancellationToken ct)
    {
        var capture = new CommandCapture();
        await using var bed = await CreateBedAsync(capture, productionLogging: true);
        var seed = await SeedAsync(bed, shape, ct);

        // Observed tick and walk: every statement recorded (they count as the first warm-up round).
        var observed = await CaptureTickAsync(bed, capture, ct);
        await ResetAsync(bed, ct);
        capture.Clear();
        capture.Recording = true;
        var walkerDue = await WalkAsync(bed, seed.Now, ct);
        capture.Recording = false;
        var walkerChunks = capture.Commands.Count;
        var walkerPlan = await ExplainAsync(bed, capture.Commands[^1], ct);
        walkerDue.ShouldBe(shape.Due + shape.AlreadyQueued);

        List<TimeSpan> ticks = [], recovers = [], queues = [], dispatches = [], walks = [];
        for (var i = 1 - WarmUps; i < repetitions; i++)
        {
            Settle();
            var (tick, recover, queue, dispatch, queued) = await TimeTickAsync(bed, ct);
            queued.ShouldBe(seed.DueIds.Count);
            await ResetAsync(bed, ct);

            Settle();
            var clock = Stopwatch.StartNew();
            (await WalkAsync(bed, seed.Now, ct)).ShouldBe(walkerDue);
            var walk = clock.Elapsed;
            if (i >= 0)
            {
                ticks.Add(tick);
                recovers.Add(recover);
                queues.Add(queue);
                dispatches.Add(dispatch);
                walks.Add(walk);
            }
        }

        return new SchedulerTickFigures(seed, observed, walkerDue, walkerChunks, walkerPlan, ticks, recovers, queues, dispatches, walks);
    }

    /// <summary>No garbage left from the previous step to collect inside the next timed one.</summary>
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    /// <summary>
    /// Inserts the accounts (spread over the tenants, alternating the two fake connectors, unique labels)
    /// and one finished run per account through prepared statements in one transaction per table — the
    /// columns and value conversions come from the EF model, so EF reads the rows back as its own.
    /// </summary>
    public static async Task<SchedulerTickSeed> SeedAsync(ConnectorsTestBed bed, SchedulerTickShape shape, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        List<Guid> tenants = [bed.Acme, bed.Globex];
        for (var t = tenants.Count; t < shape.Tenants; t++)
        {
            tenants.Add(await bed.Database.AddTenantAsync($"tenant-{t}", "default"));
        }

        var now = bed.Clock.GetUtcNow().UtcDateTime;
        var accounts = new List<ConnectorInstallation>(shape.Accounts);
        var runs = new List<SyncRun>(shape.Accounts + shape.AlreadyQueued);
        List<Guid> due = [], alreadyQueued = [];
        InstallationStatus[] stoppedStatuses = [InstallationStatus.Paused, InstallationStatus.Error, InstallationStatus.NeedsReconnect];
        var kinds = Kinds(shape);
        var stopped = 0;
        for (var n = 0; n < shape.Accounts; n++)
        {
            var kind = kinds[n];
            var tenantId = tenants[n % tenants.Count];
            var account = new ConnectorInstallation
            {
                TenantId = tenantId,
                ConnectorKey = n % 2 == 0 ? TestMailConnector.ConnectorKey : TestDriveConnector.ConnectorKey,
                ProjectKey = n % 5 == 0 ? "default" : null,
                Status = kind == 's' ? stoppedStatuses[stopped++ % stoppedStatuses.Length] : InstallationStatus.Active,
                ConfigJson = $$"""{"auth_mode":"basic","host":"imap.t{{n % tenants.Count}}.test","port":993,"username":"box{{n:D6}}@t{{n % tenants.Count}}.test"}""",
                TestStatus = ConnectionTestStatus.Passed,
                LastTestedAt = now.AddDays(-3),
                LastSyncAt = now.AddMinutes(-20),
                LastSuccessAt = n % 10 == 0 ? null : now.AddMinutes(-20),
                NextSyncAt = kind switch
                {
                    'd' => now.AddSeconds(-(due.Count * 7 % 900) - 1),
                    'q' or 's' => now.AddMinutes(-(n % 120) - 1),
                    _ => now.AddSeconds((n % 3600) + 60),
                },
                CreatedAt = now.AddDays(-30),
                CreatedBy = "seed",
                UpdatedAt = now.AddMinutes(-20),
                UpdatedBy = "seed",
            };
            account.Rename($"Box {n:D6}");
            accounts.Add(account);
            runs.Add(new SyncRun
            {
                TenantId = tenantId, InstallationId = account.Id, Trigger = SyncTrigger.Schedule, Kind = SyncKind.Incremental,
                Status = SyncRunStatus.Succeeded, QueuedAt = now.AddMinutes(-21), StartedAt = now.AddMinutes(-21),
                HeartbeatAt = now.AddMinutes(-20), FinishedAt = now.AddMinutes(-20), Seen = 40, Added = 2, Updated = 1,
            });
            switch (kind)
            {
                case 'd':
                    due.Add(account.Id);
                    break;
                case 'q':
                    alreadyQueued.Add(account.Id);
                    runs.Add(new SyncRun
                    {
                        TenantId = tenantId, InstallationId = account.Id, Trigger = SyncTrigger.Manual, Kind = SyncKind.Incremental,
                        Status = SyncRunStatus.Queued, QueuedAt = now.AddMinutes(-1),
                    });
                    break;
            }
        }

        due.Count.ShouldBe(shape.Due);
        alreadyQueued.Count.ShouldBe(shape.AlreadyQueued);
        stopped.ShouldBe(shape.Stopped);
        await using (var scope = bed.Database.Services.CreateAsyncScope())
        await using (var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext())
        {
            await PreparedInsert.InsertAsync(db, accounts, ct);
            await PreparedInsert.InsertAsync(db, runs, ct);
        }

        return new SchedulerTickSeed(shape, now, due, alreadyQueued, tenants, clock.Elapsed);
    }

    /// <summary>Each account's kind — d(ue), q(ueued already), s(topped), a(ctive, not yet due) — interleaved
    /// over the whole table rather than clustered in insertion order.</summary>
    private static char[] Kinds(SchedulerTickShape shape)
    {
        var kinds = Enumerable.Repeat('a', shape.Accounts).ToArray();
        for (var i = 0; i < shape.Due; i++)
        {
            kinds[(int)((long)i * shape.Accounts / shape.Due)] = 'd';
        }

        Place('q', shape.AlreadyQueued, start: 1, stride: 97);
        Place('s', shape.Stopped, start: 2, stride: 31);
        return kinds;

        void Place(char kind, int count, int start, int stride)
        {
            for (var k = 0; k < count; k++)
            {
                var at = (int)((start + ((long)k * stride)) % shape.Accounts);
                while (kinds[at] != 'a')
                {
                    at = (at + 1) % shape.Accounts;
                }

                kinds[at] = kind;
            }
        }
    }

    /// <summary>One full tick with every statement recorded, then the plan of its due query as SQLite runs it.</summary>
    public static async Task<SchedulerTickCapture> CaptureTickAsync(ConnectorsTestBed bed, CommandCapture capture, CancellationToken ct)
    {
        capture.Clear();
        capture.Recording = true;
        int queued, dispatchable;
        try
        {
            await using var scope = bed.Database.Services.CreateAsyncScope();
            var scheduler = scope.ServiceProvider.GetRequiredService<SyncScheduler>();
            await scheduler.RecoverStaleAsync(ct);
            queued = await scheduler.QueueDueAsync(ct);
            dispatchable = (await scheduler.DispatchableAsync(DispatchMax, ct)).Count;
        }
        finally
        {
            capture.Recording = false;
        }

        var commands = capture.Commands;
        var due = commands.FirstOrDefault(c => c.IsDueQuery) ?? throw new InvalidOperationException("The tick sent no due query.");
        var plan = await ExplainAsync(bed, due, ct);
        var queuedIds = await ScheduledRunAccountsAsync(bed, ct);
        return new SchedulerTickCapture(queued, queuedIds, dispatchable, commands, plan);
    }

    /// <summary>The table alias EF gave the installations table in <paramref name="sql"/> ("c").</summary>
    public static string InstallationsAlias(string sql) => InstallationsAliasPattern().Match(sql) is { Success: true } m
        ? m.Groups[1].Value
        : "ConnectorInstallations";

    /// <summary>SQLite's EXPLAIN QUERY PLAN of a captured statement with its parameters, one line per step, indented by depth.</summary>
    public static async Task<IReadOnlyList<string>> ExplainAsync(ConnectorsTestBed bed, CapturedCommand statement, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(bed.Database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + statement.Sql;
        foreach (var (name, value, type) in statement.Parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, type) { Value = value ?? DBNull.Value });
        }

        var depth = new Dictionary<long, int> { [0] = 0 };
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetInt64(0);
            var level = depth.GetValueOrDefault(reader.GetInt64(1)) + 1;
            depth[id] = level;
            lines.Add(new string(' ', (level - 1) * 2) + "|--" + reader.GetString(3));
        }

        return lines;
    }

    /// <summary>Accounts with a queued Schedule run: the ones the tick queued.</summary>
    private static async Task<List<Guid>> ScheduledRunAccountsAsync(ConnectorsTestBed bed, CancellationToken ct)
    {
        await using var scope = bed.Database.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<TenantContext>().BeginCrossTenantScan();
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.SyncRuns.AsNoTracking()
            .Where(r => r.Status == SyncRunStatus.Queued && r.Trigger == SyncTrigger.Schedule)
            .Select(r => r.InstallationId).ToListAsync(ct);
    }

    private static async Task<(TimeSpan Tick, TimeSpan Recover, TimeSpan Queue, TimeSpan Dispatch, int Queued)> TimeTickAsync(
        ConnectorsTestBed bed, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        // A fresh scope, as each Quartz job execution has its own.
        await using var scope = bed.Database.Services.CreateAsyncScope();
        var scheduler = scope.ServiceProvider.GetRequiredService<SyncScheduler>();
        await scheduler.RecoverStaleAsync(ct);
        var recover = clock.Elapsed;
        var queued = await scheduler.QueueDueAsync(ct);
        var queue = clock.Elapsed;
        (await scheduler.DispatchableAsync(DispatchMax, ct)).Count.ShouldBeGreaterThan(0);
        var tick = clock.Elapsed;
        return (tick, recover, queue - recover, tick - queue, queued);
    }

    /// <summary>Removes the runs a tick queued so the next tick does the same work (and checkpoints the WAL).</summary>
    public static async Task ResetAsync(ConnectorsTestBed bed, CancellationToken ct)
    {
        await using var connection = new SqliteConnection(bed.Database.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM \"SyncRuns\" WHERE \"Status\" = 'Queued' AND \"Trigger\" = 'Schedule'; PRAGMA wal_checkpoint(TRUNCATE);";
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// The reference: a scheduler without the (Status, NextSyncAt) index — load every account, 100 at a time
    /// (keyset on the primary key, entities materialized), and check in memory whether it is Active and its
    /// next sync has come. Returns how many it found due (it cannot tell the accounts that already have a
    /// queued run). Status stays out of the SQL on purpose: with <c>Status = 'Active'</c> there SQLite picks the
    /// Status index and sorts every Active account by Id for each chunk — quadratic, a minute for 100,000
    /// accounts, which would flatter the tick.
    /// </summary>
    public static async Task<int> WalkAsync(ConnectorsTestBed bed, DateTime now, CancellationToken ct)
    {
        await using var scope = bed.Database.Services.CreateAsyncScope();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>();
        using var _ = scope.ServiceProvider.GetRequiredService<TenantContext>().BeginCrossTenantScan();
        var due = 0;
        Guid? last = null;
        while (true)
        {
            List<ConnectorInstallation> chunk;
            await using (var db = factory.CreateDbContext())
            {
                var accounts = db.Installations.AsNoTracking();
                if (last is { } after)
                {
                    accounts = accounts.Where(i => i.Id.CompareTo(after) > 0);
                }

                chunk = await accounts.OrderBy(i => i.Id).Take(SyncScheduler.BatchSize).ToListAsync(ct);
            }

            if (chunk.Count == 0)
            {
                return due;
            }

            due += chunk.Count(i => i.Status == InstallationStatus.Active && i.NextSyncAt <= now);
            last = chunk[^1].Id;
        }
    }

    [GeneratedRegex("FROM \"ConnectorInstallations\" AS \"(\\w+)\"")]
    private static partial Regex InstallationsAliasPattern();
}
