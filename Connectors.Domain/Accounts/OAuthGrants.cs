using Connectors.Domain.Auditing;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Accounts;

/// <summary>
/// Connecting an account through a provider's consent screen: <see cref="BeginAsync"/> finds or creates the
/// account by label and returns the provider's authorize URL (state and PKCE are the connector's); the
/// callback's <see cref="CompleteAsync"/> consumes the single-use state and lands the outcome on the account.
/// </summary>
public sealed class OAuthGrants(
    AccountStore store,
    ConnectorRegistry registry,
    ActorContext actor,
    AuditLog audit,
    OAuthStateStore states,
    ConnectionOutcomes outcomes,
    TenantOAuthClients tenantApps,
    IOptions<ConnectorsOptions> options)
{
    /// <summary>
    /// Starts an OAuth grant for the account labelled <paramref name="label"/>: an existing account
    /// with that label is re-armed (same id and history), otherwise a Pending one is created. On
    /// re-arm a blank <paramref name="projectKey"/> leaves the binding untouched.
    /// </summary>
    public async Task<OAuthBegin> BeginAsync(string connectorKey, string? label, string? projectKey, CancellationToken ct)
    {
        actor.EnsureCanManage();
        var userId = actor.RequireUserId();
        var connector = registry.Require(connectorKey);
        if (connector is ISupportsCredentialForm)
        {
            throw new ValidationFailedException("connector", $"{connector.DisplayName} is connected with a credential form, not OAuth.");
        }

        if ((connector as IReportsConfiguration)?.MissingConfiguration is { } missing && await tenantApps.FindAsync(connector.Key, ct) is null)
        {
            throw new ValidationFailedException("connector", $"{connector.DisplayName} is not configured on this deployment: set {missing}.");
        }

        var parsedLabel = AccountLabel.Parse(label);
        await using var db = store.Open();
        var binding = await ProjectRegistry.ValidateBindingAsync(db, projectKey, ct);
        var installation = await FindOrCreateAsync(db, connector.Key, parsedLabel, binding, ct);
        var account = await store.DescribeAsync(db, installation, ct);
        var start = await connector.InitiateOAuthAsync(new OAuthInitiation(account, userId, options.Value.OAuthCallbackUri), ct);
        return new OAuthBegin(installation.Id, start.AuthorizeUrl
            ?? throw new InvalidOperationException($"Connector '{connector.Key}' returned no authorize URL."));
    }

    /// <summary>
    /// Completes an OAuth grant from the provider's callback: the state names the account, the connector
    /// consumes it (bound to tenant, account and signed-in user) and stores the credentials. Success turns
    /// the account Active (the caller starts its first sync with <see cref="AccountLifecycle.StartFirstSyncAsync"/>);
    /// a refused grant is recorded on the account. An unknown, expired or reused state throws
    /// <see cref="OAuthStateException"/> and changes nothing.
    /// </summary>
    public async Task<ConfigureOutcome> CompleteAsync(string state, string? code, CancellationToken ct)
    {
        actor.EnsureCanManage();
        var userId = actor.RequireUserId();
        var accountId = await states.FindAccountAsync(state, ct);
        await using var db = store.Open();
        var installation = await store.LoadAsync(db, accountId, ct);
        var connector = registry.Require(installation.ConnectorKey);
        var account = await store.DescribeAsync(db, installation, ct);
        try
        {
            await connector.HandleOAuthCallbackAsync(
                new OAuthCallback(account, userId, state, code, new Dictionary<string, string>(), options.Value.OAuthCallbackUri), ct);
        }
        catch (ConnectorException e) when (e is not PaginationLimitException)
        {
            return await outcomes.FailedAsync(db, installation, e, ct);
        }

        return await outcomes.ConnectedAsync(db, installation, ct);
    }

    private async Task<ConnectorInstallation> FindOrCreateAsync(
        ConnectorsDbContext db, string connectorKey, string label, string? binding, CancellationToken ct)
    {
        var normalized = AccountLabel.Normalize(label);
        for (var attempt = 0; ; attempt++)
        {
            var existing = await db.Installations.SingleOrDefaultAsync(
                i => i.ConnectorKey == connectorKey && i.NormalizedLabel == normalized, ct);
            if (existing is not null)
            {
                if (binding is not null)
                {
                    existing.ProjectKey = binding;
                }

                audit.Record(db, "account.oauth_rearmed", "account", existing.Id.ToString(), $"Re-armed OAuth for '{existing.Label}' ({connectorKey}).");
                await db.SaveChangesAsync(ct);
                return existing;
            }

            var created = new ConnectorInstallation { ConnectorKey = connectorKey, ProjectKey = binding };
            created.Rename(label);
            db.Installations.Add(created);
            audit.Record(db, "account.created", "account", created.Id.ToString(), $"Created OAuth account '{label}' ({connectorKey}).");
            try
            {
                await db.SaveChangesAsync(ct);
                return created;
            }
            catch (DbUpdateException e) when (UniqueIndex.IsViolation(e) && attempt == 0)
            {
                // Another request created it a moment ago: re-arm that one instead.
                db.ChangeTracker.Clear();
            }
        }
    }
}
