using System.Net.Sockets;
using Connectors.Domain.Errors;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Connectors.Domain.Connectors.Imap;

/// <summary>Turns MailKit and socket failures into connector exceptions whose message says which
/// kind of problem it is: unreachable server, TLS/certificate, refused login, or server error — always in
/// the product's own words: nothing the server sent (a greeting, a banner, a response text) is repeated,
/// because these messages are stored on the account and shown to every viewer.</summary>
internal static class ImapFailure
{
    public static ConnectorException Describe(Exception e, ImapAccountSettings settings, CancellationToken ct)
    {
        var server = $"{settings.Host}:{settings.Port}";
        return e switch
        {
            System.Security.Authentication.AuthenticationException tlsDrop => new ConnectorApiException(
                $"The TLS session with {server} failed: check the port and the encryption setting.", inner: tlsDrop),
            AuthenticationException auth => new ConnectorAuthException(
                $"The IMAP server refused the login: check the user name and password for '{settings.Username}' on {server} " +
                "(some providers need an app password).", auth),
            SslHandshakeException tls when settings.ValidateCertificate && IsCertificateProblem(tls) => new ConnectorConfigurationException(
                $"The TLS certificate of {server} is not trusted (self-signed, expired or issued for another name). " +
                "Fix the server's certificate, or untick 'Validate certificate' for a server you trust.", tls),
            SslHandshakeException tls => new ConnectorApiException(
                $"The TLS handshake with {server} failed: check the port and the encryption setting.", inner: tls),
            SocketException socket => new ConnectorApiException($"The IMAP server {server} is unreachable: {Reason(socket)}.", inner: socket),
            NotSupportedException unsupported when settings.Encryption == ImapEncryption.StartTls => new ConnectorConfigurationException(
                $"The IMAP server {server} does not offer STARTTLS; choose another encryption.", unsupported),
            OperationCanceledException when !ct.IsCancellationRequested => new ConnectorApiException($"The IMAP server {server} did not answer in time."),
            TimeoutException => new ConnectorApiException($"The IMAP server {server} did not answer in time.", inner: e),
            ImapCommandException command => new ConnectorApiException(
                $"The IMAP server {server} refused a command ({command.Response.ToString().ToUpperInvariant()}).", inner: command),
            ImapProtocolException or ServiceNotConnectedException => new ConnectorApiException(
                $"The connection to {server} failed: the server does not speak IMAP there, or it dropped the connection.", inner: e),
            IOException => new ConnectorApiException($"The connection to the IMAP server {server} was interrupted.", inner: e),
            _ => new ConnectorApiException($"The IMAP server {server} failed unexpectedly ({e.GetType().Name}).", inner: e),
        };
    }

    /// <summary>Whether <paramref name="e"/> is the connection failing (rather than a bug or the database).</summary>
    public static bool IsTransport(Exception e) =>
        e is IOException or SocketException or TimeoutException or ImapProtocolException or ImapCommandException or ServiceNotConnectedException
            or SslHandshakeException or AuthenticationException or System.Security.Authentication.AuthenticationException;

    private static bool IsCertificateProblem(SslHandshakeException e) =>
        e.ServerCertificate is not null || (e.InnerException?.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase) ?? false);

    private static string Reason(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "the connection was refused (nothing listens on that port)",
        SocketError.TimedOut => "the connection timed out",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "no route to the host",
        _ => $"the connection failed ({e.SocketErrorCode})",
    };
}
