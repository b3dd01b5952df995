using Connectors.Domain.Auditing;
using Connectors.Domain.Checks;
using Connectors.Domain.Data;
using Connectors.Domain.Events;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Accounts;

/// <summary>How a finished connect attempt — credential replay or OAuth callback — lands on the
/// account: Active and due for its first sync, or unchanged status with the connector's reason.</summary>
public sealed class ConnectionOutcomes(AuditLog audit, TimeProvider clock, IOptions<ConnectorsOptions> options)
{
    public async Task<ConfigureOutcome> ConnectedAsync(ConnectorsDbContext db, ConnectorInstallation installation, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (installation.Status is InstallationStatus.NeedsReconnect or InstallationStatus.Error)
        {
            // Reconnected: closes the account's open problem (the dispatcher drops it when there is none).
            await AccountEvents.RaiseAsync(db, installation, AccountEventKinds.Recovered, null, "The account was reconnected.", now, ct);
        }

        installation.Status = InstallationStatus.Active;
        installation.ErrorJson = null;
        installation.ConsecutiveFailures = 0;
        installation.CheckFailures = 0;
        installation.NextSyncAt = now;
        installation.NextCheckAt = now + TimeSpan.FromMinutes(CheckSchedule.CadenceMinutes(installation.CheckMinutes, installation.ConnectorKey, options.Value));
        audit.Record(db, "account.connected", "account", installation.Id.ToString(), $"Connected '{installation.Label}' ({installation.ConnectorKey}).");
        await db.SaveChangesAsync(ct);
        return new ConfigureOutcome(installation.Id, installation.Status, null, null);
    }

    public async Task<ConfigureOutcome> FailedAsync(
        ConnectorsDbContext db, ConnectorInstallation installation, ConnectorException error, CancellationToken ct)
    {
        installation.ErrorJson = new AccountError(error.Message, Kind(error), clock.GetUtcNow().UtcDateTime).ToJson();
        audit.Record(db, "account.connect_failed", "account", installation.Id.ToString(), $"Connecting '{installation.Label}' failed.");
        await db.SaveChangesAsync(ct);
        return new ConfigureOutcome(installation.Id, installation.Status, null, error.Message);
    }

    private static string Kind(ConnectorException e) => e switch
    {
        ConnectorAuthException => "auth",
        ConnectorConfigurationException => "configuration",
        _ => "transient",
    };
}
