using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Quartz;

namespace Connectors.Web.Jobs;

/// <summary>
/// <c>/healthz</c>'s "scheduler" entry: Healthy while this node's Quartz scheduler runs and its tick has
/// completed within three tick intervals (or the node has just started); Degraded when the last tick
/// failed or ticks are overdue; Unhealthy when the scheduler is not running. A node with sync turned
/// off reports Healthy and says so.
/// </summary>
public sealed class SchedulerHealthCheck(
    IServiceProvider services, SchedulerState state, IOptions<SyncOptions> options, TimeProvider clock) : IHealthCheck
{
    private readonly DateTimeOffset _createdAt = clock.GetUtcNow();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Enabled)
        {
            return HealthCheckResult.Healthy("Sync is turned off on this node (Connectors:Sync:Enabled = false).");
        }

        var scheduler = await services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        if (scheduler.Status != SchedulerStatus.Running)
        {
            return HealthCheckResult.Unhealthy($"The sync scheduler is not running ({scheduler.Status}).");
        }

        var now = clock.GetUtcNow();
        var interval = TickInterval(now);
        var data = new Dictionary<string, object>
        {
            ["lastTick"] = state.LastTickAt?.ToString("u") ?? "none yet",
            ["runsInFlight"] = state.InFlight,
        };
        if (state.LastTick is { } tick)
        {
            data["waiting"] = tick.Waiting;
        }

        if (state.LastTickError is { } error)
        {
            return HealthCheckResult.Degraded($"The last sync tick failed ({error}).", data: data);
        }

        var since = now - (state.LastTickAt ?? _createdAt);
        return since > interval * 3
            ? HealthCheckResult.Degraded($"No sync tick has completed for {since.TotalMinutes:0} min.", data: data)
            : HealthCheckResult.Healthy("The sync scheduler is running.", data);
    }

    private TimeSpan TickInterval(DateTimeOffset now)
    {
        var cron = CronExpression.Parse(options.Value.TickCron);
        var next = cron.GetNextValidTimeAfter(now);
        var after = next is { } n ? cron.GetNextValidTimeAfter(n) : null;
        return next is { } a && after is { } b ? b - a : TimeSpan.FromMinutes(1);
    }
}
