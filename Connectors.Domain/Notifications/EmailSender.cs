using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Connectors.Domain.Notifications;

/// <summary>The result of one delivery attempt, in the product's words.</summary>
public sealed record AttemptResult(bool Succeeded, int? StatusCode, string Outcome);

/// <summary>Sends a notification by email through the configured SMTP server (MailKit): one message to all of a
/// channel's recipients, with a text and an HTML body. Failures are described in the product's words; the
/// server's reply text is never kept.</summary>
public sealed class EmailSender(IOptions<ConnectorsOptions> options)
{
    public async Task<AttemptResult> SendAsync(IReadOnlyList<string> recipients, NotificationContent content, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            return new AttemptResult(false, null, "No SMTP server is configured (set Connectors:Smtp:Host).");
        }

        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(smtp.Sender));
        foreach (var recipient in recipients)
        {
            message.To.Add(MailboxAddress.Parse(recipient));
        }

        message.Subject = content.Subject;
        message.Body = new BodyBuilder { TextBody = content.Text, HtmlBody = content.Html }.ToMessageBody();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(options.Value.Notifications.TimeoutSeconds));
        using var client = new SmtpClient { Timeout = options.Value.Notifications.TimeoutSeconds * 1000 };
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, Security(smtp.Security), timeout.Token);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", timeout.Token);
            }

            await client.SendAsync(message, timeout.Token);
            await client.DisconnectAsync(true, timeout.Token);
            return new AttemptResult(true, null, $"Sent to {recipients.Count} recipient(s).");
        }
        catch (AuthenticationException)
        {
            return new AttemptResult(false, null, "The mail server refused the SMTP sign-in (Connectors:Smtp:Username and Password).");
        }
        catch (SmtpCommandException e)
        {
            return new AttemptResult(false, (int)e.StatusCode, $"The mail server refused the message (SMTP {(int)e.StatusCode}).");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new AttemptResult(false, null, $"The mail server did not answer within {options.Value.Notifications.TimeoutSeconds} s.");
        }
        catch (Exception e) when (e is SocketException or IOException or ProtocolException or SslHandshakeException or ServiceNotConnectedException)
        {
            return new AttemptResult(false, null, $"The mail server {smtp.Host}:{smtp.Port} could not be reached or dropped the connection.");
        }
    }

    private static SecureSocketOptions Security(string security) => security.ToLowerInvariant() switch
    {
        "none" => SecureSocketOptions.None,
        "ssl" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };
}
