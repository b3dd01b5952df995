using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Domain.Vault;
using Connectors.Tests.Fakes;
using Connectors.Tests.Guide.JsonFeed;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Guide;

/// <summary>
/// The proof of docs/adding-a-connector.md: a connector written by following the guide alone, against a local
/// fake of its provider, goes through the host's real paths — the registry's checks, the schema validator and
/// router, the vault, and the sync runner — with no change to the host.
/// </summary>
public sealed class JsonFeedConnectorTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = new(2026, 10, 5, 9, 0, 0, TimeSpan.Zero);

    private FakeJsonFeedApi _feed = null!;
    private FakeProviderServer _server = null!;
    private ConnectorsTestBed _bed = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string FeedUrl => _server.BaseUrl + FakeJsonFeedApi.Path;

    public async ValueTask InitializeAsync()
    {
        _feed = new FakeJsonFeedApi();
        _server = await FakeProviderServer.StartAsync(_feed);
        _bed = await ConnectorsTestBed.CreateAsync(configure: (services, configuration) => services.AddJsonFeedConnector(configuration));
    }

    public async ValueTask DisposeAsync()
    {
        await _bed.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Registry_WithTheConnector_AcceptsItAsACredentialConnector()
    {
        await using var scope = _bed.As(_bed.Acme);

        var connector = scope.ServiceProvider.GetRequiredService<ConnectorRegistry>().Find(JsonFeedConnector.ConnectorKey);

        connector.ShouldNotBeNull().DisplayName.ShouldBe("JSON Feed");
        connector.ShouldBeAssignableTo<ISupportsCredentialForm>();
        connector.IconUrl.ShouldBe("/connectors/json-feed.svg");
    }

    [Fact]
    public async Task Create_MissingFields_TheSharedValidatorNamesEachOne()
    {
        var error = await Should.ThrowAsync<ValidationFailedException>(() => CreateAsync(new() { [JsonFeedForms.FeedUrl] = " " }));

        error.Errors.Keys.Order().ShouldBe([JsonFeedForms.FeedUrl, JsonFeedForms.Token]);
        _server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Create_RightToken_ActiveWithTheTokenInTheVaultAndNotInTheConfig()
    {
        var outcome = await CreateAsync(Form());

        outcome.Succeeded.ShouldBeTrue(outcome.Error);
        outcome.Status.ShouldBe(InstallationStatus.Active);
        (await VaultAsync(outcome.AccountId))!.Secrets[JsonFeedForms.Token].ShouldBe(FakeJsonFeedApi.Token);
        var row = await QueryAsync(db => db.Installations.SingleAsync(i => i.Id == outcome.AccountId, Ct));
        row.ConfigJson.ShouldContain(FakeJsonFeedApi.Path);
        row.ConfigJson.ShouldNotContain(FakeJsonFeedApi.Token);
        _bed.Logs.Lines.ShouldAllBe(line => !line.Contains(FakeJsonFeedApi.Token));
    }

    [Fact]
    public async Task Create_WrongToken_PendingNamingTheFieldAndNothingVaulted()
    {
        var outcome = await CreateAsync(Form(token: "not-the-token"));

        outcome.Status.ShouldBe(InstallationStatus.Pending);
        outcome.Error.ShouldBe("The feed refused the access token. Check Access token (token).");
        (await VaultAsync(outcome.AccountId)).ShouldBeNull();
    }

    [Fact]
    public async Task Sync_ThroughTheSyncRunner_IngestsEveryItemAcrossPagesThenRemovesTheOneGone()
    {
        var welcome = _feed.Add("Welcome", "<p>Hello <strong>team</strong>.</p>", Monday);
        var gone = _feed.Add("Outage", "<p>Resolved.</p>", Monday.AddHours(1));
        _feed.Add("Release", "<ul><li>one</li><li>two</li></ul>", Monday.AddHours(2));
        var account = (await CreateAsync(Form())).AccountId;

        var first = await SyncAsync(account);
        _feed.Remove(gone.Id);
        var second = await SyncAsync(account);

        (first.Status, first.Kind, first.Seen, first.Added).ShouldBe((SyncRunStatus.Succeeded, SyncKind.Full, 3, 3));
        _server.CountRequests(FakeJsonFeedApi.Path).ShouldBe(1 + 2 + 1); // The sign-in, three items on two pages, then two on one.
        (second.Status, second.Seen, second.Added, second.Removed).ShouldBe((SyncRunStatus.Succeeded, 2, 0, 1));
        var documents = await QueryAsync(db => db.Documents.AsNoTracking().OrderBy(d => d.Title).ToListAsync(Ct));
        documents.Select(d => d.Title).ShouldBe(["Release", "Welcome"]);
        var document = documents.Single(d => d.ExternalId == welcome.Id);
        (document.Content, document.Author, document.SourceCreatedAt).ShouldBe(("Hello team.", "Ada Lovelace", (DateTime?)Monday.UtcDateTime));
        document.SourceUrl.ShouldBe($"{_server.BaseUrl}/news/{Uri.EscapeDataString(welcome.Id)}");
    }

    [Fact]
    public async Task Sync_TokenRevoked_TheAccountNeedsReconnecting()
    {
        var account = (await CreateAsync(Form())).AccountId;
        _server.FailNext(FakeJsonFeedApi.Path, 401);

        var run = await SyncAsync(account);

        run.Status.ShouldBe(SyncRunStatus.Failed);
        run.ErrorMessage.ShouldBe("The feed refused the access token. Check Access token (token).");
        (await QueryAsync(db => db.Installations.SingleAsync(i => i.Id == account, Ct))).Status.ShouldBe(InstallationStatus.NeedsReconnect);
    }

    [Fact]
    public async Task Sync_RateLimitedWithRetryAfter120_RetryQueuedAt120SecondsAndNothingRemoved()
    {
        _feed.Add("Welcome", "<p>Hello.</p>", Monday);
        var account = (await CreateAsync(Form())).AccountId;
        await SyncAsync(account);
        _server.FailNext(FakeJsonFeedApi.Path, 429, TimeSpan.FromSeconds(120));
        var now = _bed.Clock.GetUtcNow().UtcDateTime;

        var run = await SyncAsync(account);

        (run.Status, run.ErrorCategory).ShouldBe((SyncRunStatus.Failed, (SyncErrorCategory?)SyncErrorCategory.RateLimited));
        var retry = await QueryAsync(db => db.SyncRuns.SingleAsync(r => r.InstallationId == account && r.Status == SyncRunStatus.Queued, Ct));
        (retry.Trigger, retry.NotBefore).ShouldBe((SyncTrigger.Retry, (DateTime?)now.AddSeconds(120)));
        (await QueryAsync(db => db.Documents.CountAsync(Ct))).ShouldBe(1);
    }

    private Dictionary<string, object?> Form(string token = FakeJsonFeedApi.Token) => new()
    {
        [JsonFeedForms.FeedUrl] = FeedUrl,
        [JsonFeedForms.Token] = token,
    };

    private async Task<ConfigureOutcome> CreateAsync(Dictionary<string, object?> form)
    {
        await using var scope = _bed.As(_bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<ConfigureConnectorService>()
            .CreateAsync(JsonFeedConnector.ConnectorKey, new CredentialSubmission("Team news", null, form), Ct);
    }

    private async Task<SyncRun> SyncAsync(Guid accountId)
    {
        await using var scope = _bed.As(_bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<SyncRunner>().RunAsync(accountId, SyncTrigger.Manual, Ct);
    }

    private async Task<VaultEntry?> VaultAsync(Guid accountId)
    {
        await using var scope = _bed.As(_bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<CredentialVault>().GetAsync(accountId, Ct);
    }

    private async Task<T> QueryAsync<T>(Func<ConnectorsDbContext, Task<T>> query)
    {
        await using var scope = _bed.As(_bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await query(db);
    }
}
