using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors.Mcp;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;
using Connectors.Domain.Sync;
using Connectors.Tests.Fakes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.Mcp;

/// <summary>Connecting an MCP server account: discovery, the account's own dynamically registered client, PKCE S256 and the
/// resource indicator through the product's state and callback; the client reused on reconnect; on deletion the grant
/// revoked and the registration deleted; refresh with the resource, a refused one → Needs reconnect; the static bearer
/// token and hand-registered client paths; secrets nowhere but the vault.</summary>
public sealed class McpConnectTests : IAsyncLifetime
{
    private McpTestBed _mcp = null!;

    public async ValueTask InitializeAsync() => _mcp = await McpTestBed.CreateAsync();

    public async ValueTask DisposeAsync() => await _mcp.DisposeAsync();

    [Fact]
    public async Task Connect_DiscoversRegistersAClientForTheAccount_AndSendsTheBrowserToConsentWithPkceAndTheResource()
    {
        _mcp.Mcp.AddText("docs://handbook", "Handbook", "Welcome aboard");

        var created = await _mcp.CreateAsync();

        created.Status.ShouldBe(InstallationStatus.Pending);
        var authorize = created.AuthorizeUrl.ShouldNotBeNull();
        authorize.GetLeftPart(UriPartial.Path).ShouldBe(_mcp.OAuth.AuthorizeEndpoint(FakeMcpAuthorization.ProviderKey));
        var query = QueryHelpers.ParseQuery(authorize.Query);
        var clientId = query["client_id"].ToString();
        _mcp.Authorization.Clients.Keys.ShouldBe([clientId]);
        (query["code_challenge_method"].ToString(), query["resource"].ToString()).ShouldBe(("S256", _mcp.Mcp.Url));
        query["code_challenge"].ToString().Length.ShouldBe(43);
        query["scope"].ToString().ShouldBe("resources:read");

        var outcome = await _mcp.ConsentAsync(authorize);

        (outcome.Status, outcome.Error).ShouldBe((InstallationStatus.Active, null));
        _mcp.OAuth.CodeExchanges.ShouldHaveSingleItem().CodeVerifier.ShouldNotBeNullOrEmpty();
        _mcp.OAuth.Resources.Where(r => r.Step == "authorization_code").ShouldHaveSingleItem().Resource.ShouldBe(_mcp.Mcp.Url);
        var vault = (await _mcp.VaultAsync(created.AccountId)).ShouldNotBeNull();
        vault.RefreshToken.ShouldNotBeNull();
        vault.Secrets.Keys.ShouldBe([McpSignIn.ClientKey]);
        vault.Secrets[McpSignIn.ClientKey].ShouldContain(clientId);
        var account = await _mcp.AccountAsync(created.AccountId);
        account.ConfigJson.ShouldNotContain("secret-");
        account.ConfigJson.ShouldNotContain(clientId);
    }

    [Fact]
    public async Task Reconnect_ReusesTheAccountsClient_ThenDeletion_RevokesTheGrantAndDeletesTheRegistration()
    {
        var accountId = await _mcp.ConnectAsync();
        var clientId = _mcp.Authorization.Clients.Keys.Single();
        _mcp.OAuth.RevokeAll(); // The user revokes the app at the server: the next sync's token is refused.
        var refused = await _mcp.RunAsync(accountId);
        (refused.Status, refused.ErrorCategory).ShouldBe((SyncRunStatus.Failed, SyncErrorCategory.Auth));
        (await _mcp.AccountAsync(accountId)).Status.ShouldBe(InstallationStatus.NeedsReconnect);

        var again = await _mcp.ReconnectAsync(accountId);

        QueryHelpers.ParseQuery(again.AuthorizeUrl.ShouldNotBeNull().Query)["client_id"].ToString().ShouldBe(clientId);
        _mcp.Authorization.Clients.Count.ShouldBe(1);
        (await _mcp.ConsentAsync(again.AuthorizeUrl!)).Status.ShouldBe(InstallationStatus.Active);

        await _mcp.DeleteAsync(accountId);

        _mcp.OAuth.Revocations.ShouldHaveSingleItem().ShouldBe((FakeMcpAuthorization.ProviderKey, "refresh_token", true));
        _mcp.Authorization.Clients.ShouldBeEmpty();
        _mcp.OAuth.RegisteredClients.ShouldBeEmpty();
        (await _mcp.VaultAsync(accountId)).ShouldBeNull();
    }

    [Fact]
    public async Task Deletion_WhenRevocationFails_IsLoggedWithoutTheToken_AndStillDeletes()
    {
        var accountId = await _mcp.ConnectAsync();
        var refresh = (await _mcp.VaultAsync(accountId))!.RefreshToken!;
        _mcp.OAuth.RevocationFailureStatus = 503;

        await _mcp.DeleteAsync(accountId);

        (await _mcp.VaultAsync(accountId)).ShouldBeNull();
        _mcp.Authorization.Clients.ShouldBeEmpty();
        var line = _mcp.Bed.Logs.Lines.Where(l => l.Contains("Could not revoke the MCP grant", StringComparison.Ordinal)).ShouldHaveSingleItem();
        line.ShouldContain("HTTP 503");
        _mcp.Bed.Logs.Lines.ShouldAllBe(l => !l.Contains(refresh, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tokens_RefreshedBeforeExpiryWithTheResource_ARefusedRefresh_NeedsReconnect()
    {
        _mcp.OAuth.AccessTokenLifetimeSeconds = 120; // Under the five-minute buffer: every session refreshes first.
        _mcp.Mcp.AddText("docs://a", "A", "Alpha");
        var accountId = await _mcp.ConnectAsync();

        var run = await _mcp.RunAsync(accountId);

        run.Status.ShouldBe(SyncRunStatus.Succeeded);
        _mcp.OAuth.RefreshCount(FakeMcpAuthorization.ProviderKey).ShouldBeGreaterThan(0);
        _mcp.OAuth.Resources.Where(r => r.Step == "refresh_token").ShouldAllBe(r => r.Resource == _mcp.Mcp.Url);

        _mcp.OAuth.RevokeAll();
        var refused = await _mcp.RunAsync(accountId);

        refused.ErrorCategory.ShouldBe(SyncErrorCategory.Auth);
        (await _mcp.AccountAsync(accountId)).Status.ShouldBe(InstallationStatus.NeedsReconnect);
    }

    [Fact]
    public async Task HandRegisteredClient_IsUsedWhenTheServerDoesNotRegister_AndNeverDeleted()
    {
        _mcp.Authorization.OffersRegistration = false;
        var refused = await _mcp.CreateAsync("No registration");
        refused.Status.ShouldBe(InstallationStatus.Pending);
        refused.Error.ShouldNotBeNull().ShouldContain("Client ID (client_id)");

        _mcp.OAuth.RegisteredClients["by-hand"] = "by-hand-secret-8d1f";
        var created = await _mcp.CreateAsync("By hand", new Dictionary<string, object?>
        {
            [McpForms.ClientId] = "by-hand", [McpForms.ClientSecret] = "by-hand-secret-8d1f",
        });
        QueryHelpers.ParseQuery(created.AuthorizeUrl.ShouldNotBeNull().Query)["client_id"].ToString().ShouldBe("by-hand");
        (await _mcp.ConsentAsync(created.AuthorizeUrl!)).Status.ShouldBe(InstallationStatus.Active);

        await _mcp.DeleteAsync(created.AccountId);

        _mcp.OAuth.RegisteredClients.Keys.ShouldBe(["by-hand"]);
        _mcp.OAuth.Revocations.ShouldHaveSingleItem();
        (await _mcp.AccountAsync(refused.AccountId)).ConfigJson.ShouldNotContain("by-hand-secret");
        _mcp.Bed.Logs.Lines.ShouldAllBe(l => !l.Contains("by-hand-secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SwitchingToAStaticToken_EndsTheOAuthSignIn_AndAConsentLeftOpenIsRefusedWithoutTouchingTheAccount()
    {
        var accountId = await _mcp.ConnectAsync();
        _mcp.OAuth.RevokeAll();
        await _mcp.RunAsync(accountId);
        var consent = (await _mcp.ReconnectAsync(accountId)).AuthorizeUrl.ShouldNotBeNull();
        var stale = _mcp.OAuth.Approve(FakeMcpAuthorization.ProviderKey, consent); // Allowed, but the redirect is only followed later.
        _mcp.Mcp.Unprotect();
        _mcp.Mcp.RequiredToken = "static-token-31c9";

        var switched = await _mcp.ReconnectAsync(accountId, new Dictionary<string, object?> { [McpForms.BearerToken] = "static-token-31c9" });

        (switched.Status, switched.AuthorizeUrl).ShouldBe((InstallationStatus.Active, null));
        _mcp.Authorization.Clients.ShouldBeEmpty();
        _mcp.OAuth.Revocations.ShouldHaveSingleItem();
        var vault = (await _mcp.VaultAsync(accountId)).ShouldNotBeNull();
        (vault.AccessToken, vault.RefreshToken, vault.Extra[McpSignIn.Key]).ShouldBe((null, null, null));
        vault.Secrets.Keys.ShouldBe([McpForms.BearerToken]);

        var refused = await Should.ThrowAsync<OAuthStateException>(() => _mcp.CallbackAsync(stale));

        refused.Message.ShouldStartWith("This sign-in was replaced");

        (await _mcp.AccountAsync(accountId)).Status.ShouldBe(InstallationStatus.Active);
        (await _mcp.RunAsync(accountId)).Status.ShouldBe(SyncRunStatus.Succeeded);
    }

    [Fact]
    public async Task TokenEndpoint_OnAnAddressTheHostGuardRefuses_IsNeverCalled()
    {
        var client = new OAuthClientSettings("c", "s", new Uri("https://auth.example.test/authorize"), new Uri("http://169.254.169.254/token"), []);

        var refused = await Should.ThrowAsync<ConnectorConfigurationException>(() => _mcp.InScopeAsync(sp =>
            sp.GetRequiredService<OAuthTokenClient>().ExchangeCodeAsync(client, "code", "verifier", new Uri("https://app.example.test/cb"), TestContext.Current.CancellationToken)));

        refused.Message.ShouldContain("not allowed");
    }

    [Fact]
    public async Task DeniedConsent_LeavesTheAccountPendingWithTheProductsWords()
    {
        var created = await _mcp.CreateAsync();
        var state = QueryHelpers.ParseQuery(created.AuthorizeUrl!.Query)["state"].ToString();

        var outcome = await _mcp.InScopeAsync(sp => sp.GetRequiredService<OAuthGrants>().CompleteAsync(state, null, TestContext.Current.CancellationToken));

        outcome.Status.ShouldNotBe(InstallationStatus.Active);
        outcome.Error.ShouldNotBeNull().ShouldContain("no authorization code");
    }
}
