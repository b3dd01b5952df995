using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Quartz;

namespace Connectors.Web.Jobs;

/// <summary>
/// Executes one queued run: claims it atomically (Queued → Running; a run another node or
/// an earlier trigger already claimed is left alone), restores its tenant, and lets the runner call the
/// connector and record the outcome. Shutdown cancels the token: the runner re-queues the run.
/// </summary>
public sealed partial class SyncRunJob(IServiceScopeFactory scopes, SchedulerState state, ILogger<SyncRunJob> logger) : IJob
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
        var run = new DispatchableRun(
            Guid.Parse(data.GetString("runId")!), Guid.Parse(data.GetString("tenantId")!), Guid.Parse(data.GetString("accountId")!));
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

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run {RunId} was claimed elsewhere or is no longer queued.")]
    private partial void LogNotClaimed(Guid runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed outside the connector.")]
    private partial void LogFailed(Exception e, Guid runId);
}
