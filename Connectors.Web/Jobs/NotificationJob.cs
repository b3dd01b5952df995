using Connectors.Domain.Notifications;
using Quartz;

namespace Connectors.Web.Jobs;

/// <summary>Every <c>Connectors:Notifications:PollSeconds</c> (5 by default): hands new account events to the inbox
/// and the matching rules' channels, then sends the deliveries that are due (first attempts and retries).</summary>
[DisallowConcurrentExecution]
public sealed partial class NotificationJob(IServiceScopeFactory scopes, ILogger<NotificationJob> logger) : IJob
{
    public static readonly JobKey Key = new("notifications", "connectors");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<NotificationDispatcher>().DispatchAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<DeliveryWorker>().SendDueAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogFailed(e);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Handing out notifications failed; it runs again at its next interval.")]
    private partial void LogFailed(Exception e);
}
