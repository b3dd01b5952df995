using Connectors.Domain.Auditing;
using Connectors.Domain.Checks;
using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Connectors.Domain.Accounts;

/// <summary>
/// The actions on an existing account: pause, resume, test the connection, sync now, full re-sync, the first
/// sync after connecting, and delete. Each checks the manage right, is audited, and reads another tenant's
/// account as not found.
/// </summary>
public sealed class AccountLifecycle(
    AccountStore store,
    ConnectorRegistry registry,
    ActorContext actor,
    AuditLog audit,
    SyncRunQueue runs,
    ConnectionChecks checks,
    TimeProvider clock,
    ILogger<AccountLifecycle> logger)
{
    public async Task PauseAsync(Guid id, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using var db = store.Open();
        var installation = await store.LoadAsync(db, id, ct);
        AccountStore.RequireStatus(installation, "paused", InstallationStatus.Active, InstallationStatus.Error);
        installation.Status = InstallationStatus.Paused;
        installation.NextSyncAt = null;
        audit.Record(db, "account.paused", "account", id.ToString(), $"Paused '{installation.Label}'.");
        await store.SaveAsync(db, installation.Label, ct);
    }

    /// <summary>Resumes a paused account, or one stopped in Error: it is scheduled at once and its
    /// failure count starts over.</summary>
    public async Task ResumeAsync(Guid id, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using var db = store.Open();
        var installation = await store.LoadAsync(db, id, ct);
        AccountStore.RequireStatus(installation, "resumed", InstallationStatus.Paused, InstallationStatus.Error);
        installation.Status = InstallationStatus.Active;
        installation.ConsecutiveFailures = 0;
        installation.ErrorJson = null;
        installation.NextSyncAt = clock.GetUtcNow().UtcDateTime;
        audit.Record(db, "account.resumed", "account", id.ToString(), $"Resumed '{installation.Label}'.");
        await store.SaveAsync(db, installation.Label, ct);
    }

    /// <summary>Checks the connection now with the connector's health probe and records the outcome as a
    /// connection check does (refused credentials move an Active account to NeedsReconnect).</summary>
    public Task<HealthStatus> TestConnectionAsync(Guid id, CancellationToken ct)
    {
        actor.EnsureCanManage();
        return checks.CheckNowAsync(id, ct);
    }

    /// <summary>Queues a manual run and hands it to this node's dispatcher at once. The database allows
    /// one queued or running run per account, so a second request says "already syncing" instead of
    /// starting another. An incremental sync unless the account has never synced.</summary>
    public Task<Guid> SyncNowAsync(Guid id, CancellationToken ct) => QueueManualAsync(id, fullResync: false, ct);

    /// <summary>Like <see cref="SyncNowAsync"/>, but a full sync: the cursor is ignored and rewritten, every
    /// item is fetched again (unchanged documents stay as they are, changed ones are updated).</summary>
    public Task<Guid> FullResyncAsync(Guid id, CancellationToken ct) => QueueManualAsync(id, fullResync: true, ct);

    /// <summary>Queues the first sync of a just-connected Active account (an Install run, full) and dispatches
    /// it at once, so its documents arrive without waiting for the scheduler's tick. Null when a run is
    /// already queued or running (the tick got there first).</summary>
    public async Task<Guid?> StartFirstSyncAsync(Guid id, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using var db = store.Open();
        var installation = await store.LoadAsync(db, id, ct);
        AccountStore.RequireStatus(installation, "synced", InstallationStatus.Active);
        return await runs.QueueAsync(db, installation.TenantId, installation.Id, SyncTrigger.Install, SyncKind.Full, ct);
    }

    private async Task<Guid> QueueManualAsync(Guid id, bool fullResync, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using var db = store.Open();
        var installation = await store.LoadAsync(db, id, ct);
        AccountStore.RequireStatus(installation, "synced", InstallationStatus.Active, InstallationStatus.Error);
        audit.Record(db, fullResync ? "account.full_resync_requested" : "account.sync_requested", "account", id.ToString(),
            fullResync ? $"Requested a full re-sync of '{installation.Label}'." : $"Requested a sync of '{installation.Label}'.");
        var kind = fullResync || installation.LastSuccessAt is null ? SyncKind.Full : SyncKind.Incremental;
        return await runs.QueueAsync(db, installation.TenantId, installation.Id, SyncTrigger.Manual, kind, ct)
            ?? throw new AlreadySyncingException(installation.Label);
    }

    /// <summary>Disconnects (errors are logged, never block), then deletes the account with its vault
    /// row, runs and OAuth states. Its documents are deleted or kept (unlinked) as the user chose.</summary>
    public async Task DeleteAsync(Guid id, bool deleteDocuments, CancellationToken ct)
    {
        actor.EnsureCanManage();
        await using var db = store.Open();
        var installation = await store.LoadAsync(db, id, ct);
        await DisconnectQuietlyAsync(db, installation, ct);
        await db.HeldRemovals.Where(h => h.InstallationId == id).ExecuteDeleteAsync(ct);
        if (deleteDocuments)
        {
            await db.Documents.Where(d => d.InstallationId == id).ExecuteDeleteAsync(ct);
        }

        db.Installations.Remove(installation);
        audit.Record(db, "account.deleted", "account", id.ToString(),
            $"Deleted '{installation.Label}' ({installation.ConnectorKey}); documents {(deleteDocuments ? "deleted" : "kept")}.");
        await store.SaveAsync(db, installation.Label, ct);
    }

    private async Task DisconnectQuietlyAsync(ConnectorsDbContext db, ConnectorInstallation installation, CancellationToken ct)
    {
        if (registry.Find(installation.ConnectorKey) is not { } connector)
        {
            return;
        }

        try
        {
            await connector.DisconnectAsync(await store.DescribeAsync(db, installation, ct), ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Disconnecting account {AccountId} failed; deleting it anyway.", installation.Id);
        }
    }
}
