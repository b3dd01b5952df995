using System.Net.Sockets;
using Connectors.Domain.Errors;
using Connectors.Domain.Network;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Connectors.Imap;

/// <summary>Connects with MailKit to the address the <see cref="HostGuard"/> allowed, within the
/// configured connect and auth timeouts, and tells network, TLS and login failures apart.</summary>
public sealed class MailKitImapGateway(HostGuard guard, IOptions<ImapOptions> options, IProtocolLoggerFactory? loggers = null) : IImapGateway
{
    public async Task<IImapMailbox> OpenAsync(ImapAccountSettings settings, ImapCredential credential, CancellationToken ct)
    {
        var addresses = await guard.ResolveAllowedAsync(settings.Host, ct);
        var client = new ImapClient(loggers?.Create() ?? new NullProtocolLogger())
        {
            Timeout = options.Value.AuthTimeoutSeconds * 1000,
        };
        if (!settings.ValidateCertificate)
        {
            // The admin unticked "Validate certificate" for this one account (a server they trust with a self-signed certificate).
#pragma warning disable CA5359
            client.ServerCertificateValidationCallback = (_, _, _, _) => true;
#pragma warning restore CA5359
            client.CheckCertificateRevocation = false;
        }

        try
        {
            var socket = await ConnectSocketAsync(settings, addresses, ct);
            await client.ConnectAsync(socket, settings.Host, settings.Port, SocketOptions(settings.Encryption), ct);
            await AuthenticateAsync(client, settings, credential, ct);
            // Signed in: from here on every command has its own, longer limit.
            client.Timeout = options.Value.CommandTimeoutSeconds * 1000;
            var quickResync = options.Value.UseQuickResync && client.Capabilities.HasFlag(ImapCapabilities.QuickResync);
            if (quickResync)
            {
                await client.EnableQuickResyncAsync(ct);
            }

            return new MailKitImapMailbox(client, quickResync);
        }
        catch (Exception e) when (e is not ConnectorException)
        {
            client.Dispose();
            throw ImapFailure.Describe(e, settings, ct);
        }
    }

    private async Task<Socket> ConnectSocketAsync(ImapAccountSettings settings, System.Net.IPAddress[] addresses, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.ConnectTimeoutSeconds));
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(addresses, settings.Port, timeout.Token);
            return socket;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            socket.Dispose();
            throw new ConnectorApiException(
                $"The IMAP server {settings.Host}:{settings.Port} is unreachable: no answer within {options.Value.ConnectTimeoutSeconds} s.");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task AuthenticateAsync(ImapClient client, ImapAccountSettings settings, ImapCredential credential, CancellationToken ct)
    {
        if (credential.AccessToken is { } token)
        {
            await client.AuthenticateAsync(new SaslMechanismOAuth2(settings.Username, token), ct);
        }
        else
        {
            await client.AuthenticateAsync(settings.Username, credential.Password ?? "", ct);
        }
    }

    private static SecureSocketOptions SocketOptions(ImapEncryption encryption) => encryption switch
    {
        ImapEncryption.Ssl or ImapEncryption.Tls => SecureSocketOptions.SslOnConnect,
        ImapEncryption.StartTls => SecureSocketOptions.StartTls,
        _ => SecureSocketOptions.None,
    };
}

/// <summary>Creates the protocol logger of each new session (tests use it to see the commands sent).</summary>
public interface IProtocolLoggerFactory
{
    IProtocolLogger Create();
}
