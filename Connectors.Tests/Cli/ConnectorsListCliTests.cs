using System.Text.Json;
using Connectors.Domain.Tenancy;

namespace Connectors.Tests.Cli;

/// <summary><c>connectors list</c>: the admin UI's read summary as a table and as JSON, never a secret.</summary>
public sealed class ConnectorsListCliTests : IAsyncLifetime
{
    private const string Password = "Unmistakable-Passw0rd-9b2d";
    private readonly CliHarness _cli = new();

    public async ValueTask InitializeAsync()
    {
        (await _cli.RunAsync("tenants", "add", "--slug", "acme", "--name", "Acme")).ExitCode.ShouldBe(0);
        (await _cli.RunAsync("projects", "add", "--tenant", "acme", "--key", "legal", "--name", "Legal")).ExitCode.ShouldBe(0);
        (await _cli.RunAsync(AddImap("Support"), Password + "\n")).ExitCode.ShouldBe(0);
        (await _cli.RunAsync([.. AddImap("Contracts"), "--project", "legal"], Password + "\n")).ExitCode.ShouldBe(0);
    }

    public ValueTask DisposeAsync()
    {
        _cli.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ConnectorsList_Table_ShowsEveryConnectorAndItsAccountsSortedByLabel()
    {
        var result = await _cli.RunAsync("connectors", "list", "--tenant", "acme");

        result.ExitCode.ShouldBe(0);
        result.Err.ShouldBeEmpty();
        result.Out.ShouldNotContain(Password);
        var lines = result.Out.Split(Environment.NewLine);
        var imap = Array.IndexOf(lines, "Email (IMAP) [imap] - credential - configured");
        imap.ShouldBeGreaterThanOrEqualTo(0, result.Out);
        lines[imap + 1].ShouldMatch(@"^  LABEL\s+STATUS\s+PROJECT\s+LAST SYNC\s+NEXT SYNC$");
        lines[imap + 2].ShouldMatch(@"^  Contracts\s+active\s+legal\s+never\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC$");
        lines[imap + 3].ShouldMatch(@"^  Support\s+active\s+tenant default \(default\)\s+never\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC$");
        lines.ShouldContain("Google Drive [google-drive] - oauth - not configured (set Connectors:OAuth:google-drive:ClientId)");
        lines[Array.IndexOf(lines, "Google Drive [google-drive] - oauth - not configured (set Connectors:OAuth:google-drive:ClientId)") + 1]
            .ShouldBe("  (no accounts)");
    }

    [Fact]
    public async Task ConnectorsList_Json_StableCamelCaseShape()
    {
        var result = await _cli.RunAsync("connectors", "list", "--tenant", "acme", "--json");

        result.ExitCode.ShouldBe(0);
        result.Out.ShouldNotContain(Password);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Names(root).ShouldBe(["tenant", "connectors"]);
        root.GetProperty("tenant").GetString().ShouldBe("acme");
        var connectors = root.GetProperty("connectors").EnumerateArray().ToDictionary(c => c.GetProperty("key").GetString()!);
        connectors.Keys.ShouldBe(["confluence", "imap", "google-drive", "mcp", "notion"], ignoreOrder: true);
        Names(connectors["imap"]).ShouldBe(["key", "displayName", "authKind", "configured", "missingConfiguration", "accounts"]);
        connectors["imap"].GetProperty("authKind").GetString().ShouldBe("credential");
        connectors["google-drive"].GetProperty("authKind").GetString().ShouldBe("oauth");
        connectors["google-drive"].GetProperty("configured").GetBoolean().ShouldBeFalse();
        connectors["google-drive"].GetProperty("missingConfiguration").GetString().ShouldBe("Connectors:OAuth:google-drive:ClientId");
        var accounts = connectors["imap"].GetProperty("accounts").EnumerateArray().ToList();
        accounts.Select(a => a.GetProperty("label").GetString()).ShouldBe(["Contracts", "Support"]);
        Names(accounts[1]).ShouldBe(["id", "label", "status", "projectKey", "resolvedProjectKey", "inheritsProject", "cadenceMinutes",
            "cadenceInherited", "lastSyncAt", "lastSuccessAt", "nextSyncAt", "error", "lastRun", "config"]);
        accounts[0].GetProperty("projectKey").GetString().ShouldBe("legal");
        accounts[1].GetProperty("status").GetString().ShouldBe("active");
        accounts[1].GetProperty("projectKey").ValueKind.ShouldBe(JsonValueKind.Null);
        accounts[1].GetProperty("resolvedProjectKey").GetString().ShouldBe("default");
        accounts[1].GetProperty("inheritsProject").GetBoolean().ShouldBeTrue();
        accounts[1].GetProperty("cadenceMinutes").GetInt32().ShouldBe(15);
        accounts[1].GetProperty("lastSyncAt").ValueKind.ShouldBe(JsonValueKind.Null);
        accounts[1].GetProperty("nextSyncAt").GetString()!.ShouldMatch(@"^\d{4}-\d\d-\d\dT[\d:.]+Z$");
        accounts[1].GetProperty("id").GetGuid().ShouldNotBe(Guid.Empty);
        accounts[1].GetProperty("config").GetProperty("connection").GetProperty("host").GetString().ShouldBe("imap.acme.test");
    }

    [Theory]
    [InlineData("error: Tenant 'nowhere' does not exist.", "--tenant", "nowhere")]
    [InlineData("error: --tenant is required.", "--json")]
    public async Task ConnectorsList_BadTenant_ExitsOneWithOneLine(string expected, params string[] options)
    {
        var result = await _cli.RunAsync(["connectors", "list", .. options], stdin: "");

        result.ShouldFailWith(expected);
        result.Out.ShouldBeEmpty();
    }

    private static string[] AddImap(string label) =>
        ["accounts", "add", "--tenant", "acme", "--connector", "imap", "--label", label,
            "--field", "host=imap.acme.test", "--field", "username=support@acme.test"];

    private static List<string> Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
