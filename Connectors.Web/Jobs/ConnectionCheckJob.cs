using Connectors.Domain.Checks;
using Quartz;

namespace Connectors.Web.Jobs;

/// <summary>The connection-check sweep, every <c>Connectors:Checks:SweepSeconds</c> (60 by default): every due
/// check of an Active account that is not syncing, claimed in the database so several nodes never check one
/// account twice.</summary>
[DisallowConcurrentExecution]
public sealed partial class ConnectionCheckJob(IServiceScopeFactory scopes, ILogger<ConnectionCheckJob> logger) : IJob
{
    public static readonly JobKey Key = new("connection-checks", "connectors");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ConnectionChecks>().SweepAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The connection-check sweep failed; it runs again at its next interval.")]
    private partial void LogFailed(Exception e);
}
