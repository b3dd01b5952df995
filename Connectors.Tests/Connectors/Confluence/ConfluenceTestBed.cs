using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors.Confluence;
using Connectors.Domain.Data;
using Connectors.Domain.Documents;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Domain.Vault;
using Connectors.Tests.Fakes;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.Confluence;

/// <summary>The test bed with the real Confluence connector registered, and shortcuts to create accounts
/// through the form (as the dialog, API and CLI do) and to run syncs through the sync runner.</summary>
internal static class ConfluenceTestBed
{
    public static Task<ConnectorsTestBed> CreateAsync(IDictionary<string, string?>? settings = null) =>
        ConnectorsTestBed.CreateAsync(settings, (services, configuration) => services.AddConfluenceConnector(configuration));

    public static Dictionary<string, object?> Form(
        string baseUrl, string token = FakeConfluenceApi.ApiToken, string? spaces = null, string email = FakeConfluenceApi.Email) => new()
    {
        [ConfluenceForms.BaseUrl] = baseUrl,
        [ConfluenceForms.Email] = email,
        [ConfluenceForms.ApiToken] = token,
        [ConfluenceForms.SpaceKeys] = spaces,
    };

    public static async Task<ConfigureOutcome> CreateConfluenceAccountAsync(this ConnectorsTestBed bed, Dictionary<string, object?> form, string label = "Wiki")
    {
        await using var scope = bed.As(bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<ConfigureConnectorService>().CreateAsync(
            ConfluenceConnector.ConnectorKey, new CredentialSubmission(label, null, form), TestContext.Current.CancellationToken);
    }

    /// <summary>A manual run through the sync runner: full on the first success, incremental after.</summary>
    public static async Task<SyncRun> SyncAsync(this ConnectorsTestBed bed, Guid accountId)
    {
        await using var scope = bed.As(bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<SyncRunner>().RunAsync(accountId, SyncTrigger.Manual, TestContext.Current.CancellationToken);
    }

    public static Task<List<Document>> DocumentsAsync(this ConnectorsTestBed bed) =>
        bed.QueryAsync(db => db.Documents.AsNoTracking().OrderBy(d => d.Title).ToListAsync(TestContext.Current.CancellationToken));

    public static Task<List<SyncRun>> RunsAsync(this ConnectorsTestBed bed, Guid accountId) =>
        bed.QueryAsync(db => db.SyncRuns.AsNoTracking().Where(r => r.InstallationId == accountId).ToListAsync(TestContext.Current.CancellationToken));

    public static async Task<VaultEntry?> VaultAsync(this ConnectorsTestBed bed, Guid accountId)
    {
        await using var scope = bed.As(bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<CredentialVault>().GetAsync(accountId, TestContext.Current.CancellationToken);
    }
}
