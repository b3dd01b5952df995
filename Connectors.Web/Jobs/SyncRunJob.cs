using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Quartz;

namespace Connectors.Web.Jobs;

/// <summary>
/// Executes one queued run: claims it atomically (Queued → Running; a run another node or
/// an earlier trigger already claimed is left alone), restores its tenant, and lets the runner call the
/// connector and record the outcome. When it ends, the slot it held takes the next queued run at once and runs
/// it in the same job (no waiting for a tick, no trip through Quartz); other free slots get theirs through Quartz.
/// Shutdown cancels the token: the runner re-queues the run.
/// </summary>
public sealed partial class SyncRunJob(
    IServiceScopeFactory scopes, SchedulerState state, ReadyRunDispatcher dispatcher, ILogger<SyncRunJob> logger) : IJob
{
    public static readonly JobKey Key = new("sync-run", "connectors");

    public static JobDataMap Data(DispatchableRun run) => new()
    {
        ["runId"] = run.RunId.ToString(),
        ["tenantId"] = run.TenantId.ToString(),
        ["accountId"] = run.InstallationId.ToString(),
    };

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        DispatchableRun? run = new(
            Guid.Parse(data.GetString("runId")!), Guid.Parse(data.GetString("tenantId")!), Guid.Parse(data.GetString("accountId")!));

        // The slot keeps going while runs are ready: the run that ends takes the next one itself (reserved in
        // flight here, claimed like any other), so a busy slot pays no trip through Quartz between runs.
        while (run is not null)
        {
            await RunOneAsync(run, cancellationToken);
            run = cancellationToken.IsCancellationRequested ? null : await StartNextAsync(cancellationToken);
        }
    }

    private async Task RunOneAsync(DispatchableRun run, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            if (!await services.GetRequiredService<SyncScheduler>().ClaimAsync(run, cancellationToken))
            {
                LogNotClaimed(run.RunId);
                return;
            }

            services.GetRequiredService<TenantContext>().Use(run.TenantId);
            services.GetRequiredService<ActorContext>().UseSystem("scheduler");
            await services.GetRequiredService<SyncRunner>().ExecuteClaimedAsync(run.RunId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown before the run started: it is still queued (or the runner re-queued it).
        }
        catch (Exception e)
        {
            // A claimed run that could not record its outcome is failed by the stale-run recovery.
            LogFailed(e, run.RunId);
        }
        finally
        {
            state.EndDispatch(run.RunId);
        }
    }

    /// <summary>Takes the next queued run whose time has come for this slot, and hands any other free slot
    /// its own. Null when none is ready.</summary>
    private async Task<DispatchableRun?> StartNextAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await dispatcher.TakeNextAsync(scope.ServiceProvider.GetRequiredService<SyncScheduler>(), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e)
        {
            // The next tick hands them over instead.
            LogStartNextFailed(e);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run {RunId} was claimed elsewhere or is no longer queued.")]
    private partial void LogNotClaimed(Guid runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not start the next queued run after a run ended; the next tick does.")]
    private partial void LogStartNextFailed(Exception e);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed outside the connector.")]
    private partial void LogFailed(Exception e, Guid runId);
}
