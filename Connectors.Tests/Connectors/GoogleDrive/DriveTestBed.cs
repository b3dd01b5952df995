using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.GoogleDrive;
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

namespace Connectors.Tests.Connectors.GoogleDrive;

/// <summary>The test bed with the Google Drive connector pointed at <see cref="FakeGoogleDriveApi"/> on a
/// <see cref="FakeProviderServer"/> (list pages of 2, a 4 KiB size cap), and shortcuts that connect an
/// account through the real OAuth flow and sync it the way the sync engine does.</summary>
public sealed class DriveTestBed : IAsyncDisposable
{
    public const int PageSize = 2;
    public const int MaxFileBytes = 4096;

    private DriveTestBed(ConnectorsTestBed bed, FakeProviderServer server, FakeGoogleDriveApi drive)
    {
        Bed = bed;
        Server = server;
        Drive = drive;
    }

    public ConnectorsTestBed Bed { get; }

    public FakeProviderServer Server { get; }

    public FakeGoogleDriveApi Drive { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<DriveTestBed> CreateAsync(bool configured = true, long maxFileBytes = MaxFileBytes, int pageSize = PageSize)
    {
        var drive = new FakeGoogleDriveApi();
        var server = await FakeProviderServer.StartAsync(drive);
        server.OAuth.RequirePkce.Add(FakeGoogleDriveApi.Provider);
        var section = $"Connectors:OAuth:{GoogleDriveConnector.ConnectorKey}";
        var settings = new Dictionary<string, string?>
        {
            [$"{section}:ClientId"] = configured ? FakeOAuthServer.ClientId : null,
            [$"{section}:ClientSecret"] = FakeOAuthServer.ClientSecret,
            [$"{section}:AuthorizeEndpoint"] = server.OAuth.AuthorizeEndpoint(FakeGoogleDriveApi.Provider),
            [$"{section}:TokenEndpoint"] = server.OAuth.TokenEndpoint(FakeGoogleDriveApi.Provider),
            [$"{section}:RevocationEndpoint"] = server.OAuth.RevocationEndpoint(FakeGoogleDriveApi.Provider),
            [$"{section}:ApiBaseUrl"] = server.BaseUrl + "/",
            [$"{GoogleDriveOptions.Section}:PageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{GoogleDriveOptions.Section}:MaxFileBytes"] = maxFileBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var bed = await ConnectorsTestBed.CreateAsync(settings, (services, configuration) => services.AddGoogleDriveConnector(configuration));
        return new DriveTestBed(bed, server, drive);
    }

    public Task<OAuthBegin> BeginAsync(string label = "Team drive", string? projectKey = "acme-hr") =>
        InScopeAsync(sp => sp.GetRequiredService<OAuthGrants>().BeginAsync(GoogleDriveConnector.ConnectorKey, label, projectKey, Ct));

    /// <summary>Clicks Allow on the fake consent page and hands the redirect's code and state to the app.</summary>
    public Task<ConfigureOutcome> CompleteAsync(OAuthBegin begin)
    {
        var redirect = new Uri(Server.OAuth.Approve(FakeGoogleDriveApi.Provider, begin.AuthorizeUrl));
        var query = QueryHelpers.ParseQuery(redirect.Query);
        return InScopeAsync(sp => sp.GetRequiredService<OAuthGrants>().CompleteAsync(query["state"]!, query["code"], Ct));
    }

    /// <summary>Begin → consent → callback; the account must come out Active.</summary>
    public async Task<Guid> ConnectAsync(string label = "Team drive", string? projectKey = "acme-hr")
    {
        var begin = await BeginAsync(label, projectKey);
        var outcome = await CompleteAsync(begin);
        outcome.Error.ShouldBeNull();
        outcome.Status.ShouldBe(InstallationStatus.Active);
        return begin.AccountId;
    }

    /// <summary>A sync through the runner (full the first time, incremental after a success).</summary>
    public Task<SyncRun> RunAsync(Guid accountId) =>
        InScopeAsync(sp => sp.GetRequiredService<SyncRunner>().RunAsync(accountId, SyncTrigger.Manual, Ct));

    /// <summary>The connector's incremental sync called directly, each call in its own scope, as
    /// concurrent runs on one node would.</summary>
    public Task<SyncResult> SyncIncrementalAsync(Guid accountId, IProgress<SyncProgress>? progress = null) => InScopeAsync(async sp =>
    {
        var summary = await sp.GetRequiredService<AccountQueries>().GetAccountAsync(accountId, Ct);
        var account = new ConnectorAccount(summary.Id, Bed.Acme, summary.ConnectorKey, summary.Label, summary.ResolvedProjectKey, summary.Config);
        var connector = sp.GetRequiredService<ConnectorRegistry>().Find(GoogleDriveConnector.ConnectorKey)!;
        var sink = sp.GetRequiredService<DocumentStore>().For(account);
        var result = await connector.SyncIncrementalAsync(new SyncContext(account, sink, progress ?? new Progress<SyncProgress>()), Bed.Clock.GetUtcNow().UtcDateTime, Ct);
        await sink.CommitRemovalsAsync(Guid.NewGuid(), 0.2, 50, Ct); // As the runner does when the run ends.
        return result;
    });

    /// <summary>Changes the account's settings as the Settings dialog does.</summary>
    public Task<AccountSettings> SettingsAsync(Guid accountId, Dictionary<string, object?> values) =>
        InScopeAsync(sp => sp.GetRequiredService<AccountSettingsService>().UpdateAsync(accountId, values, Ct));

    /// <summary>The live options of a settings field, as the Settings dialog lists them.</summary>
    public Task<DiscoveryResult> DiscoverAsync(Guid accountId, string field) =>
        InScopeAsync(sp => sp.GetRequiredService<AccountSettingsService>().DiscoverAsync(accountId, field, Ct));

    public Task<List<Document>> DocumentsAsync() => DbAsync(db => db.Documents.AsNoTracking().OrderBy(d => d.Title).ToListAsync(Ct));

    public Task<ConnectorInstallation> AccountAsync(Guid accountId) =>
        DbAsync(db => db.Installations.AsNoTracking().SingleAsync(i => i.Id == accountId, Ct));

    public Task<List<SyncRun>> RunsAsync(Guid accountId) =>
        DbAsync(db => db.SyncRuns.AsNoTracking().Where(r => r.InstallationId == accountId).ToListAsync(Ct));

    public Task<VaultEntry?> VaultAsync(Guid accountId) => InScopeAsync(sp => sp.GetRequiredService<CredentialVault>().GetAsync(accountId, Ct));

    public Task SetCursorAsync(Guid accountId, string pageToken) => InScopeAsync(async sp =>
    {
        await sp.GetRequiredService<CredentialVault>().SetExtraKeyAsync(accountId, GoogleDriveConnector.CursorKey, JsonValue.Create(pageToken), Ct);
        return true;
    });

    public async Task<string?> CursorAsync(Guid accountId) =>
        (await VaultAsync(accountId))?.Extra[GoogleDriveConnector.CursorKey]?.GetValue<string>();

    public async ValueTask DisposeAsync()
    {
        await Bed.DisposeAsync();
        await Server.DisposeAsync();
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Bed.As(Bed.Acme);
        return await action(scope.ServiceProvider);
    }

    private Task<T> DbAsync<T>(Func<ConnectorsDbContext, Task<T>> query) => InScopeAsync(async sp =>
    {
        await using var db = sp.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await query(db);
    });
}

/// <summary>Records progress reports as they are made (<see cref="Progress{T}"/> would post them later).</summary>
public sealed class RecordingProgress : IProgress<SyncProgress>
{
    public ConcurrentQueue<SyncProgress> Reports { get; } = new();

    public void Report(SyncProgress value) => Reports.Enqueue(value);
}
