using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors.Confluence;
using Connectors.Domain.Credentials;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Connectors.Domain.Vault;
using Connectors.Tests.Connectors.Confluence;
using Connectors.Tests.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Credentials;

/// <summary>
/// Tenant credentials with the real Confluence connector against a local Confluence site: one API token for five
/// spaces' accounts. Created only after the connector signed in; accounts inherit it (their own config and vault row
/// hold none of it); a rotation is one write that every account — on another node too — uses at its next operation,
/// and the accounts that failed with the old token are retried; a credential in use cannot be deleted; an account
/// switches between the tenant's and its own, audited.
/// </summary>
public sealed partial class TenantCredentialTests : ConfluenceSiteTests
{
    private const string NewToken = "ATATT3xFfGF0-rotated-Confluence-Token-91c2";

    private Dictionary<string, object?> CredentialValues(string token = FakeConfluenceApi.ApiToken) => new()
    {
        [ConfluenceForms.BaseUrl] = Server.BaseUrl,
        [ConfluenceForms.Email] = FakeConfluenceApi.Email,
        [ConfluenceForms.ApiToken] = token,
    };

    [Fact]
    public async Task Create_SignsInFirst_KeepsTheTokenInTheVaultOnly_AndListsItsConnectionFields()
    {
        var created = await InScopeAsync(s => s.CreateAsync(ConfluenceConnector.ConnectorKey, "Atlassian bot", CredentialValues(), Ct));

        (created.Name, created.Connector, created.Version, created.TestStatus).ShouldBe(("Atlassian bot", "confluence", 1, "passed"));
        created.Connection.ToJsonString().ShouldContain(FakeConfluenceApi.Email);
        created.Connection.ToJsonString().ShouldNotContain(FakeConfluenceApi.ApiToken);
        var secrets = await Bed.InScopeAsync(sp => sp.GetRequiredService<CredentialVault>().GetTenantSecretsAsync(created.Id, Ct));
        secrets.ShouldNotBeNull()[ConfluenceForms.ApiToken].ShouldBe(FakeConfluenceApi.ApiToken);
        var row = await Bed.QueryAsync(db => db.TenantCredentials.AsNoTracking().SingleAsync(Ct));
        row.ConnectionJson.ShouldNotContain(FakeConfluenceApi.ApiToken);
        (await AuditAsync()).ShouldContain(a => a.StartsWith("credential.created", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_ARefusedTokenOrAMissingField_IsRefusedNamingIt_AndNothingIsSaved()
    {
        var refused = await Should.ThrowAsync<ValidationFailedException>(() =>
            InScopeAsync(s => s.CreateAsync(ConfluenceConnector.ConnectorKey, "Wrong", CredentialValues("not-the-token-5e1"), Ct)));
        var missing = await Should.ThrowAsync<ValidationFailedException>(() =>
            InScopeAsync(s => s.CreateAsync(ConfluenceConnector.ConnectorKey, "", new Dictionary<string, object?> { [ConfluenceForms.BaseUrl] = Server.BaseUrl }, Ct)));
        var notShareable = await Should.ThrowAsync<ValidationFailedException>(() =>
            InScopeAsync(s => s.CreateAsync("test-mail", "Mail", new Dictionary<string, object?>(), Ct)));

        refused.Errors["values"].ShouldContain("api_token");
        refused.Message.ShouldNotContain("not-the-token-5e1");
        missing.Errors.Keys.ShouldBe(["name", ConfluenceForms.Email, ConfluenceForms.ApiToken], ignoreOrder: true);
        notShareable.Errors.Keys.ShouldBe(["connector"]);
        (await Bed.QueryAsync(db => db.TenantCredentials.CountAsync(Ct))).ShouldBe(0);
    }

    [Fact]
    public async Task Accounts_InheritTheCredential_HoldNoneOfItThemselves_AndSyncWithIt()
    {
        Api.AddPage("ENG", "Runbook", "<p>Page the on-call.</p>", DateTimeOffset.UtcNow);
        Api.AddPage("HR", "Holidays", "<p>25 days.</p>", DateTimeOffset.UtcNow);
        var credential = await CreateCredentialAsync();

        var eng = await CreateAccountAsync("Engineering", credential, "ENG");
        var hr = await CreateAccountAsync("People", credential, "HR");

        (eng.Status, hr.Status).ShouldBe((InstallationStatus.Active, InstallationStatus.Active));
        foreach (var id in new[] { eng.AccountId, hr.AccountId })
        {
            var account = await Bed.QueryAsync(db => db.Installations.AsNoTracking().SingleAsync(i => i.Id == id, Ct));
            account.CredentialId.ShouldBe(credential);
            account.ConfigJson.ShouldNotContain(FakeConfluenceApi.Email);
            account.ConfigJson.ShouldNotContain(Server.BaseUrl);
            var own = await Bed.QueryAsync(db => db.Credentials.AsNoTracking().SingleAsync(c => c.InstallationId == id, Ct));
            own.ProtectedSecret.ShouldNotBeNull();
            (await Bed.VaultAsync(id)).ShouldNotBeNull().Secrets[ConfluenceForms.ApiToken].ShouldBe(FakeConfluenceApi.ApiToken);
            (await Bed.SyncAsync(id)).Status.ShouldBe(SyncRunStatus.Succeeded);
        }

        (await Bed.DocumentsAsync()).Select(d => d.Title).ShouldBe(["Holidays", "Runbook"]);
        var summary = await InScopeAsync<AccountQueries, AccountSummary>(q => q.GetAccountAsync(eng.AccountId, Ct));
        (summary.CredentialSource, summary.CredentialName).ShouldBe((CredentialSource.Tenant, "Atlassian bot"));
        (await InScopeAsync(s => s.GetAsync(credential, Ct))).UsedBy.Select(u => u.Label).ShouldBe(["Engineering", "People"]);
    }

    [Fact]
    public async Task AnAccountOnACredential_MayNotSetTheCredentialsFields_AndACredentialOfAnotherConnectorIsRefused()
    {
        var credential = await CreateCredentialAsync();

        var both = await Should.ThrowAsync<ValidationFailedException>(() => CreateAccountAsync("Both", credential, "ENG",
            new Dictionary<string, object?> { [ConfluenceForms.ApiToken] = "own-token-4a" }));
        var unknown = await Should.ThrowAsync<ValidationFailedException>(() => CreateAccountAsync("Unknown", Guid.NewGuid(), "ENG"));

        both.Errors.Keys.ShouldBe([ConfluenceForms.ApiToken]);
        both.Errors[ConfluenceForms.ApiToken].ShouldContain("comes from the tenant credential");
        unknown.Errors.Keys.ShouldBe(["credentialId"]);
    }

    [Fact]
    public async Task Rotation_IsOneWrite_EveryAccountUsesTheNewTokenAtItsNextSync_AndTheFailedOnesAreRetried()
    {
        Api.AddPage("ENG", "Runbook", "<p>Page the on-call.</p>", DateTimeOffset.UtcNow);
        var credential = await CreateCredentialAsync();
        var accounts = new List<Guid>();
        foreach (var space in new[] { "ENG", "HR", "OPS", "FIN", "LEG" })
        {
            accounts.Add((await CreateAccountAsync($"Space {space}", credential, space)).AccountId);
        }

        Api.AcceptedToken = NewToken; // The token is rotated at Atlassian: the old one stops working.
        var failed = await Bed.SyncAsync(accounts[0]);
        failed.ErrorCategory.ShouldBe(SyncErrorCategory.Auth);
        (await AccountAsync(accounts[0])).Status.ShouldBe(InstallationStatus.NeedsReconnect);

        var rotated = await InScopeAsync(s => s.RotateAsync(credential, null, new Dictionary<string, object?> { [ConfluenceForms.ApiToken] = NewToken }, Ct));

        rotated.Version.ShouldBe(2);
        var retried = await AccountAsync(accounts[0]);
        (retried.Status, retried.NextSyncAt <= Bed.Clock.GetUtcNow().UtcDateTime).ShouldBe((InstallationStatus.Active, true));
        foreach (var id in accounts)
        {
            (await Bed.SyncAsync(id)).Status.ShouldBe(SyncRunStatus.Succeeded);
        }

        (await Bed.QueryAsync(db => db.Credentials.AsNoTracking().Where(c => accounts.Contains(c.InstallationId)).CountAsync(Ct))).ShouldBe(5);
        (await AuditAsync()).ShouldContain(a => a.StartsWith("credential.rotated", StringComparison.Ordinal) && a.Contains("version 2", StringComparison.Ordinal));
        (await AuditAsync()).ShouldAllBe(a => !a.Contains(NewToken, StringComparison.Ordinal) && !a.Contains(FakeConfluenceApi.ApiToken, StringComparison.Ordinal));
        await ShouldNotBeStoredOrLoggedAsync(NewToken, FakeConfluenceApi.ApiToken);
    }

    /// <summary>The planted secrets are in no file of the database (its write-ahead log included) and no log line. SQLite
    /// deletes the log and its index when the last connection closes, after copying the log into the database: a file that
    /// vanished while the scan read the others starts the scan again, so nothing the log held goes unread.</summary>
    private async Task ShouldNotBeStoredOrLoggedAsync(params string[] secrets)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                foreach (var file in Directory.GetFiles(Path.GetDirectoryName(Bed.Database.FilePath)!, "connectors.db*"))
                {
                    var text = System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file, Ct));
                    secrets.ShouldAllBe(s => !text.Contains(s, StringComparison.Ordinal), file);
                }

                break;
            }
            catch (FileNotFoundException) when (attempt < 5)
            {
            }
        }

        secrets.ShouldAllBe(s => Bed.Logs.Lines.All(l => !l.Contains(s, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Rotation_ARefusedNewToken_ChangesNothing()
    {
        var credential = await CreateCredentialAsync();

        var refused = await Should.ThrowAsync<ValidationFailedException>(() =>
            InScopeAsync(s => s.RotateAsync(credential, null, new Dictionary<string, object?> { [ConfluenceForms.ApiToken] = "wrong-8c" }, Ct)));

        refused.Errors.Keys.ShouldBe(["values"]);
        var kept = await InScopeAsync(s => s.GetAsync(credential, Ct));
        kept.Version.ShouldBe(1);
        (await Bed.InScopeAsync(sp => sp.GetRequiredService<CredentialVault>().GetTenantSecretsAsync(credential, Ct)))![ConfluenceForms.ApiToken]
            .ShouldBe(FakeConfluenceApi.ApiToken);
    }

    [Fact]
    public async Task Rotation_IsSeenByASecondNode_WithoutARestart()
    {
        var credential = await CreateCredentialAsync();
        var account = (await CreateAccountAsync("Engineering", credential, "ENG")).AccountId;
        await using var second = Bed.Database.StartNode((services, configuration) => services.AddConfluenceConnector(configuration));
        (await SecretOnAsync(second, account)).ShouldBe(FakeConfluenceApi.ApiToken); // The second node has read it once already.

        Api.AcceptedToken = NewToken;
        await InScopeAsync(s => s.RotateAsync(credential, null, new Dictionary<string, object?> { [ConfluenceForms.ApiToken] = NewToken }, Ct));

        (await SecretOnAsync(second, account)).ShouldBe(NewToken);
        await using var scope = second.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(Bed.Acme);
        scope.ServiceProvider.GetRequiredService<ActorContext>().Use("node-2", TenantRole.SuperAdmin);
        (await scope.ServiceProvider.GetRequiredService<SyncRunner>().RunAsync(account, SyncTrigger.Manual, Ct)).Status.ShouldBe(SyncRunStatus.Succeeded);
    }

    [Fact]
    public async Task Delete_InUse_IsRefusedNamingTheAccounts_ThenAllowedOnceTheyHaveTheirOwn()
    {
        var credential = await CreateCredentialAsync();
        var account = (await CreateAccountAsync("Engineering", credential, "ENG")).AccountId;

        var refused = await Should.ThrowAsync<InUseException>(() => InScopeAsync(async s => { await s.DeleteAsync(credential, Ct); return 0; }));
        refused.Message.ShouldContain("'Engineering'");
        refused.UsedBy.ShouldBe(["Engineering"]);

        await Bed.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<AccountCredentialSwitch>().SwitchAsync(account, null, CredentialValues(), Ct);
            return 0;
        });
        var own = await AccountAsync(account);
        own.CredentialId.ShouldBeNull();
        own.ConfigJson.ShouldContain(FakeConfluenceApi.Email);
        (await Bed.VaultAsync(account))!.Secrets[ConfluenceForms.ApiToken].ShouldBe(FakeConfluenceApi.ApiToken);
        await InScopeAsync(async s => { await s.DeleteAsync(credential, Ct); return 0; });

        (await Bed.QueryAsync(db => db.TenantCredentials.CountAsync(Ct))).ShouldBe(0);
        (await Bed.InScopeAsync(sp => sp.GetRequiredService<CredentialVault>().GetTenantSecretsAsync(credential, Ct))).ShouldBeNull();
        (await Bed.SyncAsync(account)).Status.ShouldBe(SyncRunStatus.Succeeded);
        (await AuditAsync()).ShouldContain(a => a.StartsWith("account.credentials_changed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Switch_FromOwnToTheTenantCredential_DropsTheAccountsCopies_AndKeepsItsSettings()
    {
        var outcome = await Bed.CreateConfluenceAccountAsync(ConfluenceTestBed.Form(Server.BaseUrl, spaces: "ENG"), "Engineering");
        var credential = await CreateCredentialAsync();

        await Bed.InScopeAsync(async sp =>
        {
            await sp.GetRequiredService<AccountCredentialSwitch>().SwitchAsync(outcome.AccountId, credential, null, Ct);
            return 0;
        });

        var account = await AccountAsync(outcome.AccountId);
        account.CredentialId.ShouldBe(credential);
        account.ConfigJson.ShouldNotContain(FakeConfluenceApi.Email);
        account.ConfigJson.ShouldContain("ENG");
        Api.AcceptedToken = NewToken;
        await InScopeAsync(s => s.RotateAsync(credential, null, new Dictionary<string, object?> { [ConfluenceForms.ApiToken] = NewToken }, Ct));
        (await Bed.SyncAsync(outcome.AccountId)).Status.ShouldBe(SyncRunStatus.Succeeded);
    }

    [Fact]
    public async Task Test_RecordsTheOutcome_AndAViewerMayReadButNotChange()
    {
        var credential = await CreateCredentialAsync();
        Api.AcceptedToken = NewToken;

        var tested = await InScopeAsync(s => s.TestAsync(credential, Ct));

        (tested.TestStatus, tested.TestedAt is not null).ShouldBe(("failed", true));
        tested.TestMessage.ShouldNotBeNull().ShouldContain("api_token");
        await using var viewer = Bed.As(Bed.Acme, TenantRole.Admin);
        var credentials = viewer.ServiceProvider.GetRequiredService<TenantCredentials>();
        (await credentials.ListAsync(Ct)).ShouldHaveSingleItem();
        await Should.ThrowAsync<AccessDeniedException>(() => credentials.TestAsync(credential, Ct));
    }

    [Fact]
    public async Task Observability_AGaugeOfCredentialsPerConnector_AndAResolutionEventNamingTheSourceNeverTheValue()
    {
        var credential = await CreateCredentialAsync();
        var account = (await CreateAccountAsync("Engineering", credential, "ENG")).AccountId;
        var measured = new List<(long Value, string? Connector)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Connectors" && instrument.Name == "connectors.credentials")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            measured.Add((value, tags.ToArray().FirstOrDefault(t => t.Key == "connector").Value as string)));
        listener.Start();
        Bed.Database.Services.GetRequiredService<CredentialTelemetry>().Changed();

        listener.RecordObservableInstruments();

        measured.ShouldContain((1L, "confluence"));
        await Bed.VaultAsync(account);
        var resolved = Bed.Logs.Lines.Where(l => l.Contains($"Credentials of account {account} resolved from Tenant", StringComparison.Ordinal)).ToList();
        resolved.ShouldNotBeEmpty();
        resolved.ShouldAllBe(l => l.Contains("version 1", StringComparison.Ordinal) && !l.Contains(FakeConfluenceApi.ApiToken, StringComparison.Ordinal));
    }
}
