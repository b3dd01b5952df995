using System.Net.Sockets;
using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Sync;

public sealed partial class SyncRunner
{
    /// <summary>Stored for a connection that dropped mid-sync (the exception's own message can carry the
    /// remote side's text, so it is never stored).</summary>
    public const string ConnectionDroppedMessage = "The connection to the provider dropped during the sync (a transient failure).";

    public const string MailServerDroppedMessage = "The connection to the mail server dropped during the sync (a transient failure).";

    public const string TlsFailedMessage = "The secure connection (TLS) to the provider failed during the sync (a transient failure).";

    public const string UnreachableMessage = "The provider could not be reached during the sync (a transient failure).";

    public const string TimedOutMessage = "The provider did not answer in time (a transient failure).";

    private static SyncErrorCategory Categorize(ConnectorException e) => e switch
    {
        ConnectorAuthException => SyncErrorCategory.Auth,
        ConnectorConfigurationException => SyncErrorCategory.Configuration,
        ConnectorApiException { RetryAfter: not null } => SyncErrorCategory.RateLimited,
        _ => SyncErrorCategory.Transient,
    };

    /// <summary>The product's sentence when an exception that escaped the connector is a dropped, refused
    /// or timed-out connection (itself or what it wraps) — a transient failure worth a retry; null for
    /// anything else (a bug, the database), which stays Unexpected.</summary>
    internal static string? TransientSentence(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            var sentence = x switch
            {
                MailKit.ServiceNotConnectedException or MailKit.ProtocolException => MailServerDroppedMessage,
                System.Security.Authentication.AuthenticationException => TlsFailedMessage,
                HttpRequestException => UnreachableMessage,
                IOException or SocketException => ConnectionDroppedMessage,
                TimeoutException or OperationCanceledException => TimedOutMessage,
                _ => null,
            };
            if (sentence is not null)
            {
                return sentence;
            }
        }

        return null;
    }

    /// <summary>The account's part of an outcome, taken before a save is retried.</summary>
    private sealed record AccountOutcome(
        InstallationStatus Status, DateTime? NextSyncAt, int ConsecutiveFailures, DateTime? LastSyncAt, DateTime? LastSuccessAt, string? ErrorJson);

    /// <summary>
    /// Saves the run's outcome with the account's follow-up. When the account changed while the run went on
    /// (an admin paused, resumed or edited it: its concurrency stamp moved), the run still records its result
    /// and the account its last sync, but the admin's choice stands: the account keeps the status (and next
    /// sync) the admin gave it, and no retry is queued behind that choice. Returns false in that case, or
    /// when the account was deleted meanwhile (its runs went with it).
    /// </summary>
    private async Task<bool> SaveOutcomeAsync(ConnectorsDbContext db, ConnectorInstallation installation, InstallationStatus seen)
    {
        var keepFollowUp = true;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                return keepFollowUp;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                var entry = db.Entry(installation);
                var current = await entry.GetDatabaseValuesAsync(CancellationToken.None);
                if (current is null)
                {
                    db.ChangeTracker.Clear();
                    LogAccountGone(installation.Id);
                    return false;
                }

                var outcome = new AccountOutcome(installation.Status, installation.NextSyncAt, installation.ConsecutiveFailures,
                    installation.LastSyncAt, installation.LastSuccessAt, installation.ErrorJson);
                entry.CurrentValues.SetValues(current);
                entry.OriginalValues.SetValues(current);
                (installation.LastSyncAt, installation.LastSuccessAt, installation.ErrorJson) = (outcome.LastSyncAt, outcome.LastSuccessAt, outcome.ErrorJson);
                if (installation.Status == seen)
                {
                    // Edited, not paused or resumed: the outcome's follow-up applies as usual.
                    (installation.Status, installation.NextSyncAt, installation.ConsecutiveFailures) =
                        (outcome.Status, outcome.NextSyncAt, outcome.ConsecutiveFailures);
                }
                else
                {
                    keepFollowUp = false;
                    LogAdminChoiceKept(installation.Id, seen, installation.Status);
                }
            }
        }
    }
}
