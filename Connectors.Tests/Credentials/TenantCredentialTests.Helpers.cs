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

/// <summary>The tenant-credential tests' shortcuts: a credential and accounts on it, reads of what was stored.</summary>
public sealed partial class TenantCredentialTests
{
    private async Task<Guid> CreateCredentialAsync() =>
        (await InScopeAsync(s => s.CreateAsync(ConfluenceConnector.ConnectorKey, "Atlassian bot", CredentialValues(), Ct))).Id;

    private Task<ConfigureOutcome> CreateAccountAsync(string label, Guid credential, string spaces, Dictionary<string, object?>? more = null) =>
        Bed.InScopeAsync(sp =>
        {
            var values = new Dictionary<string, object?> { [ConfluenceForms.SpaceKeys] = spaces };
            foreach (var (key, value) in more ?? [])
            {
                values[key] = value;
            }

            return sp.GetRequiredService<ConfigureConnectorService>().CreateAsync(
                ConfluenceConnector.ConnectorKey, new CredentialSubmission(label, null, values, credential), Ct);
        });

    private Task<ConnectorInstallation> AccountAsync(Guid id) =>
        Bed.QueryAsync(db => db.Installations.AsNoTracking().SingleAsync(i => i.Id == id, Ct));

    private Task<List<string>> AuditAsync() =>
        Bed.QueryAsync(db => db.AuditEntries.AsNoTracking().Select(a => a.Action + " " + a.Summary).ToListAsync(Ct));

    private async Task<string?> SecretOnAsync(IServiceProvider node, Guid account)
    {
        await using var scope = node.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(Bed.Acme);
        return (await scope.ServiceProvider.GetRequiredService<CredentialVault>().GetAsync(account, Ct))?.Secrets[ConfluenceForms.ApiToken];
    }

    private Task<T> InScopeAsync<T>(Func<TenantCredentials, Task<T>> action) => Bed.InScopeAsync(sp => action(sp.GetRequiredService<TenantCredentials>()));

    private Task<TResult> InScopeAsync<TService, TResult>(Func<TService, Task<TResult>> action)
        where TService : notnull =>
        Bed.InScopeAsync(sp => action(sp.GetRequiredService<TService>()));
}
