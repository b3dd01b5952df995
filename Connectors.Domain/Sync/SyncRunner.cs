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
/// documents go into the account's resolved project, and the outcome follows <see cref="SyncSchedule"/>:
/// success schedules the next run by cadence with jitter; an auth failure moves the account to
/// NeedsReconnect; a retryable failure queues a Retry run for when its backoff ends; the 5th consecutive
/// failure puts the account in Error. Dispatching queued runs is the scheduler's job.
/// </summary>
public sealed class SyncRunner(
    IDbContextFactory<ConnectorsDbContext> factory,
    ConnectorRegistry registry,
    DocumentStore documents,
    AuditLog audit,
    IOptions<ConnectorsOptions> options,
    TimeProvider clock,
    SyncJitter jitter,
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
        catch (PaginationLimitException e)
        {
            // Partial success: what was fetched counts and the connector kept its cursor.
            Succeed(run, installation, e.Partial with { PartialReason = e.Partial.PartialReason ?? e.Message });
        }
        catch (ConnectorException e)
        {
            var retryAt = Fail(run, installation, e);
            audit.Record(db, "sync.finished", "account", accountId.ToString(), $"Sync of '{installation.Label}': {run.Status} ({run.ErrorCategory}).");
            await db.SaveChangesAsync(CancellationToken.None);
            if (retryAt is { } at)
            {
                // Saved after the failed run left the active states: one queued or running run per account.
                db.SyncRuns.Add(new SyncRun
                {
                    InstallationId = accountId,
                    Trigger = SyncTrigger.Retry,
                    Kind = run.Kind,
                    Status = SyncRunStatus.Queued,
                    Attempt = run.Attempt + 1,
                    QueuedAt = clock.GetUtcNow().UtcDateTime,
                    NotBefore = at,
                });
                await db.SaveChangesAsync(CancellationToken.None);
            }

            return run;
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
        installation.ErrorJson = null;
        var followUp = SyncSchedule.AfterSuccess(now, CadenceMinutes(installation), jitter.Sample());
        installation.ConsecutiveFailures = followUp.ConsecutiveFailures;
        installation.NextSyncAt = followUp.NextSyncAt;
    }

    /// <summary>Records the failure and the account's follow-up; returns when a retry is due, if any.</summary>
    private DateTime? Fail(SyncRun run, ConnectorInstallation installation, ConnectorException e)
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
        installation.ErrorJson = new AccountError(e.Message, run.ErrorCategory.Value.ToString().ToLowerInvariant(), now).ToJson();
        var followUp = SyncSchedule.AfterFailure(run.ErrorCategory.Value, run.Attempt, installation.ConsecutiveFailures,
            (e as ConnectorApiException)?.RetryAfter, now, CadenceMinutes(installation), jitter.Sample());
        installation.Status = followUp.Status;
        installation.ConsecutiveFailures = followUp.ConsecutiveFailures;
        installation.NextSyncAt = followUp.NextSyncAt;
        logger.LogWarning("Sync of account {AccountId} failed ({Category}), attempt {Attempt}; account {Status}.",
            installation.Id, run.ErrorCategory, run.Attempt, followUp.Status);
        return followUp.RetryAt;
    }

    private int CadenceMinutes(ConnectorInstallation installation) =>
        SyncSchedule.CadenceMinutes(installation.CadenceMinutes, installation.ConnectorKey, options.Value);
}
