using System.Text.Json;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Tests.Api;
using Connectors.Tests.Web;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Mcp;

/// <summary>One scripted agent exchange over MCP, as an assistant would run it: list the accounts, pick the one that
/// stopped, read why, resume it, and confirm — every step through the tools only, audited under the token's user.</summary>
public sealed class McpAgentExchangeTests(McpApp app) : IClassFixture<McpApp>
{
    private const string Reason = "The IMAP server imap.acme.test did not answer within 10 s.";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Agent_FindsTheFailingAccount_ReadsWhy_AndResumesIt()
    {
        using var http = app.Http(Who.SuperAdmin);
        (await http.CreateImapAsync($"Healthy {Guid.NewGuid():N}"[..16])).Id();
        var broken = (await http.CreateImapAsync($"Broken {Guid.NewGuid():N}"[..15])).Id();
        await StopAsync(broken);
        await using var agent = await app.ClientAsync(Who.SuperAdmin);

        // 1. "Which accounts are failing?"
        var connectors = await McpServerTests.CallAsync(agent, "connectors_list");
        var failing = connectors.EnumerateArray().SelectMany(c => c.GetProperty("accounts").EnumerateArray())
            .Where(a => a.GetProperty("status").GetString() == "error").Select(a => a.GetProperty("id").GetGuid()).ToList();
        failing.ShouldContain(broken);

        // 2. "Why?"
        var detail = await McpServerTests.CallAsync(agent, "account_get", new() { ["accountId"] = broken });
        detail.GetProperty("account").GetProperty("error").GetProperty("message").GetString().ShouldBe(Reason);

        // 3. A transient reason: resume it.
        var resumed = await McpServerTests.CallAsync(agent, "account_resume", new() { ["accountId"] = broken });
        resumed.GetProperty("status").GetString().ShouldBe("active");

        // 4. Confirm.
        var after = await McpServerTests.CallAsync(agent, "account_get", new() { ["accountId"] = broken });
        after.GetProperty("account").GetProperty("status").GetString().ShouldBe("active");
        after.GetProperty("account").GetProperty("error").ValueKind.ShouldBe(JsonValueKind.Null);
        await using var scope = app.Api.Factory.Services.CreateAsyncScope();
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var target = broken.ToString();
        var entry = await db.AuditEntries.IgnoreQueryFilters().AsNoTracking().SingleAsync(a => a.Action == "account.resumed" && a.TargetId == target, Ct);
        entry.ActorUserId.ShouldBe(await ApiApp.UserIdAsync(scope.ServiceProvider, global::Connectors.Domain.Administration.DatabaseSeeder.DefaultAdminEmail));
    }

    /// <summary>What five failed runs in a row leave behind: Error, the reason, nothing scheduled.</summary>
    private async Task StopAsync(Guid id)
    {
        await using var scope = app.Api.Factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<global::Connectors.Domain.Tenancy.TenantContext>().Use(app.Api.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var installation = await db.Installations.SingleAsync(i => i.Id == id, Ct);
        installation.Status = InstallationStatus.Error;
        installation.ConsecutiveFailures = 5;
        installation.NextSyncAt = null;
        installation.ErrorJson = new AccountError(Reason, "transient", DateTime.UtcNow).ToJson();
        await db.SaveChangesAsync(Ct);
    }
}
