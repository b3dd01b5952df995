using System.Net;
using Connectors.Domain.Accounts;
using Connectors.Domain.Administration;
using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Connectors.Domain.Vault;
using Connectors.Tests.Fakes;
using Connectors.Tests.Infrastructure;
using Connectors.Tests.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Web.OAuth;

/// <summary>
/// The OAuth redirect URI of the real app (<c>/connectors/oauth/callback</c>) driven over HTTP by signed-in
/// users, with an OAuth connector on the shared lifecycle and the fake provider (which requires PKCE and
/// checks the verifier). A good state completes once; every bad one shows the error page and changes nothing.
/// </summary>
public sealed class OAuthCallbackTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private FakeProviderServer _provider = null!;
    private ConnectorsAppFactory _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _provider = await FakeProviderServer.StartAsync(new FakeWhoAmIApi("test"));
        _provider.OAuth.RequirePkce.Add("test");
        _app = new ConnectorsAppFactory(new Dictionary<string, string?>
        {
            ["Connectors:OAuth:test-oauth:ClientId"] = FakeOAuthServer.ClientId,
            ["Connectors:OAuth:test-oauth:ClientSecret"] = FakeOAuthServer.ClientSecret,
            ["Connectors:OAuth:test-oauth:AuthorizeEndpoint"] = _provider.OAuth.AuthorizeEndpoint("test"),
            ["Connectors:OAuth:test-oauth:TokenEndpoint"] = _provider.OAuth.TokenEndpoint("test"),
            ["Connectors:OAuth:test-oauth:ApiBaseUrl"] = _provider.BaseUrl + "/",
        }, _clock, services => services.AddConnector<TestOAuthConnector>());
        await WebSession.AddRoleUsersAsync(_app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _provider.DisposeAsync();
    }

    [Fact]
    public async Task Callback_ValidState_ActivatesTheAccountStartsItsFirstSyncAndReturnsToTheConnectorsPage()
    {
        using var admin = await WebSession.StartAsync(_app, Who.SuperAdmin);
        var begin = await BeginAsync(DatabaseSeeder.DefaultAdminEmail, "Drive", "engineering");

        var response = await admin.GetAsync(Callback(begin), Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        new Uri(new Uri("http://localhost"), response.Headers.Location!).PathAndQuery.ShouldBe($"/admin/connectors?connected={begin.AccountId}");
        // The redirect's body says nothing of a failure (it used to carry the error page's text).
        var body = await response.Content.ReadAsStringAsync(Ct);
        body.ShouldNotContain("not completed");
        body.ShouldNotContain("Nothing was changed");
        var account = await AccountAsync(begin.AccountId);
        (account.Status, account.ProjectKey).ShouldBe((InstallationStatus.Active, "engineering"));
        (await VaultAsync(begin.AccountId)).ShouldNotBeNull().AccessToken.ShouldNotBeNull();
        var exchange = _provider.OAuth.CodeExchanges.ShouldHaveSingleItem();
        exchange.CodeVerifier.ShouldNotBeNullOrEmpty("the fake provider checked the PKCE verifier against the challenge");
        var firstRun = (await RunsAsync(begin.AccountId)).ShouldHaveSingleItem();
        (firstRun.Trigger, firstRun.Kind).ShouldBe((SyncTrigger.Install, SyncKind.Full));
    }

    [Fact]
    public async Task Callback_TwoConcurrentWithOneState_ExactlyOneSucceeds()
    {
        using var first = await WebSession.StartAsync(_app, Who.SuperAdmin);
        using var second = await WebSession.StartAsync(_app, Who.SuperAdmin);
        var begin = await BeginAsync(DatabaseSeeder.DefaultAdminEmail, "Drive");
        var url = Callback(begin);

        var responses = await Task.WhenAll(first.GetAsync(url, Ct), second.GetAsync(url, Ct));

        responses.Count(r => r.StatusCode == HttpStatusCode.Redirect).ShouldBe(1);
        var refused = responses.Single(r => r.StatusCode != HttpStatusCode.Redirect);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync(Ct)).ShouldContain("already been used");
        _provider.OAuth.TokenRequests.Count(r => r.Grant == "authorization_code").ShouldBe(1);
        (await AccountAsync(begin.AccountId)).Status.ShouldBe(InstallationStatus.Active);
    }

    [Fact]
    public async Task Callback_ExpiredState_ShowsTheErrorPageAndChangesNothing()
    {
        using var admin = await WebSession.StartAsync(_app, Who.SuperAdmin);
        var begin = await BeginAsync(DatabaseSeeder.DefaultAdminEmail, "Drive");
        _clock.Advance(TimeSpan.FromSeconds(601));

        var response = await admin.GetAsync(Callback(begin), Ct);

        await ShouldBeErrorPageAsync(response, "expired");
        await ShouldBeUnchangedAsync(begin.AccountId);
    }

    [Fact]
    public async Task Callback_StateOfAnotherUser_ShowsTheErrorPageAndTheRightfulUserCanStillFinish()
    {
        using var support = await WebSession.StartAsync(_app, Who.SupportFullAccess);
        using var admin = await WebSession.StartAsync(_app, Who.SuperAdmin);
        var begin = await BeginAsync(DatabaseSeeder.DefaultAdminEmail, "Drive");
        var url = Callback(begin);

        var response = await support.GetAsync(url, Ct);

        await ShouldBeErrorPageAsync(response, "another account or user");
        await ShouldBeUnchangedAsync(begin.AccountId);
        (await admin.GetAsync(url, Ct)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await AccountAsync(begin.AccountId)).Status.ShouldBe(InstallationStatus.Active);
    }

    [Fact]
    public async Task Callback_StateOfAnotherTenant_ShowsTheErrorPageAndChangesNothing()
    {
        await AddGlobexAdminAsync();
        using var globex = _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        (await AppStartupTests.SignInAsync(globex, "admin@globex.test", WebSession.Password)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var begin = await BeginAsync(DatabaseSeeder.DefaultAdminEmail, "Drive");

        var response = await globex.GetAsync(Callback(begin), Ct);

        await ShouldBeErrorPageAsync(response, "unknown");
        await ShouldBeUnchangedAsync(begin.AccountId);
    }

    [Fact]
    public async Task Callback_TamperedState_ShowsTheErrorPageAndChangesNothing()
    {
        using var admin = await WebSession.StartAsync(_app, Who.SuperAdmin);
        var begin = await BeginAsync(DatabaseSeeder.DefaultAdminEmail, "Drive");
        var url = Callback(begin);
        var state = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://x" + url).Query)["state"].ToString();
        var tampered = url.Replace(state, (state[0] == 'A' ? 'B' : 'A') + state[1..], StringComparison.Ordinal);

        var response = await admin.GetAsync(tampered, Ct);

        await ShouldBeErrorPageAsync(response, "unknown");
        await ShouldBeUnchangedAsync(begin.AccountId);
    }

    [Fact]
    public async Task Callback_ProviderDeniedAccess_ShowsTheErrorPageAndChangesNothing()
    {
        using var admin = await WebSession.StartAsync(_app, Who.SuperAdmin);
        var begin = await BeginAsync(DatabaseSeeder.DefaultAdminEmail, "Drive");
        var state = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(begin.AuthorizeUrl.Query)["state"].ToString();

        var response = await admin.GetAsync($"/connectors/oauth/callback?error=access_denied&state={Uri.EscapeDataString(state)}", Ct);

        await ShouldBeErrorPageAsync(response, "not granted");
        await ShouldBeUnchangedAsync(begin.AccountId);
    }

    [Fact]
    public async Task Callback_ReadOnlyViewer_IsDeniedBeforeAnythingHappens()
    {
        using var viewer = await WebSession.StartAsync(_app, Who.Admin);
        var begin = await BeginAsync(DatabaseSeeder.DefaultAdminEmail, "Drive");

        var response = await viewer.GetAsync(Callback(begin), Ct);

        response.Headers.Location!.ToString().ShouldContain("/account/access-denied");
        await ShouldBeUnchangedAsync(begin.AccountId);
    }

    /// <summary>Begins the grant as the signed-in user would from the add-account dialog.</summary>
    private async Task<OAuthBegin> BeginAsync(string email, string label, string? projectKey = null)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<ConnectorsUser>>().FindByEmailAsync(email);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(await WebSession.AcmeAsync(_app));
        scope.ServiceProvider.GetRequiredService<ActorContext>().Use(user!.Id, TenantRole.SuperAdmin);
        return await scope.ServiceProvider.GetRequiredService<OAuthGrants>().BeginAsync(TestOAuthConnector.ConnectorKey, label, projectKey, Ct);
    }

    /// <summary>Consent at the fake provider: the redirect back to the app, as a path.</summary>
    private string Callback(OAuthBegin begin)
    {
        var redirect = new Uri(_provider.OAuth.Approve("test", begin.AuthorizeUrl));
        redirect.AbsolutePath.ShouldBe("/connectors/oauth/callback");
        return redirect.PathAndQuery;
    }

    private async Task AddGlobexAdminAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var globex = await scope.ServiceProvider.GetRequiredService<TenantDirectory>().AddAsync("globex", "Globex", "default", Ct);
        await scope.ServiceProvider.GetRequiredService<UserDirectory>().AddAsync("admin@globex.test", WebSession.Password, globex.Id, TenantRole.SuperAdmin, isSupport: false, Ct);
    }

    private static async Task ShouldBeErrorPageAsync(HttpResponseMessage response, string reason)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("data-testid=\"oauth-error\"");
        html.ShouldContain(reason);
    }

    /// <summary>Still Pending, no error recorded, nothing vaulted, no sync, no code exchanged.</summary>
    private async Task ShouldBeUnchangedAsync(Guid accountId)
    {
        var account = await AccountAsync(accountId);
        account.Status.ShouldBe(InstallationStatus.Pending);
        account.ErrorJson.ShouldBeNull();
        (await VaultAsync(accountId)).ShouldBeNull();
        (await RunsAsync(accountId)).ShouldBeEmpty();
        _provider.OAuth.CodeExchanges.ShouldBeEmpty();
    }

    private Task<ConnectorInstallation> AccountAsync(Guid id) => QueryAsync(db => db.Installations.AsNoTracking().SingleAsync(i => i.Id == id, Ct));

    private Task<List<SyncRun>> RunsAsync(Guid id) => QueryAsync(db => db.SyncRuns.AsNoTracking().Where(r => r.InstallationId == id).ToListAsync(Ct));

    private async Task<VaultEntry?> VaultAsync(Guid id)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(await WebSession.AcmeAsync(_app));
        return await scope.ServiceProvider.GetRequiredService<CredentialVault>().GetAsync(id, Ct);
    }

    private async Task<T> QueryAsync<T>(Func<ConnectorsDbContext, Task<T>> query)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        using var _ = scope.ServiceProvider.GetRequiredService<TenantContext>().BeginCrossTenantScan();
        await using var db = scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await query(db);
    }
}
