using Connectors.Domain.Connectors;
using Connectors.Domain.Events;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;

namespace Connectors.Domain.Checks;

/// <summary>What one connection check leaves on the account, and the event it raises (null when none).</summary>
public sealed record CheckOutcome(
    ConnectionTestStatus TestStatus, int CheckFailures, string? Message, string? Category, bool NeedsReconnect, string? EventKind);

/// <summary>
/// The connection-check rules as pure functions: the cadence (the account's own → the connector's
/// <c>Connectors:PerConnectorCheckMinutes:&lt;key&gt;</c> → <c>Connectors:Checks:DefaultMinutes</c>), the next
/// check by cadence with up to 10 % jitter, and the outcome: refused credentials move an Active account to
/// NeedsReconnect at once; any other failure counts, and the third in a row raises <c>check.failed</c>; a pass
/// after that raises <c>check.recovered</c>.
/// </summary>
public static class CheckSchedule
{
    public const int FailuresBeforeAlert = 3;

    public static int CadenceMinutes(int? accountMinutes, string connectorKey, ConnectorsOptions options) =>
        accountMinutes
        ?? (options.PerConnectorCheckMinutes.TryGetValue(connectorKey, out var perConnector) ? perConnector : options.Checks.DefaultMinutes);

    public static DateTime Next(DateTime now, int cadenceMinutes, double jitterSample) =>
        SyncSchedule.NextByCadence(now, cadenceMinutes, jitterSample);

    public static CheckOutcome Decide(InstallationStatus status, int failuresBefore, HealthStatus health)
    {
        if (health.State != HealthState.Unhealthy)
        {
            return new CheckOutcome(ConnectionTestStatus.Passed, 0, null, null, false,
                failuresBefore >= FailuresBeforeAlert ? AccountEventKinds.CheckRecovered : null);
        }

        var failure = health.Failure ?? HealthFailure.Transient;
        var failures = failuresBefore + 1;
        var category = failure switch
        {
            HealthFailure.Auth => "auth",
            HealthFailure.Configuration => "configuration",
            _ => "transient",
        };
        if (failure == HealthFailure.Auth && status == InstallationStatus.Active)
        {
            return new CheckOutcome(ConnectionTestStatus.Failed, failures, health.Message, category, true, AccountEventKinds.NeedsReconnect);
        }

        return new CheckOutcome(ConnectionTestStatus.Failed, failures, health.Message, category, false,
            failures == FailuresBeforeAlert ? AccountEventKinds.CheckFailed : null);
    }
}
