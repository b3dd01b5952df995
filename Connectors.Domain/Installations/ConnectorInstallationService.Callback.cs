using Connectors.Domain.Connectors;
using Connectors.Domain.OAuth;
using Connectors.Domain.Sync;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Installations;

public sealed partial class ConnectorInstallationService
{
    /// <summary>
    /// Completes an OAuth grant from the provider's callback: the state names the account, the connector
    /// consumes it (bound to tenant, account and signed-in user) and stores the credentials. Success turns
    /// the account Active (the caller starts its first sync with <see cref="StartFirstSyncAsync"/>); a refused
    /// grant is recorded on the account. An unknown, expired or reused state throws
    /// <see cref="OAuthStateException"/> and changes nothing.
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
            return await ConnectionOutcomes.FailedAsync(db, installation, e, audit, clock.GetUtcNow().UtcDateTime, ct);
        }

        return await ConnectionOutcomes.ConnectedAsync(db, installation, audit, clock.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>Queues the first sync of a just-connected Active account (an Install run, full) and dispatches
    /// it at once, so its documents arrive without waiting for the scheduler's tick. Null when a run is
    /// already queued or running (the tick got there first).</summary>
    public async Task<Guid?> StartFirstSyncAsync(Guid id, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using var db = factory.CreateDbContext();
        var installation = await AccountAccess.LoadAsync(db, id, ct);
        RequireStatus(installation, "synced", InstallationStatus.Active);
        return await QueueAndDispatchAsync(db, installation, SyncTrigger.Install, SyncKind.Full, ct);
    }
}
