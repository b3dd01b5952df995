using Connectors.Domain.Auditing;
using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Documents;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Sync;

/// <summary>
/// Runs one sync of one account of the current tenant and records it as a <see cref="SyncRun"/>:
/// documents go into the account's resolved project; success schedules the next run by cadence;
/// a <see cref="ConnectorAuthException"/> moves the account to NeedsReconnect; other failures are
/// recorded with their category. The scheduler (retries, backoff, dispatch) builds on this.
/// </summary>
public sealed class SyncRunner(
    IDbContextFactory<ConnectorsDbContext> factory,
    ConnectorRegistry registry,
    DocumentStore documents,
    AuditLog audit,
    IOptions<ConnectorsOptions> options,
    TimeProvider clock,
    ILogger<SyncRunner> logger)
{
    public async Task<SyncRun> RunAsync(Guid accountId, SyncTrigger trigger, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var installation = await AccountAccess.LoadAsync(db, accountId, ct);
        var connector = registry.Find(installation.ConnectorKey)
            ?? throw new NotFoundException($"Connector '{installation.ConnectorKey}' is not registered.");
        var now = clock.GetUtcNow().UtcDateTime;
        var run = new SyncRun
        {
            InstallationId = accountId,
            Trigger = trigger,
            Kind = installation.LastSuccessAt is null ? SyncKind.Full : SyncKind.Incremental,
            Status = SyncRunStatus.Running,
            QueuedAt = now,
            StartedAt = now,
            HeartbeatAt = now,
        };
        db.SyncRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueConstraint.IsViolation(e))
        {
            throw new ValidationFailedException("account", $"'{installation.Label}' is already syncing.");
        }

        var account = await AccountAccess.DescribeAsync(db, installation, ct);
        var context = new SyncContext(account, documents.For(account), new Progress<SyncProgress>());
        try
        {
            var result = run.Kind == SyncKind.Full
                ? await connector.SyncFullAsync(context, ct)
                : await connector.SyncIncrementalAsync(context, installation.LastSuccessAt, ct);
            Succeed(run, installation, result);
        }
        catch (ConnectorException e)
        {
            Fail(run, installation, e);
        }

        audit.Record(db, "sync.finished", "account", accountId.ToString(), $"Sync of '{installation.Label}': {run.Status}, {run.Added} added, {run.Updated} updated.");
        await db.SaveChangesAsync(CancellationToken.None);
        return run;
    }

    private void Succeed(SyncRun run, ConnectorInstallation installation, SyncResult result)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        run.Status = result.IsPartial ? SyncRunStatus.PartiallySucceeded : SyncRunStatus.Succeeded;
        (run.Seen, run.Added, run.Updated, run.Removed, run.Failed) = (result.Seen, result.Added, result.Updated, result.Removed, result.Failed);
        run.ErrorCategory = result.IsPartial ? SyncErrorCategory.Partial : null;
        run.ErrorMessage = result.PartialReason;
        run.FinishedAt = now;
        installation.LastSyncAt = now;
        installation.LastSuccessAt = now;
        installation.ConsecutiveFailures = 0;
        installation.ErrorJson = null;
        installation.NextSyncAt = now.AddMinutes(CadenceMinutes(installation));
    }

    private void Fail(SyncRun run, ConnectorInstallation installation, ConnectorException e)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        run.Status = SyncRunStatus.Failed;
        run.FinishedAt = now;
        run.ErrorMessage = e.Message.Length > 2000 ? e.Message[..2000] : e.Message;
        run.ErrorCategory = e switch
        {
            ConnectorAuthException => SyncErrorCategory.Auth,
            ConnectorConfigurationException => SyncErrorCategory.Configuration,
            ConnectorApiException { RetryAfter: not null } => SyncErrorCategory.RateLimited,
            _ => SyncErrorCategory.Transient,
        };
        installation.LastSyncAt = now;
        installation.ConsecutiveFailures++;
        installation.ErrorJson = new AccountError(e.Message, run.ErrorCategory.Value.ToString().ToLowerInvariant(), now).ToJson();
        if (e is ConnectorAuthException)
        {
            // Credentials bad or revoked: retrying cannot help until someone reconnects.
            installation.Status = InstallationStatus.NeedsReconnect;
            installation.NextSyncAt = null;
        }

        logger.LogWarning("Sync of account {AccountId} failed ({Category}).", installation.Id, run.ErrorCategory);
    }

    private int CadenceMinutes(ConnectorInstallation installation) =>
        installation.CadenceMinutes
        ?? (options.Value.PerConnectorCadence.TryGetValue(installation.ConnectorKey, out var perConnector) ? perConnector : options.Value.DefaultCadenceMinutes);
}
