using Connectors.Domain.Auditing;
using Connectors.Domain.Connectors;
using Connectors.Domain.Data;

namespace Connectors.Domain.Installations;

/// <summary>How a finished connect attempt — credential replay or OAuth callback — lands on the
/// account: Active and due for its first sync, or unchanged status with the connector's reason.</summary>
internal static class ConnectionOutcomes
{
    public static async Task<ConfigureOutcome> ConnectedAsync(
        ConnectorsDbContext db, ConnectorInstallation installation, AuditLog audit, DateTime now, CancellationToken ct)
    {
        installation.Status = InstallationStatus.Active;
        installation.ErrorJson = null;
        installation.ConsecutiveFailures = 0;
        installation.NextSyncAt = now;
        audit.Record(db, "account.connected", "account", installation.Id.ToString(), $"Connected '{installation.Label}' ({installation.ConnectorKey}).");
        await db.SaveChangesAsync(ct);
        return new ConfigureOutcome(installation.Id, installation.Status, null, null);
    }

    public static async Task<ConfigureOutcome> FailedAsync(
        ConnectorsDbContext db, ConnectorInstallation installation, ConnectorException error, AuditLog audit, DateTime now, CancellationToken ct)
    {
        installation.ErrorJson = new AccountError(error.Message, Kind(error), now).ToJson();
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
