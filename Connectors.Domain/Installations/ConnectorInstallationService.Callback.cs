using Connectors.Domain.Connectors;
using Connectors.Domain.OAuth;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Installations;

public sealed partial class ConnectorInstallationService
{
    /// <summary>
    /// Completes an OAuth grant from the provider's callback: the state names the account, the connector
    /// consumes it (bound to tenant, account and signed-in user) and stores the credentials. Success turns
    /// the account Active; a refused grant is recorded on the account. An unknown, expired or reused
    /// state throws <see cref="OAuthStateException"/> and changes nothing.
    /// </summary>
    public async Task<ConfigureOutcome> CompleteOAuthAsync(string state, string? code, CancellationToken ct)
    {
        actor.EnsureCanManage();
        var userId = actor.RequireUserId();
        var accountId = await states.FindAccountAsync(state, ct);
        await using var db = factory.CreateDbContext();
        var installation = await AccountAccess.LoadAsync(db, accountId, ct);
        var connector = RequireConnector(installation.ConnectorKey);
        var account = await AccountAccess.DescribeAsync(db, installation, ct);
        try
        {
            await connector.HandleOAuthCallbackAsync(
                new OAuthCallback(account, userId, state, code, new Dictionary<string, string>(), options.Value.OAuthCallbackUri), ct);
        }
        catch (ConnectorException e) when (e is not PaginationLimitException)
        {
            installation.ErrorJson = new AccountError(e.Message, e is ConnectorAuthException ? "auth" : "configuration", clock.GetUtcNow().UtcDateTime).ToJson();
            audit.Record(db, "account.oauth_failed", "account", installation.Id.ToString(), $"OAuth grant for '{installation.Label}' failed.");
            await db.SaveChangesAsync(ct);
            return new ConfigureOutcome(installation.Id, installation.Status, null, e.Message);
        }

        installation.Status = InstallationStatus.Active;
        installation.ErrorJson = null;
        installation.ConsecutiveFailures = 0;
        installation.NextSyncAt = clock.GetUtcNow().UtcDateTime;
        audit.Record(db, "account.connected", "account", installation.Id.ToString(), $"Connected '{installation.Label}' ({installation.ConnectorKey}) through OAuth.");
        await db.SaveChangesAsync(ct);
        return new ConfigureOutcome(installation.Id, installation.Status, null, null);
    }
}
