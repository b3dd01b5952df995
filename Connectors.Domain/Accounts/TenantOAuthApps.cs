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
/// A tenant's own OAuth apps ("bring your own Google OAuth app"): for an OAuth connector or one of IMAP's XOAUTH2
/// providers (the connectors' <see cref="OAuthAppSlot"/>s), a client id and secret that replace the deployment's
/// <c>Connectors:OAuth:&lt;key&gt;</c> client for this tenant — resolution tenant → deployment → "not configured". Tokens belong to the client they were granted to, so after a switch the accounts connected through
/// the other client are told to reconnect at their next use. Viewers read (never the secret); super-admins change; audited.
/// </summary>
public sealed class TenantOAuthApps(
    AccountStore store, ConnectorRegistry registry, CredentialVault vault, ActorContext actor, TenantContext tenant, AuditLog audit)
{
    /// <summary>Every OAuth client slot with the client this tenant uses: its own app's id, or the deployment's, or none.</summary>
    public async Task<IReadOnlyList<OAuthAppView>> ListAsync(CancellationToken ct)
    {
        actor.EnsureCanView();
        await using var db = store.Open();
        var apps = await db.TenantOAuthApps.AsNoTracking().ToDictionaryAsync(a => a.ProviderKey, a => a, ct);
        return [.. Slots().Select(slot =>
        {
            var own = apps.GetValueOrDefault(slot.Key);
            return new OAuthAppView(slot.Key, slot.Name, own?.ClientId, slot.DeploymentConfigured,
                own is not null ? "tenant" : slot.DeploymentConfigured ? "deployment" : "none", own?.UpdatedAt);
        })];
    }

    /// <summary>Sets (or replaces) the tenant's app for the slot <paramref name="key"/>; a blank secret keeps the stored one.</summary>
    public async Task<OAuthAppView> SetAsync(string key, string? clientId, string? clientSecret, CancellationToken ct)
    {
        actor.EnsureCanManage();
        var connector = Require(key);
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
            $"Set the tenant's own OAuth app for {connector.Name} (client {id}){(changed ? "; accounts connected through another client will be asked to reconnect" : "")}.");
        await db.SaveChangesAsync(ct);
        if (!string.IsNullOrEmpty(clientSecret))
        {
            await vault.SetOwnedSecretAsync(app.TenantId, app.Id, clientSecret, ct);
        }

        return (await ListAsync(ct)).Single(v => v.Connector == connector.Key);
    }

    /// <summary>Removes the tenant's app: its accounts go back to the deployment's client (and reconnect through it).</summary>
    public async Task RemoveAsync(string key, CancellationToken ct)
    {
        actor.EnsureCanManage();
        var connector = Require(key);
        await using var db = store.Open();
        var app = await db.TenantOAuthApps.SingleOrDefaultAsync(a => a.ProviderKey == connector.Key, ct)
            ?? throw new NotFoundException($"This tenant has no OAuth app of its own for {connector.Name}.");
        db.TenantOAuthApps.Remove(app);
        audit.Record(db, "oauth_app.removed", "oauth_app", connector.Key,
            $"Removed the tenant's own OAuth app for {connector.Name}; its accounts use the deployment's client and are asked to reconnect.");
        await db.SaveChangesAsync(ct);
        await vault.RemoveOwnedSecretAsync(app.Id, ct);
    }

    private IEnumerable<OAuthAppSlot> Slots() => registry.All.OfType<IOffersTenantOAuthApps>().SelectMany(c => c.OAuthAppSlots);

    private OAuthAppSlot Require(string key) =>
        Slots().FirstOrDefault(s => s.Key == key)
        ?? (registry.Find(key) is { } connector
            ? throw new ValidationFailedException("connector", $"{connector.DisplayName} does not sign in through an OAuth app of the tenant's.")
            : throw new NotFoundException($"There is no OAuth client '{key}' a tenant can bring its own app for."));
}

/// <summary>The OAuth client a tenant uses for a connector: <c>tenant</c> (its own app, id shown, never the secret),
/// <c>deployment</c> (the operator's), or <c>none</c>.</summary>
public sealed record OAuthAppView(string Connector, string ConnectorName, string? ClientId, bool DeploymentConfigured, string InUse, DateTime? UpdatedAt);
