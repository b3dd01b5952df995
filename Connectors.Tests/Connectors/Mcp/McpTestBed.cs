using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors.Mcp;
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

namespace Connectors.Tests.Connectors.Mcp;

/// <summary>The test bed with the MCP connector, a remote MCP server built with the SDK (<see cref="FakeMcpResourceServer"/>)
/// protected by a local OAuth authorization server (<see cref="FakeMcpAuthorization"/> on a <see cref="FakeProviderServer"/>:
/// discovery, dynamic registration, consent, PKCE, refresh, revocation, tokens bound to the resource), and shortcuts that
/// connect an account through the product's own services and sync it through the runner.</summary>
public sealed class McpTestBed : IAsyncDisposable
{
    private McpTestBed(ConnectorsTestBed bed, FakeProviderServer auth, FakeMcpAuthorization authorization, FakeMcpResourceServer mcp)
    {
        Bed = bed;
        Auth = auth;
        Authorization = authorization;
        Mcp = mcp;
    }

    public ConnectorsTestBed Bed { get; }

    /// <summary>The authorization server's host (OAuth endpoints under provider <c>mcp</c>).</summary>
    public FakeProviderServer Auth { get; }

    public FakeMcpAuthorization Authorization { get; }

    public FakeMcpResourceServer Mcp { get; }

    public FakeOAuthServer OAuth => Auth.OAuth;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<McpTestBed> CreateAsync(
        bool protect = true, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var authorization = new FakeMcpAuthorization();
        var auth = await FakeProviderServer.StartAsync(authorization);
        var mcp = await FakeMcpResourceServer.StartAsync();
        if (protect)
        {
            mcp.ProtectWith(auth);
            auth.OAuth.RequirePkce.Add(FakeMcpAuthorization.ProviderKey);
            auth.OAuth.RequireResource[FakeMcpAuthorization.ProviderKey] = mcp.Url;
        }

        var bed = await ConnectorsTestBed.CreateAsync(settings, (services, configuration) =>
        {
            services.AddMcpConnector(configuration);
            configure?.Invoke(services);
        });
        return new McpTestBed(bed, auth, authorization, mcp);
    }

    public Task<ConfigureOutcome> CreateAsync(string label = "Wiki server", IDictionary<string, object?>? values = null, string? projectKey = "acme-hr") =>
        InScopeAsync(sp => sp.GetRequiredService<ConfigureConnectorService>().CreateAsync(
            McpConnector.ConnectorKey, new CredentialSubmission(label, projectKey, Values(values)), Ct));

    public Task<ConfigureOutcome> ReconnectAsync(Guid accountId, IDictionary<string, object?>? values = null) =>
        InScopeAsync(sp => sp.GetRequiredService<ConfigureConnectorService>().ReconnectAsync(
            accountId, new CredentialSubmission(null, null, Values(values)), Ct));

    /// <summary>Clicks Allow on the fake consent page and hands the redirect's code and state to the app's callback.</summary>
    public Task<ConfigureOutcome> ConsentAsync(Uri authorizeUrl) => CallbackAsync(OAuth.Approve(FakeMcpAuthorization.ProviderKey, authorizeUrl));

    /// <summary>The browser arriving at the app's callback with the consent page's redirect.</summary>
    public Task<ConfigureOutcome> CallbackAsync(string redirect)
    {
        var query = QueryHelpers.ParseQuery(new Uri(redirect).Query);
        return InScopeAsync(sp => sp.GetRequiredService<OAuthGrants>().CompleteAsync(query["state"]!, query["code"], Ct));
    }

    /// <summary>Form → discovery and registration → consent → callback; the account must come out Active.</summary>
    public async Task<Guid> ConnectAsync(string label = "Wiki server")
    {
        var created = await CreateAsync(label);
        created.Error.ShouldBeNull();
        var outcome = await ConsentAsync(created.AuthorizeUrl.ShouldNotBeNull());
        outcome.Error.ShouldBeNull();
        outcome.Status.ShouldBe(InstallationStatus.Active);
        return created.AccountId;
    }

    public Task<SyncRun> RunAsync(Guid accountId) =>
        InScopeAsync(sp => sp.GetRequiredService<SyncRunner>().RunAsync(accountId, SyncTrigger.Manual, Ct));

    public Task DeleteAsync(Guid accountId) => InScopeAsync(async sp =>
    {
        await sp.GetRequiredService<AccountLifecycle>().DeleteAsync(accountId, deleteDocuments: true, Ct);
        return true;
    });

    public Task<List<Document>> DocumentsAsync() => DbAsync(db => db.Documents.AsNoTracking().OrderBy(d => d.ExternalId).ToListAsync(Ct));

    public Task<ConnectorInstallation> AccountAsync(Guid accountId) =>
        DbAsync(db => db.Installations.AsNoTracking().SingleAsync(i => i.Id == accountId, Ct));

    public Task<List<SyncRun>> RunsAsync(Guid accountId) =>
        DbAsync(db => db.SyncRuns.AsNoTracking().Where(r => r.InstallationId == accountId).ToListAsync(Ct));

    public Task<VaultEntry?> VaultAsync(Guid accountId) => InScopeAsync(sp => sp.GetRequiredService<CredentialVault>().GetAsync(accountId, Ct));

    public Task<List<string>> AuditTextAsync() =>
        DbAsync(db => db.AuditEntries.AsNoTracking().Select(a => a.Action + " " + a.Summary).ToListAsync(Ct));

    public async ValueTask DisposeAsync()
    {
        await Bed.DisposeAsync();
        await Mcp.DisposeAsync();
        await Auth.DisposeAsync();
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Bed.As(Bed.Acme);
        return await action(scope.ServiceProvider);
    }

    private Dictionary<string, object?> Values(IDictionary<string, object?>? values)
    {
        var all = new Dictionary<string, object?> { [McpForms.ServerUrl] = Mcp.Url };
        foreach (var (key, value) in values ?? new Dictionary<string, object?>())
        {
            all[key] = value;
        }

        return all;
    }

    private Task<T> DbAsync<T>(Func<ConnectorsDbContext, Task<T>> query) => InScopeAsync(async sp =>
    {
        await using var db = sp.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await query(db);
    });
}
