using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace Connectors.Domain.Connectors.Imap;

/// <summary>Turns MailKit and socket failures into connector exceptions whose message says which
/// kind of problem it is: unreachable server, TLS/certificate, refused login, or server error.</summary>
internal static class ImapFailure
{
    public static ConnectorException Describe(Exception e, ImapAccountSettings settings, CancellationToken ct)
    {
        var server = $"{settings.Host}:{settings.Port}";
        return e switch
        {
            AuthenticationException auth => new ConnectorAuthException($"The IMAP server refused the login: {auth.Message}", auth),
            SslHandshakeException tls when settings.ValidateCertificate && IsCertificateProblem(tls) => new ConnectorConfigurationException(
                $"The TLS certificate of {server} is not trusted (self-signed, expired or issued for another name). " +
                "Fix the server's certificate, or untick 'Validate certificate' for a server you trust.", tls),
            SslHandshakeException tls => new ConnectorApiException($"The TLS handshake with {server} failed: {tls.InnerException?.Message ?? tls.Message}", inner: tls),
            SocketException socket => new ConnectorApiException($"The IMAP server {server} is unreachable: {Reason(socket)}.", inner: socket),
            NotSupportedException unsupported when settings.Encryption == ImapEncryption.StartTls => new ConnectorConfigurationException(
                $"The IMAP server {server} does not offer STARTTLS; choose another encryption.", unsupported),
            OperationCanceledException when !ct.IsCancellationRequested => new ConnectorApiException($"The IMAP server {server} did not answer in time."),
            ImapCommandException command => new ConnectorApiException($"The IMAP server {server} answered {command.Response}: {command.ResponseText}", inner: command),
            ImapProtocolException or IOException or ServiceNotConnectedException => new ConnectorApiException(
                $"The connection to the IMAP server {server} failed: {e.Message}", inner: e),
            _ => new ConnectorApiException($"The IMAP server {server} failed unexpectedly: {e.GetType().Name}.", inner: e),
        };
    }

    private static bool IsCertificateProblem(SslHandshakeException e) =>
        e.ServerCertificate is not null || (e.InnerException?.Message.Contains("certificate", StringComparison.OrdinalIgnoreCase) ?? false);

    private static string Reason(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => "the connection was refused (nothing listens on that port)",
        SocketError.TimedOut => "the connection timed out",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => "no route to the host",
        _ => e.Message,
    };
}
