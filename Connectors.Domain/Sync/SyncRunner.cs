using System.Diagnostics;
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
/// documents go into the account's resolved project; <see cref="RunProgress"/> writes progress and the
/// heartbeat; <see cref="RunOutcomes"/> lands the outcome on the account, and a retry it asks for is queued
/// here. A run interrupted by shutdown is re-queued.
/// </summary>
public sealed partial class SyncRunner(
    IDbContextFactory<ConnectorsDbContext> factory,
    AccountStore accounts,
    ConnectorRegistry registry,
    DocumentStore documents,
    AuditLog audit,
    RunOutcomes outcomes,
    IOptions<SyncLivenessOptions> liveness,
    SyncNode node,
    TimeProvider clock,
    SyncProgressHub hub,
    SyncTelemetry telemetry,
    ILogger<SyncRunner> logger)
{
    /// <summary>Starts and runs a sync now, outside the scheduler (the CLI, tests). "Already syncing" when
    /// the account has a queued or running run.</summary>
    public async Task<SyncRun> RunAsync(Guid accountId, SyncTrigger trigger, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var installation = await accounts.LoadAsync(db, accountId, ct);
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
            NodeId = node.Id,
        };
        db.SyncRuns.Add(run);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueIndex.IsViolation(e))
        {
            throw new AlreadySyncingException(installation.Label);
        }

        return await ExecuteAsync(db, run, installation, (false, null), ct);
    }

    /// <summary>Executes a run the scheduler has claimed (Running). Null when the run is no longer running
    /// (finished, recovered, or its account deleted meanwhile).</summary>
    public async Task<SyncRun?> ExecuteClaimedAsync(Guid runId, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        // The run is already claimed (Running): a shutdown during this read must not leave it Running
        // until the stale-run recovery, so it is not cancelled; ExecuteAsync re-queues an interrupted run.
        // One round trip for the run, its account (both tracked: the outcome is saved on them) and the tenant's
        // default project (the account's resolved project): every run pays this start, so it costs one query.
        var loaded = await (
                from r in db.SyncRuns
                where r.Id == runId
                join i in db.Installations on r.InstallationId equals i.Id
                select new { Run = r, Installation = i, TenantDefault = db.Tenants.Where(t => t.Id == i.TenantId).Select(t => t.DefaultProjectKey).FirstOrDefault() })
            .SingleOrDefaultAsync(CancellationToken.None);
        if (loaded is not { Run.Status: SyncRunStatus.Running })
        {
            return null;
        }

        var (run, installation) = (loaded.Run, loaded.Installation);
        var runnable = installation.Status == InstallationStatus.Active
            || (installation.Status == InstallationStatus.Error && run.Trigger == SyncTrigger.Manual);
        if (!runnable)
        {
            // Paused, disconnected or stopped after the run was queued: nothing to do.
            run.Status = SyncRunStatus.Cancelled;
            run.FinishedAt = clock.GetUtcNow().UtcDateTime;
            run.ErrorMessage = $"Not run: the account is {installation.Status}.";
            await db.SaveChangesAsync(CancellationToken.None);
            RunProgress.Publish(hub, clock, run, null);
            return run;
        }

        return await ExecuteAsync(db, run, installation, (true, loaded.TenantDefault), ct);
    }

    /// <param name="tenantDefault">The tenant's default project when the caller read it with the run; else it is
    /// read here (inside the run's error handling, like the connector's own work).</param>
    private async Task<SyncRun> ExecuteAsync(
        ConnectorsDbContext db, SyncRun run, ConnectorInstallation installation, (bool Loaded, string? Key) tenantDefault, CancellationToken ct)
    {
        using var activity = SyncTelemetry.ActivitySource.StartActivity("sync.run");
        activity?.SetTag("connectors.connector", installation.ConnectorKey);
        activity?.SetTag("connectors.account_id", installation.Id.ToString());
        activity?.SetTag("connectors.run_id", run.Id.ToString());
        activity?.SetTag("connectors.trigger", run.Trigger.ToString());
        activity?.SetTag("connectors.kind", run.Kind.ToString());
        activity?.SetTag("connectors.attempt", run.Attempt);

        // Cancelled when another node has recovered the run (this node's heartbeat stalled past the stale
        // threshold): the connector stops and this node records nothing over the recovery.
        using var takenOver = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reporter = new RunProgress(run, takenOver, factory, hub, clock, liveness.Value.Heartbeat, logger);
        var seen = installation.Status;
        var failuresBefore = installation.ConsecutiveFailures;
        reporter.Publish();
        DateTime? retryAt = null;
        DocumentSink? sink = null;
        try
        {
            var connector = registry.Find(installation.ConnectorKey)
                ?? throw new ConnectorConfigurationException($"Connector '{installation.ConnectorKey}' is not registered on this server.");
            var account = tenantDefault.Loaded
                ? AccountStore.Describe(installation, tenantDefault.Key, credentialConnection: await AccountStore.CredentialConnectionAsync(db, installation, ct))
                : await accounts.DescribeAsync(db, installation, ct);
            sink = documents.For(account);
            var context = new SyncContext(account, reporter.Count(sink), reporter);
            SyncResult result;
            using (var pump = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                var flushing = reporter.PumpAsync(pump.Token);
                try
                {
                    result = run.Kind == SyncKind.Full
                        ? await connector.SyncFullAsync(context, takenOver.Token)
                        : await connector.SyncIncrementalAsync(context, installation.LastSuccessAt, takenOver.Token);
                }
                finally
                {
                    await pump.CancelAsync();
                    await flushing;
                }
            }

            outcomes.Succeed(run, installation, result, reporter, await outcomes.CommitRemovalsAsync(sink, run, takenOver.Token));
        }
        catch (PaginationLimitException e)
        {
            // Partial success: what was fetched counts and the connector kept its cursor.
            outcomes.Succeed(run, installation, e.Partial with { PartialReason = e.Partial.PartialReason ?? e.Message }, reporter,
                await outcomes.CommitRemovalsAsync(sink, run, takenOver.Token));
        }
        catch (ConnectorException e)
        {
            retryAt = outcomes.Fail(run, installation, SyncFailures.Categorize(e), e.Message, (e as ConnectorApiException)?.RetryAfter, reporter);
        }
        catch (OperationCanceledException) when (reporter.TakenOver && !ct.IsCancellationRequested)
        {
            LogTakenOver(installation.Id, run.Id);
            activity?.SetStatus(ActivityStatusCode.Error, "taken over");
            return run;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            await RequeueInterruptedAsync(db, run, reporter);
            activity?.SetStatus(ActivityStatusCode.Error, "interrupted");
            return run;
        }
        catch (Exception e) when (SyncFailures.TransientSentence(e) is { } sentence)
        {
            // A connection that dropped under the connector (or a timeout): retried like the connector's
            // own transient failures, stored as the product's sentence only.
            LogTransient(e, installation.Id, run.Id, e.GetType().Name);
            retryAt = outcomes.Fail(run, installation, SyncErrorCategory.Transient, sentence, null, reporter);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Not the connector's own kind of failure (a bug, the database): logged in full, stored without
            // details, since only connector messages are known to be free of secrets.
            LogUnexpected(e, installation.Id, run.Id);
            retryAt = outcomes.Fail(run, installation, SyncErrorCategory.Unexpected,
                $"The sync failed unexpectedly ({e.GetType().Name}); the server log has the details.", null, reporter);
        }

        audit.Record(db, "sync.finished", "account", installation.Id.ToString(), run.Status is SyncRunStatus.Failed
            ? $"Sync of '{installation.Label}': {run.Status} ({run.ErrorCategory})."
            : $"Sync of '{installation.Label}': {run.Status}, {run.Added} added, {run.Updated} updated.");
        await outcomes.RaiseEventsAsync(db, run, installation, seen, failuresBefore, retryAt, CancellationToken.None);
        if (!await outcomes.SaveAsync(db, installation, seen))
        {
            retryAt = null;
        }

        if (retryAt is { } at)
        {
            // Saved after the failed run left the active states: one queued or running run per account.
            db.SyncRuns.Add(new SyncRun
            {
                InstallationId = installation.Id,
                Trigger = SyncTrigger.Retry,
                Kind = run.Kind,
                Status = SyncRunStatus.Queued,
                Attempt = run.Attempt + 1,
                QueuedAt = clock.GetUtcNow().UtcDateTime,
                NotBefore = at,
            });
            await db.SaveChangesAsync(CancellationToken.None);
        }

        var duration = (run.FinishedAt ?? run.StartedAt ?? run.QueuedAt) - (run.StartedAt ?? run.QueuedAt);
        telemetry.RunFinished(installation.ConnectorKey, run.Status, duration, run.Added + run.Updated);
        activity?.SetTag("connectors.outcome", SyncTelemetry.Outcome(run.Status));
        if (run.Status == SyncRunStatus.Failed)
        {
            activity?.SetStatus(ActivityStatusCode.Error, run.ErrorCategory?.ToString());
        }

        reporter.Publish();
        return run;
    }

    /// <summary>Shutdown interrupted the run: it ends Cancelled (what it wrote stays, and so does the
    /// cursor the connector saved) and the same sync is queued again for the next node to pick up.</summary>
    private async Task RequeueInterruptedAsync(ConnectorsDbContext db, SyncRun run, RunProgress reporter)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        run.Status = SyncRunStatus.Cancelled;
        run.FinishedAt = now;
        (run.Added, run.Updated) = reporter.Written;
        reporter.Complete(run);
        run.ErrorMessage = "Interrupted by a server shutdown; queued again.";
        await db.SaveChangesAsync(CancellationToken.None);
        db.SyncRuns.Add(new SyncRun
        {
            InstallationId = run.InstallationId,
            Trigger = run.Trigger,
            Kind = run.Kind,
            Status = SyncRunStatus.Queued,
            Attempt = run.Attempt,
            QueuedAt = now,
        });
        await db.SaveChangesAsync(CancellationToken.None);
        LogRequeued(run.InstallationId, run.Id);
        reporter.Publish();
    }
}
