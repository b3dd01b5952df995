using Connectors.Domain.Notifications;
using Quartz;

namespace Connectors.Web.Jobs;

/// <summary>Every <c>Connectors:Notifications:PollSeconds</c> (5 by default): hands new account events to the inbox
/// and the matching rules' channels, then sends the deliveries that are due (first attempts and retries).</summary>
[DisallowConcurrentExecution]
public sealed class NotificationJob(IServiceScopeFactory scopes, ILogger<NotificationJob> logger) : ScopedIntervalJob(scopes, logger)
{
    public static readonly JobKey Key = new("notifications", "connectors");

    protected override string What => "Handing out notifications";

    protected override async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        await services.GetRequiredService<NotificationDispatcher>().DispatchAsync(ct);
        await services.GetRequiredService<DeliveryWorker>().SendDueAsync(ct);
    }
}
