using Connectors.Domain.Sync;
using Quartz;

namespace Connectors.Web.Jobs;

/// <summary>
/// The orphan check, every half heartbeat (5 s by default) and once at start:
/// fails the Running runs whose node stopped heart-beating for <c>StaleAfterSeconds</c> and hands their
/// retries to the sync job at once, so a node killed mid-sync holds its account for under a minute
/// instead of until the next minute tick. Cheap when nothing is stale (one indexed query); safe on
/// several nodes at once (recovery and claims are conditional updates).
/// </summary>
[DisallowConcurrentExecution]
public sealed partial class SyncRecoveryJob(
    IServiceScopeFactory scopes, ReadyRunDispatcher dispatcher, ILogger<SyncRecoveryJob> logger) : IJob
{
    public static readonly JobKey Key = new("sync-recovery", "connectors");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await CheckAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogCheckFailed(e);
        }
    }

    /// <summary>One check; returns how many runs were recovered.</summary>
    public async Task<int> CheckAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var scheduler = scope.ServiceProvider.GetRequiredService<SyncScheduler>();
        var recovered = await scheduler.RecoverStaleAsync(ct);
        if (recovered > 0)
        {
            await dispatcher.DispatchAsync(scheduler, ct);
        }

        return recovered;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The check for orphaned sync runs failed; the next one tries again.")]
    private partial void LogCheckFailed(Exception e);
}
