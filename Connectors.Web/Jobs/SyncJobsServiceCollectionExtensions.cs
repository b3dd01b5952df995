using Connectors.Domain;
using Connectors.Domain.Sync;
using Quartz;

namespace Connectors.Web.Jobs;

public static class SyncJobsServiceCollectionExtensions
{
    /// <summary>Quartz with the tick job (cron <c>Connectors:Sync:TickCron</c>) and the sync job, the
    /// dispatcher that hands "Sync now" runs to it at once, and the scheduler health check. Shutdown
    /// interrupts running syncs and waits for them to re-queue themselves. With
    /// <c>Connectors:Sync:Enabled = false</c> none of it runs on this node.</summary>
    public static IServiceCollection AddSyncJobs(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SyncOptions.Section);
        services.AddOptions<SyncOptions>().Bind(section)
            .Validate(o => CronExpression.TryParse(o.TickCron, out _), $"{SyncOptions.Section}:TickCron is not a valid Quartz cron expression.")
            .Validate(o => o.MaxConcurrentRuns is >= 1 and <= 64, $"{SyncOptions.Section}:MaxConcurrentRuns must be between 1 and 64.")
            .ValidateOnStart();
        services.AddSingleton<SchedulerState>();
        var options = section.Get<SyncOptions>() ?? new SyncOptions();
        if (!options.Enabled)
        {
            return services;
        }

        services.AddSingleton<ISyncDispatcher, QuartzSyncDispatcher>();
        services.AddSingleton<ReadyRunDispatcher>();
        var liveness = configuration.GetSection(SyncLivenessOptions.Section).Get<SyncLivenessOptions>() ?? new SyncLivenessOptions();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s => s.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs);
            q.UseDefaultThreadPool(options.MaxConcurrentRuns + 4); // The runs, the tick, the orphan check, checks and notifications.
            q.AddJob<SyncRunJob>(j => j.WithIdentity(SyncRunJob.Key).StoreDurably());
            q.AddJob<SyncTickJob>(j => j.WithIdentity(SyncTickJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(SyncTickJob.Key).WithIdentity("sync-tick-cron", "connectors")
                .WithCronSchedule(options.TickCron, c => c.WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
            q.AddJob<SyncRecoveryJob>(j => j.WithIdentity(SyncRecoveryJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(SyncRecoveryJob.Key).WithIdentity("sync-recovery-interval", "connectors").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(liveness.CheckInterval).RepeatForever()));
            var connectors = configuration.GetSection(ConnectorsOptions.Section).Get<ConnectorsOptions>() ?? new ConnectorsOptions();
            q.AddJob<ConnectionCheckJob>(j => j.WithIdentity(ConnectionCheckJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(ConnectionCheckJob.Key).WithIdentity("connection-check-interval", "connectors")
                .StartAt(DateTimeOffset.UtcNow.AddSeconds(5))
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(Math.Max(1, connectors.Checks.SweepSeconds))).RepeatForever()));
            q.AddJob<NotificationJob>(j => j.WithIdentity(NotificationJob.Key).StoreDurably());
            q.AddTrigger(t => t.ForJob(NotificationJob.Key).WithIdentity("notification-interval", "connectors").StartNow()
                .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(Math.Max(1, connectors.Notifications.PollSeconds))).RepeatForever()));
        });
        // The database is migrated before the host starts, so the scheduler may start with the host
        // rather than after it: /healthz then answers Running from the very first request.
        services.AddQuartzHostedService(o =>
        {
            o.WaitForJobsToComplete = true;
            o.AwaitApplicationStarted = false;
        });
        return services;
    }
}
