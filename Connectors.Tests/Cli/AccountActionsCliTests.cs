using Microsoft.EntityFrameworkCore;
using System.Text.Json;
using Connectors.Tests.Mcp;
using ModelContextProtocol.Client;

namespace Connectors.Tests.Cli;

/// <summary><c>accounts check</c>, <c>accounts preview</c> and <c>mcp --tenant</c> (the MCP tools over standard input
/// and output of the real executable, reached with the SDK's stdio client).</summary>
public sealed class AccountActionsCliTests : IAsyncLifetime
{
    private const string Password = "Cli-Preview-Passw0rd-Secret";

    private readonly CliHarness _cli = new();
    private string _accountId = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (await _cli.RunAsync("tenants", "add", "--slug", "acme", "--name", "Acme")).ExitCode.ShouldBe(0);
        var added = await _cli.RunAsync(["accounts", "add", "--tenant", "acme", "--connector", "imap", "--label", "Support",
            "--field", "host=imap.acme.test", "--field", "username=support@acme.test"], stdin: Password + "\n");
        added.ExitCode.ShouldBe(0, added.Err);
        _accountId = added.Out.Split("id ")[1].Split(',')[0];
    }

    public ValueTask DisposeAsync()
    {
        _cli.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task CheckAndPreview_PrintTheOutcome_AndBadInputIsOneLine()
    {
        var check = await _cli.RunAsync("accounts", "check", "--tenant", "acme", "--id", _accountId);
        var preview = await _cli.RunAsync("accounts", "preview", "--tenant", "acme", "--id", _accountId, "--limit", "2");
        var badLimit = await _cli.RunAsync("accounts", "preview", "--tenant", "acme", "--id", _accountId, "--limit", "50");
        var notANumber = await _cli.RunAsync("accounts", "preview", "--tenant", "acme", "--id", _accountId, "--limit", "many");

        check.ShouldSucceedWith("Healthy: ");
        preview.ShouldSucceedWith("2 newest item(s) the account would ingest (nothing was stored):");
        preview.Out.Split('\n').Count(l => l.StartsWith("- ", StringComparison.Ordinal)).ShouldBe(2);
        preview.Out.ShouldNotContain(Password);
        badLimit.ShouldFailWithOneLine("error: Limit must be between 1 and 20.");
        notANumber.ShouldFailWithOneLine("error: --limit 'many' is not a whole number.");
    }

    [Fact]
    public async Task Mcp_OverStdio_ServesTheSameTools_AsTheCliActor()
    {
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "connectors-admin",
            Command = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet",
            Arguments = [Path.Combine(AppContext.BaseDirectory, "Connectors.Web.dll"), "mcp", "--tenant", "acme"],
            WorkingDirectory = AppContext.BaseDirectory,
            StandardErrorLines = errors.Enqueue,
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["ConnectionStrings__Connectors"] = $"Data Source={_cli.DatabasePath}",
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["CONNECTOR_IMAP_FAKE_PING"] = "true",
            },
        });
        McpClient client;
        try
        {
            client = await McpClient.CreateAsync(transport, cancellationToken: Ct);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"The server did not answer; its standard error: {string.Join('\n', errors)}", e);
        }

        await using var _ = client;

        var tools = await client.ListToolsAsync(cancellationToken: Ct);
        var list = await McpServerTests.CallAsync(client, "connectors_list");
        var paused = await McpServerTests.CallAsync(client, "account_pause", new() { ["accountId"] = Guid.Parse(_accountId) });
        var unknown = await client.CallToolAsync("account_get", new Dictionary<string, object?> { ["accountId"] = Guid.NewGuid() }, cancellationToken: Ct);

        tools.Count.ShouldBe(14);
        list.EnumerateArray().Single(c => c.GetProperty("key").GetString() == "imap").GetProperty("accounts")[0].GetProperty("label").GetString().ShouldBe("Support");
        paused.GetProperty("status").GetString().ShouldBe("paused");
        unknown.IsError.ShouldBe(true);
        JsonSerializer.Serialize(list).ShouldNotContain(Password);
        await using var db = _cli.Open();
        db.AuditEntries.IgnoreQueryFilters().Where(a => a.Action == "account.paused").Select(a => a.ActorUserId).ToList().ShouldBe(["cli"]);
    }
}
