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
