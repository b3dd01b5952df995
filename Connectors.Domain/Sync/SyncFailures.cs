using System.Net.Sockets;
using Connectors.Domain.Errors;

namespace Connectors.Domain.Sync;

/// <summary>How a failed sync is classified and what is stored for it: the connector's own exceptions map to a
/// category; a connection that dropped under the connector is a transient failure stored as the product's
/// sentence, never the exception's text (it can carry the remote side's words).</summary>
public static class SyncFailures
{
    /// <summary>Stored for a connection that dropped mid-sync (the exception's own message can carry the
    /// remote side's text, so it is never stored).</summary>
    public const string ConnectionDroppedMessage = "The connection to the provider dropped during the sync (a transient failure).";

    public const string MailServerDroppedMessage = "The connection to the mail server dropped during the sync (a transient failure).";

    public const string TlsFailedMessage = "The secure connection (TLS) to the provider failed during the sync (a transient failure).";

    public const string UnreachableMessage = "The provider could not be reached during the sync (a transient failure).";

    public const string TimedOutMessage = "The provider did not answer in time (a transient failure).";

    public static SyncErrorCategory Categorize(ConnectorException e) => e switch
    {
        ConnectorAuthException => SyncErrorCategory.Auth,
        ConnectorConfigurationException => SyncErrorCategory.Configuration,
        ConnectorApiException { RetryAfter: not null } => SyncErrorCategory.RateLimited,
        _ => SyncErrorCategory.Transient,
    };

    /// <summary>The product's sentence when an exception that escaped the connector is a dropped, refused
    /// or timed-out connection (itself or what it wraps) — a transient failure worth a retry; null for
    /// anything else (a bug, the database), which stays Unexpected.</summary>
    public static string? TransientSentence(Exception e)
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
}
