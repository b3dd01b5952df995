using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.GoogleDrive;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Tests.Fakes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.GoogleDrive;

/// <summary>A tenant bringing its own Google OAuth app: on a deployment without a Drive client the connector becomes usable
/// for that tenant only, connects through the tenant's client (its id on the consent page, its secret at the token
/// endpoint) and syncs; switching apps asks the accounts connected through the other client to reconnect; removing the app
/// goes back to the deployment's (here: none).</summary>
public sealed class TenantOAuthAppTests : IAsyncLifetime
{
    private const string TenantClient = "acme-own-client";
    private const string TenantSecret = "acme-own-secret-77c1";
    private DriveTestBed _drive = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _drive = await DriveTestBed.CreateAsync(configured: false);

    public async ValueTask DisposeAsync() => await _drive.DisposeAsync();

    [Fact]
    public async Task WithoutADeploymentClient_TheTenantsOwnApp_ConfiguresTheConnector_ConnectsThroughIt_AndSyncs()
    {
        _drive.Drive.AddDoc("Handbook", "Welcome");
        _drive.Server.OAuth.RegisteredClients[TenantClient] = TenantSecret;
        (await CardAsync()).IsConfigured.ShouldBeFalse();
        await Should.ThrowAsync<ValidationFailedException>(() => _drive.BeginAsync());

        var set = await AppsAsync(a => a.SetAsync(GoogleDriveConnector.ConnectorKey, TenantClient, TenantSecret, Ct));

        (set.InUse, set.ClientId, set.DeploymentConfigured).ShouldBe(("tenant", TenantClient, false));
        var card = await CardAsync();
        (card.IsConfigured, card.MissingConfiguration, card.OAuthApp).ShouldBe((true, null, "tenant"));
        var begin = await _drive.BeginAsync();
        QueryHelpers.ParseQuery(begin.AuthorizeUrl.Query)["client_id"].ToString().ShouldBe(TenantClient);
        var outcome = await _drive.CompleteAsync(begin);
        outcome.Status.ShouldBe(InstallationStatus.Active);
        (await _drive.RunAsync(begin.AccountId)).Status.ShouldBe(SyncRunStatus.Succeeded);
        (await _drive.DocumentsAsync()).ShouldHaveSingleItem().Title.ShouldBe("Handbook");
        var listed = System.Text.Json.JsonSerializer.Serialize(await AppsAsync(a => a.ListAsync(Ct)));
        listed.ShouldNotContain(TenantSecret);
        _drive.Bed.Logs.Lines.ShouldAllBe(l => !l.Contains(TenantSecret, StringComparison.Ordinal));
        _drive.Bed.Logs.Lines.ShouldContain(l => l.Contains("OAuth client for google-drive resolved from tenant", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SwitchingApps_AsksTheAccountsConnectedThroughTheOtherClientToReconnect_AndRemovingTheAppUnconfigures()
    {
        _drive.Server.OAuth.RegisteredClients[TenantClient] = TenantSecret;
        _drive.Server.OAuth.RegisteredClients["acme-second-client"] = "second-secret";
        await AppsAsync(a => a.SetAsync(GoogleDriveConnector.ConnectorKey, TenantClient, TenantSecret, Ct));
        var account = await _drive.ConnectAsync();

        await AppsAsync(a => a.SetAsync(GoogleDriveConnector.ConnectorKey, "acme-second-client", "second-secret", Ct));
        var refused = await _drive.RunAsync(account);

        refused.ErrorCategory.ShouldBe(SyncErrorCategory.Auth);
        refused.ErrorMessage.ShouldNotBeNull().ShouldContain("OAuth app changed since this account was connected");
        (await _drive.AccountAsync(account)).Status.ShouldBe(InstallationStatus.NeedsReconnect);

        await AppsAsync(async a => { await a.RemoveAsync(GoogleDriveConnector.ConnectorKey, Ct); return 0; });
        (await CardAsync()).IsConfigured.ShouldBeFalse();
        await Should.ThrowAsync<NotFoundException>(() => AppsAsync(async a => { await a.RemoveAsync(GoogleDriveConnector.ConnectorKey, Ct); return 0; }));
    }

    [Fact]
    public async Task BadInput_NamesTheField_AndACredentialConnectorIsRefused()
    {
        var noId = await Should.ThrowAsync<ValidationFailedException>(() => AppsAsync(a => a.SetAsync(GoogleDriveConnector.ConnectorKey, " ", "s", Ct)));
        var noSecret = await Should.ThrowAsync<ValidationFailedException>(() => AppsAsync(a => a.SetAsync(GoogleDriveConnector.ConnectorKey, "id", null, Ct)));
        var notOAuth = await Should.ThrowAsync<ValidationFailedException>(() => AppsAsync(a => a.SetAsync("test-mail", "id", "s", Ct)));

        noId.Errors.Keys.ShouldBe(["clientId"]);
        noSecret.Errors.Keys.ShouldBe(["clientSecret"]);
        notOAuth.Errors.Keys.ShouldBe(["connector"]);
    }

    private async Task<ConnectorSummary> CardAsync() =>
        (await _drive.Bed.InScopeAsync(sp => sp.GetRequiredService<AccountQueries>().GetCardsAsync(5, Ct))).Single(c => c.Key == GoogleDriveConnector.ConnectorKey);

    private Task<T> AppsAsync<T>(Func<TenantOAuthApps, Task<T>> action) => _drive.Bed.InScopeAsync(sp => action(sp.GetRequiredService<TenantOAuthApps>()));
}
