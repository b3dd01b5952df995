using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Projects;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Installations;

public sealed partial class ConnectorInstallationService
{
    /// <summary>
    /// Starts an OAuth grant for the account labelled <paramref name="label"/>: an existing account
    /// with that label is re-armed (same id and history), otherwise a Pending one is created. On
    /// re-arm a blank <paramref name="projectKey"/> leaves the binding untouched.
    /// </summary>
    public async Task<OAuthBegin> BeginOAuthAsync(string connectorKey, string? label, string? projectKey, CancellationToken ct)
    {
        actor.EnsureCanManage();
        var userId = actor.RequireUserId();
        var connector = RequireConnector(connectorKey);
        if (connector is ISupportsCredentialForm)
        {
            throw new ValidationFailedException("connector", $"{connector.DisplayName} is connected with a credential form, not OAuth.");
        }

        if ((connector as IReportsConfiguration)?.MissingConfiguration is { } missing)
        {
            throw new ValidationFailedException("connector", $"{connector.DisplayName} is not configured on this deployment: set {missing}.");
        }

        var parsedLabel = AccountLabel.Parse(label);
        await using var db = factory.CreateDbContext();
        var binding = await ProjectRegistry.ValidateBindingAsync(db, projectKey, ct);
        var installation = await FindOrCreateForGrantAsync(db, connector.Key, parsedLabel, binding, ct);
        var account = await AccountAccess.DescribeAsync(db, installation, ct);
        var start = await connector.InitiateOAuthAsync(new OAuthInitiation(account, userId, options.Value.OAuthCallbackUri), ct);
        return new OAuthBegin(installation.Id, start.AuthorizeUrl
            ?? throw new InvalidOperationException($"Connector '{connector.Key}' returned no authorize URL."));
    }

    private async Task<ConnectorInstallation> FindOrCreateForGrantAsync(
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
            catch (DbUpdateException e) when (UniqueConstraint.IsViolation(e) && attempt == 0)
            {
                // Another request created it a moment ago: re-arm that one instead.
                db.ChangeTracker.Clear();
            }
        }
    }
}
