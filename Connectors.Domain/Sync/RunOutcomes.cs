using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Documents;
using Connectors.Domain.Events;
using Connectors.Domain.Installations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Sync;

/// <summary>
/// How a finished run lands on its account, following <see cref="SyncSchedule"/>: success schedules the next
/// run by cadence with jitter; an auth failure moves the account to NeedsReconnect; a retryable failure asks
/// for a Retry run when its backoff ends; the 5th consecutive failure puts the account in Error. Saving keeps
/// an admin's pause or resume made while the run went on.
/// </summary>
public sealed partial class RunOutcomes(IOptions<ConnectorsOptions> options, TimeProvider clock, SyncJitter jitter, ILogger<RunOutcomes> logger)
{
    /// <summary>Records a (partly) successful run — held, when the deletion brake held its removals — and schedules the
    /// account's next sync by its cadence.</summary>
    public void Succeed(SyncRun run, ConnectorInstallation installation, SyncResult result, RunProgress progress, RemovalOutcome? removals = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        run.Status = removals is { Held: > 0 } ? SyncRunStatus.Held : result.IsPartial ? SyncRunStatus.PartiallySucceeded : SyncRunStatus.Succeeded;
        (run.Seen, run.Added, run.Updated, run.Removed, run.Failed) = (result.Seen, result.Added, result.Updated, removals?.Removed ?? result.Removed, result.Failed);
        run.Held = removals?.Held ?? 0;
        run.ErrorCategory = result.IsPartial ? SyncErrorCategory.Partial : null;
        run.ErrorMessage = removals is { Held: > 0 } held
            ? $"{HeldSentence(held)}{(result.PartialReason is { } reason ? " " + reason : "")}"
            : result.PartialReason;
        run.FinishedAt = now;
        run.HeartbeatAt = now;
        progress.Complete(run);
        installation.LastSyncAt = now;
        installation.LastSuccessAt = now;
        installation.ErrorJson = null;
        var followUp = SyncSchedule.AfterSuccess(now, CadenceMinutes(installation), jitter.Sample());
        installation.Status = followUp.Status;
        installation.ConsecutiveFailures = followUp.ConsecutiveFailures;
        installation.NextSyncAt = followUp.NextSyncAt;
    }

    /// <summary>Applies or holds the removals a finished run collected (<see cref="DocumentSink.CommitRemovalsAsync"/>)
    /// with the configured brake.</summary>
    public Task<RemovalOutcome> CommitRemovalsAsync(DocumentSink? sink, SyncRun run, CancellationToken ct) =>
        sink is null
            ? Task.FromResult(RemovalOutcome.None)
            : sink.CommitRemovalsAsync(run.Id, options.Value.Deletions.HoldShare, options.Value.Deletions.HoldFloor, ct);

    /// <summary>The held run's message, in the product's words.</summary>
    public string HeldSentence(RemovalOutcome held) =>
        $"Removals held: this run would remove {held.Held:N0} of the account's {held.Documents:N0} documents (more than "
        + $"{options.Value.Deletions.HoldShare:P0} and more than {options.Value.Deletions.HoldFloor:N0}), so nothing was removed. "
        + "Apply the removals or keep the documents.";

    /// <summary>Records the failure and the account's follow-up; returns when a retry is due, if any.</summary>
    public DateTime? Fail(SyncRun run, ConnectorInstallation installation, SyncErrorCategory category, string message, TimeSpan? retryAfter, RunProgress progress)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        run.Status = SyncRunStatus.Failed;
        run.FinishedAt = now;
        run.HeartbeatAt = now;
        (run.Added, run.Updated) = progress.Written;
        progress.Complete(run);
        run.ErrorMessage = message.Length > 2000 ? message[..2000] : message;
        run.ErrorCategory = category;
        installation.LastSyncAt = now;
        installation.ErrorJson = new AccountError(run.ErrorMessage, category.ToString().ToLowerInvariant(), now).ToJson();
        var followUp = SyncSchedule.AfterFailure(category, run.Attempt, installation.ConsecutiveFailures,
            retryAfter, now, CadenceMinutes(installation), jitter.Sample());
        installation.Status = followUp.Status;
        installation.ConsecutiveFailures = followUp.ConsecutiveFailures;
        installation.NextSyncAt = followUp.NextSyncAt;
        LogFailed(installation.Id, category, run.Attempt, followUp.Status);
        return followUp.RetryAt;
    }

    /// <summary>
    /// The events the outcome raises, added to the run's context so they commit with it: a success after failures
    /// (or from NeedsReconnect or Error) → <c>account.recovered</c>; a failure that moved the account to
    /// NeedsReconnect → <c>account.needs_reconnect</c>, to Error → <c>account.stopped</c>; otherwise the
    /// <see cref="FailingAfterConsecutiveFailures"/>th failure in a row → <c>account.failing</c>, and a failure
    /// with no retry left → <c>sync.failed</c>.
    /// </summary>
    public async Task RaiseEventsAsync(
        ConnectorsDbContext db, SyncRun run, ConnectorInstallation installation, InstallationStatus statusBefore, int failuresBefore,
        DateTime? retryAt, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (run.Status == SyncRunStatus.Held)
        {
            await AccountEvents.RaiseAsync(db, installation, AccountEventKinds.SyncHeld, null, run.ErrorMessage ?? "Removals held.", now, ct);
        }

        if (run.Status is SyncRunStatus.Succeeded or SyncRunStatus.PartiallySucceeded or SyncRunStatus.Held)
        {
            if (failuresBefore > 0 || statusBefore is InstallationStatus.NeedsReconnect or InstallationStatus.Error)
            {
                await AccountEvents.RaiseAsync(db, installation, AccountEventKinds.Recovered, null,
                    "The account synced successfully again.", now, ct);
            }

            return;
        }

        if (run.Status != SyncRunStatus.Failed)
        {
            return;
        }

        var category = run.ErrorCategory switch
        {
            SyncErrorCategory.RateLimited => "rate-limited",
            { } known => known.ToString().ToLowerInvariant(),
            null => null,
        };
        var message = run.ErrorMessage ?? "The sync failed.";
        if (installation.Status == InstallationStatus.NeedsReconnect && statusBefore != InstallationStatus.NeedsReconnect)
        {
            await AccountEvents.RaiseAsync(db, installation, AccountEventKinds.NeedsReconnect, category,
                $"The provider refused the account's credentials: {message} Reconnect the account to resume syncing.", now, ct);
        }
        else if (installation.Status == InstallationStatus.Error && statusBefore != InstallationStatus.Error)
        {
            await AccountEvents.RaiseAsync(db, installation, AccountEventKinds.Stopped, category,
                $"Stopped after {installation.ConsecutiveFailures} failed runs in a row: {message} Resume the account once the cause is fixed.", now, ct);
        }
        else if (installation.Status == InstallationStatus.Active)
        {
            if (installation.ConsecutiveFailures == FailingAfterConsecutiveFailures)
            {
                await AccountEvents.RaiseAsync(db, installation, AccountEventKinds.Failing, category,
                    $"{installation.ConsecutiveFailures} failed runs in a row (the account stops at {SyncSchedule.ErrorAfterConsecutiveFailures}): {message}", now, ct);
            }

            if (retryAt is null)
            {
                await AccountEvents.RaiseAsync(db, installation, AccountEventKinds.SyncFailed, category,
                    $"The sync failed after its retries: {message}", now, ct);
            }
        }
    }

    /// <summary>Consecutive failed runs that raise the <c>account.failing</c> warning.</summary>
    public const int FailingAfterConsecutiveFailures = 3;

    /// <summary>The account's part of an outcome, taken before a save is retried.</summary>
    private sealed record AccountOutcome(
        InstallationStatus Status, DateTime? NextSyncAt, int ConsecutiveFailures, DateTime? LastSyncAt, DateTime? LastSuccessAt, string? ErrorJson);

    /// <summary>
    /// Saves the run's outcome with the account's follow-up. When the account changed while the run went on
    /// (an admin paused, resumed or edited it: its concurrency stamp moved), the run still records its result
    /// and the account its last sync, but the admin's choice stands: the account keeps the status (and next
    /// sync) the admin gave it, and no retry is queued behind that choice. Returns false in that case, or
    /// when the account was deleted meanwhile (its runs went with it).
    /// </summary>
    public async Task<bool> SaveAsync(ConnectorsDbContext db, ConnectorInstallation installation, InstallationStatus seen)
    {
        var keepFollowUp = true;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                return keepFollowUp;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                var entry = db.Entry(installation);
                var current = await entry.GetDatabaseValuesAsync(CancellationToken.None);
                if (current is null)
                {
                    db.ChangeTracker.Clear();
                    LogAccountGone(installation.Id);
                    return false;
                }

                var outcome = new AccountOutcome(installation.Status, installation.NextSyncAt, installation.ConsecutiveFailures,
                    installation.LastSyncAt, installation.LastSuccessAt, installation.ErrorJson);
                entry.CurrentValues.SetValues(current);
                entry.OriginalValues.SetValues(current);
                (installation.LastSyncAt, installation.LastSuccessAt, installation.ErrorJson) = (outcome.LastSyncAt, outcome.LastSuccessAt, outcome.ErrorJson);
                if (installation.Status == seen)
                {
                    // Edited, not paused or resumed: the outcome's follow-up applies as usual.
                    (installation.Status, installation.NextSyncAt, installation.ConsecutiveFailures) =
                        (outcome.Status, outcome.NextSyncAt, outcome.ConsecutiveFailures);
                }
                else
                {
                    keepFollowUp = false;
                    LogAdminChoiceKept(installation.Id, seen, installation.Status);
                }
            }
        }
    }

    private int CadenceMinutes(ConnectorInstallation installation) =>
        SyncSchedule.CadenceMinutes(installation.CadenceMinutes, installation.ConnectorKey, options.Value);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sync of account {AccountId} failed ({Category}), attempt {Attempt}; account {Status}.")]
    private partial void LogFailed(Guid accountId, SyncErrorCategory category, int attempt, InstallationStatus status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} went from {Seen} to {Now} while it synced: the run's result is recorded, the account keeps {Now}.")]
    private partial void LogAdminChoiceKept(Guid accountId, InstallationStatus seen, InstallationStatus now);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {AccountId} was deleted while it synced; its runs went with it.")]
    private partial void LogAccountGone(Guid accountId);
}
