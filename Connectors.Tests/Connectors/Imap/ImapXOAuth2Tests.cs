using System.Web;
using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors.Imap;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Domain.Vault;
using Connectors.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>Dovecot that accepts SASL XOAUTH2, validating tokens at a local fake OAuth provider.</summary>
public sealed class XOAuthDovecotFixture : IAsyncLifetime
{
    private readonly DovecotFixture _availability = new();

    public FakeOAuthProvider Provider { get; private set; } = null!;

    public DovecotServer Server => _server ?? _availability.Server;

    private DovecotServer? _server;

    public async ValueTask InitializeAsync()
    {
        Provider = await FakeOAuthProvider.StartAsync();
        if (DovecotServer.IsInstalled)
        {
            _server = await DovecotServer.StartAsync(Provider.IntrospectionEndpoint);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await Provider.DisposeAsync();
    }
}

/// <summary>XOAUTH2 end to end: authorize URL with PKCE, code exchange into the vault, SASL XOAUTH2
/// against a real Dovecot, refresh ahead of expiry, and a revoked grant → NeedsReconnect.</summary>
public sealed class ImapXOAuth2Tests(XOAuthDovecotFixture fixture) : IClassFixture<XOAuthDovecotFixture>, IAsyncLifetime
{
    private readonly CapturingProtocolLoggers _imapLog = new();
    private ConnectorsTestBed _bed = null!;
    private string _user = null!;

    public async ValueTask InitializeAsync()
    {
        var server = fixture.Server;
        _bed = await ImapTestBed.CreateAsync(new Dictionary<string, string?>
        {
            ["Connectors:OAuth:google:ClientId"] = "test-client",
            ["Connectors:OAuth:google:ClientSecret"] = "test-secret",
            ["Connectors:OAuth:google:AuthorizeEndpoint"] = fixture.Provider.BaseUrl + "/authorize",
            ["Connectors:OAuth:google:TokenEndpoint"] = fixture.Provider.TokenEndpoint,
            ["Connectors:OAuth:google:ImapHost"] = DovecotServer.Host,
            ["Connectors:OAuth:google:ImapPort"] = server.ImapsPort.ToString(),
            ["Connectors:OAuth:google:ValidateCertificate"] = "false",
            ["Connectors:OAuth:microsoft:AuthorizeEndpoint"] = fixture.Provider.BaseUrl + "/authorize",
            ["Connectors:OAuth:microsoft:TokenEndpoint"] = fixture.Provider.TokenEndpoint,
            ["Connectors:OAuth:microsoft:ImapHost"] = DovecotServer.Host,
            ["Connectors:OAuth:microsoft:ImapPort"] = server.ImapsPort.ToString(),
            ["Connectors:OAuth:microsoft:ValidateCertificate"] = "false",
        }, services => services.AddSingleton<IProtocolLoggerFactory>(_imapLog));
        _user = await server.AddUserAsync("gmail", "unused-password");
    }

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Connect_CodeExchange_StoresTokensAndSignsInWithSaslXOAuth2()
    {
        var accountId = await ConnectAsync();

        var vaulted = await VaultAsync(accountId);
        vaulted.AccessToken.ShouldStartWith("at-");
        vaulted.RefreshToken.ShouldStartWith("rt-");
        vaulted.Secrets.ShouldBeEmpty();
        _imapLog.Transcript.ShouldContain("AUTHENTICATE XOAUTH2");
        _imapLog.Transcript.ShouldNotContain("LOGIN " + _user);
        fixture.Provider.Introspected.ShouldContain(vaulted.AccessToken!);
        (await StatusAsync(accountId)).ShouldBe(InstallationStatus.Active);
    }

    [Fact]
    public async Task AuthorizeUrl_CarriesStateClientRedirectAndPkce()
    {
        var outcome = await _bed.CreateAccountAsync(_bed.Acme, "Gmail", XOAuth2Values());

        var query = HttpUtility.ParseQueryString(outcome.AuthorizeUrl!.Query);
        outcome.Status.ShouldBe(InstallationStatus.Pending);
        outcome.AuthorizeUrl.GetLeftPart(UriPartial.Path).ShouldBe(fixture.Provider.BaseUrl + "/authorize");
        (query["response_type"], query["client_id"], query["code_challenge_method"], query["scope"]).ShouldBe(("code", "test-client", "S256", "https://mail.google.com/"));
        query["redirect_uri"].ShouldBe("http://localhost:5030/connectors/oauth/callback");
        query["state"]!.Length.ShouldBe(43);
        query["login_hint"].ShouldBe(_user);
    }

    [Fact]
    public async Task Sync_TokenNearExpiry_RefreshesFirstAndSyncs()
    {
        var accountId = await ConnectAsync();
        var before = (await VaultAsync(accountId)).AccessToken;
        await fixture.Server.AppendAsync(_user, "unused-password", "INBOX", [ImapTestBed.Message("Hello", "From Gmail")]);
        _bed.Clock.Advance(TimeSpan.FromMinutes(56));

        var run = await RunAsync(accountId);

        run.Status.ShouldBe(SyncRunStatus.Succeeded);
        run.Added.ShouldBe(1);
        fixture.Provider.Grants.ShouldContain("refresh_token");
        (await VaultAsync(accountId)).AccessToken.ShouldNotBe(before);
    }

    [Fact]
    public async Task Sync_RefreshAnsweredInvalidGrant_MovesTheAccountToNeedsReconnect()
    {
        var accountId = await ConnectAsync();
        fixture.Provider.RevokeAll();
        _bed.Clock.Advance(TimeSpan.FromHours(2));

        var run = await RunAsync(accountId);

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.ErrorCategory.ShouldBe(SyncErrorCategory.Auth);
        run.ErrorMessage!.ShouldContain("invalid_grant");
        (await StatusAsync(accountId)).ShouldBe(InstallationStatus.NeedsReconnect);
    }

    [Fact]
    public async Task Connect_ProviderWithoutClientId_IsRefusedBeforeAnyAccountIsMade_NamingTheField()
    {
        var error = await Should.ThrowAsync<global::Connectors.Domain.Errors.ValidationFailedException>(
            () => _bed.CreateAccountAsync(_bed.Acme, "Outlook", XOAuth2Values("microsoft")));

        error.Errors["xoauth2_provider"].ShouldBe("Provider: Microsoft 365 is not available. It is not set up on this deployment; ask your platform administrator.");
        error.Errors["xoauth2_provider"].ShouldNotContain("Connectors:OAuth");
        await using var scope = _bed.As(_bed.Acme);
        var imap = (await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetSummaryAsync(Ct)).Single(c => c.Key == "imap");
        imap.Accounts.ShouldNotContain(a => a.Label == "Outlook");
        var provider = imap.CredentialForm!.Find("xoauth2_provider")!;
        provider.Options.Single(o => o.Value == "microsoft").OperatorDetail.ShouldBe("Set Connectors:OAuth:microsoft:ClientId.");
        provider.Options.Single(o => o.Value == "google").Unavailable.ShouldBeNull();
    }

    [Fact]
    public async Task TenantsOwnApp_OffersAProviderTheDeploymentLacks_SignsInThroughIt_AndASwitchAsksToReconnect()
    {
        fixture.Provider.Clients["acme-m365-client"] = "acme-m365-secret-4f2";
        fixture.Provider.Clients["acme-m365-second"] = "acme-m365-second-secret";

        var set = await AppsAsync(a => a.SetAsync(ImapOAuthProviders.AppKey("microsoft"), "acme-m365-client", "acme-m365-secret-4f2", Ct));

        (set.Connector, set.ConnectorName, set.InUse, set.DeploymentConfigured).ShouldBe(("imap-microsoft", "Microsoft 365 (IMAP)", "tenant", false));
        var listed = await AppsAsync(a => a.ListAsync(Ct));
        listed.Single(a => a.Connector == "imap-google").InUse.ShouldBe("deployment");
        await using (var scope = _bed.As(_bed.Acme))
        {
            var imap = (await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetSummaryAsync(Ct)).Single(c => c.Key == "imap");
            imap.CredentialForm!.Find("xoauth2_provider")!.Options.ShouldAllBe(o => o.Unavailable == null);
        }

        var accountId = await ConnectAsync("microsoft", expectedClient: "acme-m365-client");
        await fixture.Server.AppendAsync(_user, "unused-password", "INBOX", [ImapTestBed.Message("Quarterly", "Through the tenant's app")]);
        (await RunAsync(accountId)).Added.ShouldBe(1);

        await AppsAsync(a => a.SetAsync(ImapOAuthProviders.AppKey("microsoft"), "acme-m365-second", "acme-m365-second-secret", Ct));
        var refused = await RunAsync(accountId);

        refused.ErrorCategory.ShouldBe(SyncErrorCategory.Auth);
        refused.ErrorMessage.ShouldNotBeNull().ShouldContain("OAuth app changed since this account was connected");
        (await StatusAsync(accountId)).ShouldBe(InstallationStatus.NeedsReconnect);
        System.Text.Json.JsonSerializer.Serialize(listed).ShouldNotContain("acme-m365-secret-4f2");
    }

    private async Task<T> AppsAsync<T>(Func<TenantOAuthApps, Task<T>> action)
    {
        await using var scope = _bed.As(_bed.Acme);
        return await action(scope.ServiceProvider.GetRequiredService<TenantOAuthApps>());
    }

    private Dictionary<string, object?> XOAuth2Values(string provider = "google") => new()
    {
        ["auth_mode"] = "xoauth2",
        ["xoauth2_provider"] = provider,
        ["username"] = _user,
    };

    /// <summary>Creates the account, plays the provider's consent screen, and completes the callback.</summary>
    private async Task<Guid> ConnectAsync(string provider = "google", string expectedClient = "test-client")
    {
        var outcome = await _bed.CreateAccountAsync(_bed.Acme, provider, XOAuth2Values(provider));
        var query = HttpUtility.ParseQueryString(outcome.AuthorizeUrl!.Query);
        query["client_id"].ShouldBe(expectedClient);
        var code = fixture.Provider.IssueCode(_user, query["code_challenge"]!);
        await using var scope = _bed.As(_bed.Acme);
        var completed = await scope.ServiceProvider.GetRequiredService<OAuthGrants>().CompleteAsync(query["state"]!, code, Ct);
        completed.Error.ShouldBeNull();
        completed.Status.ShouldBe(InstallationStatus.Active);
        return outcome.AccountId;
    }

    private async Task<VaultEntry> VaultAsync(Guid accountId)
    {
        await using var scope = _bed.As(_bed.Acme);
        return (await scope.ServiceProvider.GetRequiredService<CredentialVault>().GetAsync(accountId, Ct))!;
    }

    private async Task<SyncRun> RunAsync(Guid accountId)
    {
        await using var scope = _bed.As(_bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<SyncRunner>().RunAsync(accountId, SyncTrigger.Manual, Ct);
    }

    private async Task<InstallationStatus> StatusAsync(Guid accountId)
    {
        await using var scope = _bed.As(_bed.Acme);
        return (await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetAccountAsync(accountId, Ct)).Status;
    }
}
