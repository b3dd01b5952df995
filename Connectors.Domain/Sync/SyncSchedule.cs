using Connectors.Domain.Installations;

namespace Connectors.Domain.Sync;

/// <summary>What a finished run leaves the account with: its status, the failure streak, when it is next
/// synced by cadence, and when a retry of the same sync is due (null when none).</summary>
public sealed record SyncFollowUp(InstallationStatus Status, int ConsecutiveFailures, DateTime? NextSyncAt, DateTime? RetryAt);

/// <summary>
/// The scheduling rules as pure functions of the outcome and the time, so every path is
/// tested with a fixed clock: success → next = now + cadence (+ up to 10 % jitter) and the streak resets;
/// an auth failure → NeedsReconnect, never retried; transient, rate-limited and unexpected failures are
/// retried after 60 s, 300 s and 900 s (or the provider's Retry-After when longer) — three retries, then
/// the next sync by cadence; the 5th consecutive failed run puts the account in Error, unscheduled until
/// resumed. Configuration failures need a person: not retried, but they count toward Error.
/// </summary>
public static class SyncSchedule
{
    public const int ErrorAfterConsecutiveFailures = 5;
    public const double MaxJitter = 0.10;

    public static readonly IReadOnlyList<TimeSpan> RetryDelays = [TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(300), TimeSpan.FromSeconds(900)];

    /// <summary>The account's own cadence, else the connector's configured one, else the default.</summary>
    public static int CadenceMinutes(int? accountCadence, string connectorKey, ConnectorsOptions options) =>
        accountCadence
        ?? (options.PerConnectorCadence.TryGetValue(connectorKey, out var perConnector) ? perConnector : options.DefaultCadenceMinutes);

    /// <summary>now + cadence, spread by up to <see cref="MaxJitter"/> of the cadence so accounts created
    /// together do not all sync in the same minute. <paramref name="jitterSample"/> is in [0, 1).</summary>
    public static DateTime NextByCadence(DateTime now, int cadenceMinutes, double jitterSample)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jitterSample, 0d);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(jitterSample, 1d);
        var cadence = TimeSpan.FromMinutes(cadenceMinutes);
        return now + cadence + (cadence * (MaxJitter * jitterSample));
    }

    /// <summary>The wait before retrying after attempt <paramref name="failedAttempt"/> (1 = the first run)
    /// failed; null when the retries are used up.</summary>
    public static TimeSpan? RetryDelay(int failedAttempt, TimeSpan? retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failedAttempt, 1);
        if (failedAttempt > RetryDelays.Count)
        {
            return null;
        }

        var delay = RetryDelays[failedAttempt - 1];
        return retryAfter is { } wait && wait > delay ? wait : delay;
    }

    public static SyncFollowUp AfterSuccess(DateTime now, int cadenceMinutes, double jitterSample) =>
        new(InstallationStatus.Active, 0, NextByCadence(now, cadenceMinutes, jitterSample), null);

    public static SyncFollowUp AfterFailure(
        SyncErrorCategory category, int failedAttempt, int consecutiveFailuresBefore, TimeSpan? retryAfter,
        DateTime now, int cadenceMinutes, double jitterSample)
    {
        var failures = consecutiveFailuresBefore + 1;
        if (category == SyncErrorCategory.Auth)
        {
            return new SyncFollowUp(InstallationStatus.NeedsReconnect, failures, null, null);
        }

        if (failures >= ErrorAfterConsecutiveFailures)
        {
            return new SyncFollowUp(InstallationStatus.Error, failures, null, null);
        }

        var retryable = category is SyncErrorCategory.Transient or SyncErrorCategory.RateLimited or SyncErrorCategory.Unexpected;
        if (retryable && RetryDelay(failedAttempt, retryAfter) is { } delay)
        {
            // The retry is the next sync: the account shows it as such.
            return new SyncFollowUp(InstallationStatus.Active, failures, now + delay, now + delay);
        }

        return new SyncFollowUp(InstallationStatus.Active, failures, NextByCadence(now, cadenceMinutes, jitterSample), null);
    }
}
