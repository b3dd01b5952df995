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

/// <summary>The benchmark's accounts: seeded straight into the tables, as many as the shape asks for.</summary>
public static partial class SchedulerTickBenchmark
{
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
}
