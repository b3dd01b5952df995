using Quartz;

namespace Connectors.Web.Jobs;

/// <summary>A job that runs one unit of domain work in its own scope on an interval; a failure is logged and the
/// next interval tries again (a stopping node's cancellation is not a failure).</summary>
public abstract partial class ScopedIntervalJob(IServiceScopeFactory scopes, ILogger logger) : IJob
{
    /// <summary>What the job does, for the log ("The connection-check sweep").</summary>
    protected abstract string What { get; }

    protected abstract Task RunAsync(IServiceProvider services, CancellationToken ct);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await RunAsync(scope.ServiceProvider, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogFailed(logger, e, What);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{What} failed; it runs again at its next interval.")]
    private static partial void LogFailed(ILogger logger, Exception e, string what);
}
