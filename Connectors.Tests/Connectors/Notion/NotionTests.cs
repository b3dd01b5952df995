using System.Net;
using System.Text.RegularExpressions;
using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors.Notion;
using Connectors.Domain.Data;
using Connectors.Domain.Documents;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Domain.Vault;
using Connectors.Tests.Fakes;
using Connectors.Tests.Infrastructure;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.Notion;

/// <summary>Base of the Notion tests: the fake Notion (OAuth and API) on a loopback port, the test bed
/// with the real connector pointed at it, and shortcuts that go the way the app goes — the OAuth grant
/// through the installation service, syncs through the <see cref="SyncRunner"/>.</summary>
public abstract partial class NotionTests : IAsyncLifetime
{
    protected FakeNotionApi Notion { get; } = new();

    protected FakeProviderServer Server { get; private set; } = null!;

    protected ConnectorsTestBed Bed { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected DateTime Now => Bed.Clock.GetUtcNow().UtcDateTime;

    public async ValueTask InitializeAsync()
    {
        Server = await FakeProviderServer.StartAsync(Notion);
        Bed = await ConnectorsTestBed.CreateAsync(Settings(Server, withClientId: ConfiguresClient),
            (services, configuration) =>
            {
                services.AddNotionConnector(configuration);
                services.AddSingleton(new SyncJitter(() => 0.5));
            });
    }

    public async ValueTask DisposeAsync()
    {
        await Bed.DisposeAsync();
        await Server.DisposeAsync();
    }

    /// <summary>False in tests of a deployment without a client id.</summary>
    protected virtual bool ConfiguresClient => true;

    public static Dictionary<string, string?> Settings(FakeProviderServer server, bool withClientId = true) => new()
    {
        ["Connectors:OAuth:notion:ClientId"] = withClientId ? FakeOAuthServer.ClientId : null,
        ["Connectors:OAuth:notion:ClientSecret"] = FakeOAuthServer.ClientSecret,
        ["Connectors:OAuth:notion:AuthorizeEndpoint"] = server.OAuth.AuthorizeEndpoint(FakeNotionApi.Provider),
        ["Connectors:OAuth:notion:TokenEndpoint"] = server.OAuth.TokenEndpoint(FakeNotionApi.Provider),
        ["Connectors:OAuth:notion:ApiBaseUrl"] = server.BaseUrl + "/",
    };

    /// <summary>Begin → the user clicks Allow → the callback: returns the account and the authorize URL.</summary>
    protected async Task<(Guid AccountId, Uri AuthorizeUrl, ConfigureOutcome Outcome)> ConnectAsync(string label = "Wiki", string? projectKey = null)
    {
        await using var scope = Bed.As(Bed.Acme);
        var installations = scope.ServiceProvider.GetRequiredService<OAuthGrants>();
        var begin = await installations.BeginAsync(NotionConnector.ConnectorKey, label, projectKey, Ct);
        var redirect = QueryHelpers.ParseQuery((await ClickAllowAsync(begin.AuthorizeUrl)).Query);
        var outcome = await installations.CompleteAsync(redirect["state"].ToString(), redirect["code"].ToString(), Ct);
        return (begin.AccountId, begin.AuthorizeUrl, outcome);
    }

    /// <summary>What the browser does: opens the consent page the authorize URL leads to (the fake answers
    /// 400 to an unknown client, a missing redirect URI or response type) and submits Allow; returns the
    /// redirect back to the app. (<see cref="FakeOAuthServer.Approve"/> expects a PKCE challenge in the URL.)</summary>
    protected async Task<Uri> ClickAllowAsync(Uri authorizeUrl)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var page = await browser.GetStringAsync(authorizeUrl, Ct);
        var fields = HiddenField().Matches(page).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        fields["decision"] = "allow";
        using var form = new FormUrlEncodedContent(fields);
        using var response = await browser.PostAsync(new Uri($"{Server.BaseUrl}/{FakeNotionApi.Provider}/oauth/consent"), form, Ct);
        return response.Headers.Location.ShouldNotBeNull();
    }

    protected async Task<SyncRun> RunAsync(Guid accountId)
    {
        await using var scope = Bed.As(Bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<SyncRunner>().RunAsync(accountId, SyncTrigger.Manual, Ct);
    }

    /// <summary>Lets the controlled clock reach the queued retry and runs it as the scheduler does.</summary>
    protected async Task<SyncRun> RunQueuedRetryAsync(Guid accountId)
    {
        var retry = (await RunsAsync(accountId)).Single(r => r.Status == SyncRunStatus.Queued);
        Bed.Clock.Advance(retry.NotBefore!.Value - Now);
        DispatchableRun due;
        await using (var unscoped = Bed.Database.Services.CreateAsyncScope())
        {
            var scheduler = unscoped.ServiceProvider.GetRequiredService<SyncScheduler>();
            due = (await scheduler.DispatchableAsync(10, Ct)).ShouldHaveSingleItem();
            (await scheduler.ClaimAsync(due, Ct)).ShouldBeTrue();
        }

        await using var scope = Bed.As(Bed.Acme);
        return (await scope.ServiceProvider.GetRequiredService<SyncRunner>().ExecuteClaimedAsync(due.RunId, Ct)).ShouldNotBeNull();
    }

    protected Task<List<Document>> DocumentsAsync() => QueryAsync(db =>
        db.Documents.AsNoTracking().Where(d => d.ConnectorKey == NotionConnector.ConnectorKey).OrderBy(d => d.Title).ToListAsync(Ct));

    protected Task<ConnectorInstallation> AccountAsync(Guid accountId) => QueryAsync(db =>
        db.Installations.AsNoTracking().SingleAsync(i => i.Id == accountId, Ct));

    protected Task<List<SyncRun>> RunsAsync(Guid accountId) => QueryAsync(db =>
        db.SyncRuns.AsNoTracking().Where(r => r.InstallationId == accountId).ToListAsync(Ct));

    /// <summary>The account's saved Notion cursor (null when none).</summary>
    protected async Task<DateTimeOffset?> CursorAsync(Guid accountId)
    {
        await using var scope = Bed.As(Bed.Acme);
        return NotionCursor.Read((await scope.ServiceProvider.GetRequiredService<CredentialVault>().GetAsync(accountId, Ct))?.Extra ?? []);
    }

    /// <summary>How many block-children requests the fake served for this page or block.</summary>
    protected int BlockReads(string id) => Server.CountRequests($"/v1/blocks/{id}/children");

    protected int AllBlockReads() => Server.Requests.Count(r => r.Contains("/children", StringComparison.Ordinal));

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\">")]
    private static partial Regex HiddenField();

    protected async Task<T> QueryAsync<T>(Func<ConnectorsDbContext, Task<T>> query)
    {
        await using var scope = Bed.As(Bed.Acme);
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContextAsync(Ct);
        return await query(db);
    }
}
