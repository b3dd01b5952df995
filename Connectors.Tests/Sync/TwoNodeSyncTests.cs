using System.Text.Json;
using Connectors.Domain.Accounts;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Sync;

/// <summary>
/// Scale-out on the embedded database: two app processes share one SQLite file and both tick every
/// second. 200 due IMAP accounts (fake ping mailbox, 3 messages each) must each be synced exactly
/// once — the filtered unique index keeps one queued run per account and the claim is one
/// conditional UPDATE, so no run is executed twice whichever node sees it first.
/// </summary>
public sealed class TwoNodeSyncTests
{
    private const int Accounts = 200;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoProcessesTickingOneDatabase_TwoHundredDueAccounts_EachSyncedExactlyOnce()
    {
        var settings = new Dictionary<string, string?> { ["CONNECTOR_IMAP_FAKE_PING"] = "true" };
        await using var database = await TestDatabase.CreateAsync((services, configuration) => services.AddImapConnector(configuration), settings);
        var tenant = await database.AddTenantAsync("acme", "default");
        var accounts = await CreateAccountsAsync(database, tenant);
        await SetNextSyncAsync(database, DateTime.UtcNow.AddDays(1)); // Not due while the nodes start.

        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Connectors"] = database.ConnectionString,
            ["CONNECTOR_IMAP_FAKE_PING"] = "true",
            ["Seed__Enabled"] = "false",
            ["Connectors__Sync__TickCron"] = "* * * * * ?",
            ["Connectors__Sync__MaxConcurrentRuns"] = "4",
        };
        var nodes = await Task.WhenAll(
            AppProcess.StartAsync("node-a", environment, Ct),
            AppProcess.StartAsync("node-b", environment, Ct));
        try
        {
            await Task.WhenAll(nodes.Select(WaitForFirstTickAsync));
            await SetNextSyncAsync(database, DateTime.UtcNow.AddMinutes(-1));

            var synced = await WaitForAsync(async () => await SucceededAsync(database) is var n && n >= Accounts ? n : (int?)null,
                TimeSpan.FromSeconds(120), () => string.Join('\n', nodes.SelectMany(n => n.Output).TakeLast(40)));
            await Task.Delay(TimeSpan.FromSeconds(3), Ct); // More ticks on both nodes: nothing may run again.

            synced.ShouldBe(Accounts);
            var runs = await RunsAsync(database);
            runs.Count.ShouldBe(Accounts, "one run per account, no second execution and no retry");
            runs.GroupBy(r => r.InstallationId).ShouldAllBe(g => g.Count() == 1);
            runs.Select(r => r.InstallationId).ToHashSet().SetEquals(accounts).ShouldBeTrue();
            runs.ShouldAllBe(r => r.Status == SyncRunStatus.Succeeded && r.Trigger == SyncTrigger.Schedule && r.Added == 3);
            (await DocumentsAsync(database)).ShouldBe(Accounts * 3);
            var perNode = nodes.Select(n => n.Output.Sum(DispatchedIn)).ToArray();
            TestContext.Current.SendDiagnosticMessage($"Runs dispatched: node-a {perNode[0]}, node-b {perNode[1]}");
            Console.WriteLine($"Runs dispatched: node-a {perNode[0]}, node-b {perNode[1]}");
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    /// <summary>"Sync tick: 0 recovered, 12 queued, 8 dispatched, 4 waiting." → 8.</summary>
    private static int DispatchedIn(string line)
    {
        var match = System.Text.RegularExpressions.Regex.Match(line, @"Sync tick: \d+ recovered, \d+ queued, (\d+) dispatched");
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private static async Task<List<Guid>> CreateAccountsAsync(TestDatabase database, Guid tenant)
    {
        var ids = new List<Guid>();
        for (var i = 0; i < Accounts; i++)
        {
            await using var scope = database.ScopeFor(tenant);
            var outcome = await scope.ServiceProvider.GetRequiredService<ConfigureConnectorService>().CreateAsync("imap",
                new CredentialSubmission($"box-{i:000}", null, new Dictionary<string, object?>
                {
                    ["host"] = "imap.acme.test",
                    ["username"] = $"box-{i:000}@acme.test",
                    ["password"] = "fake-ping-password",
                }), Ct);
            outcome.Succeeded.ShouldBeTrue(outcome.Error);
            ids.Add(outcome.AccountId);
        }

        return ids;
    }

    private static async Task WaitForFirstTickAsync(AppProcess node)
    {
        using var http = new HttpClient { BaseAddress = node.BaseUrl };
        await WaitForAsync(async () =>
        {
            using var health = JsonDocument.Parse(await http.GetStringAsync("/healthz", Ct));
            var scheduler = health.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "scheduler");
            return scheduler.GetProperty("data").GetProperty("lastTick").GetString() is { } tick && tick != "none yet" ? tick : null;
        }, TimeSpan.FromSeconds(30), () => string.Join('\n', node.Output.TakeLast(40)));
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, Func<string> diagnostics)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not reached within {timeout}. Last output:\n{diagnostics()}");
            }

            await Task.Delay(250, Ct);
        }
    }

    private static async Task<T> QueryAsync<T>(TestDatabase database, Func<ConnectorsDbContext, Task<T>> query)
    {
        await using var scope = database.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<TenantContext>().BeginCrossTenantScan();
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await query(db);
    }

    private static Task<int> SetNextSyncAsync(TestDatabase database, DateTime at) =>
        QueryAsync(database, db => db.Installations.ExecuteUpdateAsync(u => u.SetProperty(i => i.NextSyncAt, at), Ct));

    private static Task<int> SucceededAsync(TestDatabase database) =>
        QueryAsync(database, db => db.SyncRuns.CountAsync(r => r.Status == SyncRunStatus.Succeeded, Ct));

    private static Task<List<SyncRun>> RunsAsync(TestDatabase database) =>
        QueryAsync(database, db => db.SyncRuns.AsNoTracking().ToListAsync(Ct));

    private static Task<int> DocumentsAsync(TestDatabase database) =>
        QueryAsync(database, db => db.Documents.CountAsync(Ct));
}
