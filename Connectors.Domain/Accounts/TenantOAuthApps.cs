using Connectors.Domain.Auditing;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;
using Connectors.Domain.Tenancy;
using Connectors.Domain.Vault;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Accounts;

/// <summary>
/// A tenant's own OAuth apps ("bring your own Google OAuth app"): for an OAuth connector, a client id and secret that
/// replace the deployment's <c>Connectors:OAuth:&lt;key&gt;</c> client for this tenant — resolution tenant → deployment →
/// "not configured". Tokens belong to the client they were granted to, so after a switch the accounts connected through
/// the other client are told to reconnect at their next use. Viewers read (never the secret); super-admins change; audited.
/// </summary>
public sealed class TenantOAuthApps(
    AccountStore store, ConnectorRegistry registry, CredentialVault vault, ActorContext actor, TenantContext tenant, AuditLog audit)
{
    /// <summary>Every OAuth connector with the client this tenant uses: its own app's id, or the deployment's, or none.</summary>
    public async Task<IReadOnlyList<OAuthAppView>> ListAsync(CancellationToken ct)
    {
        actor.EnsureCanView();
        await using var db = store.Open();
        var apps = await db.TenantOAuthApps.AsNoTracking().ToDictionaryAsync(a => a.ProviderKey, a => a, ct);
        return [.. OAuthConnectors().Select(c =>
        {
            var deployment = (c as IReportsConfiguration)?.MissingConfiguration is null;
            var own = apps.GetValueOrDefault(c.Key);
            return new OAuthAppView(c.Key, c.DisplayName, own?.ClientId, deployment,
                own is not null ? "tenant" : deployment ? "deployment" : "none", own?.UpdatedAt);
        })];
    }

    /// <summary>Sets (or replaces) the tenant's app for <paramref name="connectorKey"/>; a blank secret keeps the stored one.</summary>
    public async Task<OAuthAppView> SetAsync(string connectorKey, string? clientId, string? clientSecret, CancellationToken ct)
    {
        actor.EnsureCanManage();
        var connector = Require(connectorKey);
        var id = clientId?.Trim();
        if (string.IsNullOrEmpty(id) || id.Length > TenantOAuthApp.ClientIdMaxLength || id.Any(char.IsControl))
        {
            throw new ValidationFailedException("clientId", $"Client ID is required: the OAuth client's id at the provider (at most {TenantOAuthApp.ClientIdMaxLength} characters).");
        }

        await using var db = store.Open();
        var app = await db.TenantOAuthApps.SingleOrDefaultAsync(a => a.ProviderKey == connector.Key, ct);
        if (app is null && string.IsNullOrEmpty(clientSecret))
        {
            throw new ValidationFailedException("clientSecret", "Client secret is required: the OAuth client's secret at the provider.");
        }

        var changed = app is null || app.ClientId != id;
        if (app is null)
        {
            app = new TenantOAuthApp { ProviderKey = connector.Key, ClientId = id, TenantId = tenant.RequireTenantId() };
            db.TenantOAuthApps.Add(app);
        }

        app.ClientId = id;
        audit.Record(db, "oauth_app.set", "oauth_app", connector.Key,
            $"Set the tenant's own OAuth app for {connector.DisplayName} (client {id}){(changed ? "; accounts connected through another client will be asked to reconnect" : "")}.");
        await db.SaveChangesAsync(ct);
        if (!string.IsNullOrEmpty(clientSecret))
        {
            await vault.SetOwnedSecretAsync(app.TenantId, app.Id, clientSecret, ct);
        }

        return (await ListAsync(ct)).Single(v => v.Connector == connector.Key);
    }

    /// <summary>Removes the tenant's app: its accounts go back to the deployment's client (and reconnect through it).</summary>
    public async Task RemoveAsync(string connectorKey, CancellationToken ct)
    {
        actor.EnsureCanManage();
        var connector = Require(connectorKey);
        await using var db = store.Open();
        var app = await db.TenantOAuthApps.SingleOrDefaultAsync(a => a.ProviderKey == connector.Key, ct)
            ?? throw new NotFoundException($"This tenant has no OAuth app of its own for {connector.DisplayName}.");
        db.TenantOAuthApps.Remove(app);
        audit.Record(db, "oauth_app.removed", "oauth_app", connector.Key,
            $"Removed the tenant's own OAuth app for {connector.DisplayName}; its accounts use the deployment's client and are asked to reconnect.");
        await db.SaveChangesAsync(ct);
        await vault.RemoveOwnedSecretAsync(app.Id, ct);
    }

    private IEnumerable<IConnector> OAuthConnectors() => registry.All.Where(c => c is OAuthConnector);

    private IConnector Require(string key)
    {
        var connector = registry.Require(key);
        return connector is OAuthConnector
            ? connector
            : throw new ValidationFailedException("connector", $"{connector.DisplayName} does not sign in through an OAuth app of the tenant's.");
    }
}

/// <summary>The OAuth client a tenant uses for a connector: <c>tenant</c> (its own app, id shown, never the secret),
/// <c>deployment</c> (the operator's), or <c>none</c>.</summary>
public sealed record OAuthAppView(string Connector, string ConnectorName, string? ClientId, bool DeploymentConfigured, string InUse, DateTime? UpdatedAt);
