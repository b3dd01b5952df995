using Connectors.Domain.Connectors.Mcp;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;

namespace Connectors.Tests.Connectors.Mcp;

/// <summary>Servers without OAuth: a static bearer token (kept in the vault, refused naming the field) or an open server;
/// the server URL's shape checked naming the field.</summary>
public sealed class McpStaticTokenTests : IAsyncLifetime
{
    private McpTestBed _mcp = null!;

    public async ValueTask InitializeAsync() => _mcp = await McpTestBed.CreateAsync(protect: false);

    public async ValueTask DisposeAsync() => await _mcp.DisposeAsync();

    [Fact]
    public async Task BearerToken_Accepted_IsVaultedAndUsedBySyncs_ARefusedOneNamesTheField()
    {
        const string token = "static-token-5b0e2c";
        _mcp.Mcp.RequiredToken = token;
        _mcp.Mcp.AddText("docs://a", "A", "Alpha");

        var refused = await _mcp.CreateAsync("Wrong", new Dictionary<string, object?> { [McpForms.BearerToken] = "not-it-77aa" });
        var accepted = await _mcp.CreateAsync("Right", new Dictionary<string, object?> { [McpForms.BearerToken] = token });

        refused.Status.ShouldBe(InstallationStatus.Pending);
        refused.Error.ShouldNotBeNull().ShouldContain("Bearer token (bearer_token)");
        (await _mcp.VaultAsync(refused.AccountId)).ShouldBeNull();
        (accepted.Status, accepted.AuthorizeUrl).ShouldBe((InstallationStatus.Active, null));
        (await _mcp.VaultAsync(accepted.AccountId))!.Secrets[McpForms.BearerToken].ShouldBe(token);
        (await _mcp.RunAsync(accepted.AccountId)).Status.ShouldBe(SyncRunStatus.Succeeded);
        (await _mcp.DocumentsAsync()).ShouldHaveSingleItem().Content.ShouldBe("Alpha");
        var planted = new[] { token, "not-it-77aa" };
        foreach (var id in new[] { refused.AccountId, accepted.AccountId })
        {
            var account = await _mcp.AccountAsync(id);
            planted.ShouldAllBe(p => !account.ConfigJson.Contains(p, StringComparison.Ordinal) && !(account.ErrorJson ?? "").Contains(p, StringComparison.Ordinal));
        }

        planted.ShouldAllBe(p => _mcp.Bed.Logs.Lines.All(l => !l.Contains(p, StringComparison.Ordinal)));
        planted.ShouldAllBe(p => _mcp.AuditTextAsync().Result.All(l => !l.Contains(p, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("http://169.254.169.254/mcp", "169.254.169.254")]
    [InlineData("http://[fe80::1%25lo]/mcp", "network interface")]
    public async Task ServerUrl_ThatTheHostGuardRefuses_LeavesTheAccountPendingWithTheGuardsReason(string url, string reason)
    {
        var created = await _mcp.CreateAsync("Metadata", new Dictionary<string, object?> { [McpForms.ServerUrl] = url });

        created.Status.ShouldBe(InstallationStatus.Pending);
        created.Error.ShouldNotBeNull().ShouldContain(reason);
        created.Error.ShouldContain("not allowed");
        (await _mcp.VaultAsync(created.AccountId)).ShouldBeNull();
    }

    [Fact]
    public async Task OpenServer_ConnectsWithoutSignIn()
    {
        var created = await _mcp.CreateAsync();

        (created.Status, created.AuthorizeUrl, created.Error).ShouldBe((InstallationStatus.Active, null, null));
    }

    [Theory]
    [InlineData("http://mcp.example.com/mcp", false, "must use https://")]
    [InlineData("https://user:pw@mcp.example.com/mcp", true, "must not contain a user name or password")]
    [InlineData("https://mcp.example.com/mcp?api_key=abc", true, "must not contain a query")]
    [InlineData("mcp.example.com", true, "must be an absolute https address")]
    [InlineData("file:///etc/passwd", true, "must be an absolute https address")]
    public void ServerUrl_NotUsable_IsRefusedNamingTheField_WithoutEchoingIt(string url, bool allowHttp, string reason)
    {
        var error = Should.Throw<ConnectorConfigurationException>(() => McpServerUrl.Parse(url, allowHttp));

        error.Message.ShouldStartWith("Server URL (server_url)");
        error.Message.ShouldContain(reason);
        error.Message.ShouldNotContain("pw@");
        error.Message.ShouldNotContain("api_key");
    }

    [Fact]
    public void ServerUrl_Https_OrPlainHttpWhereAllowed_IsAccepted()
    {
        McpServerUrl.Parse(" https://mcp.example.com/mcp ", allowHttp: false).ShouldBe(new Uri("https://mcp.example.com/mcp"));
        McpServerUrl.Parse("http://localhost:5000/mcp", allowHttp: true).Scheme.ShouldBe("http");
    }
}
