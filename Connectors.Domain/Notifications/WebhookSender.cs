using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Connectors.Domain.Errors;
using Microsoft.Extensions.Options;
using StandardWebhooks;

namespace Connectors.Domain.Notifications;

/// <summary>
/// Posts a notification to a webhook endpoint, signed per the Standard Webhooks specification: <c>webhook-id</c>
/// (the delivery's id, the same on every retry), <c>webhook-timestamp</c> (seconds since the epoch) and
/// <c>webhook-signature</c> (<c>v1,</c> + base64 HMAC-SHA256 of <c>id.timestamp.body</c> under the endpoint's
/// secret). The connection goes through the host guard (no private, loopback or metadata targets unless allowed)
/// and redirects are not followed. Any 2xx is a success; the receiver's body is never read or kept.
/// </summary>
public sealed class WebhookSender(HttpClient http, IOptions<ConnectorsOptions> options, TimeProvider clock)
{
    public const string SecretPrefix = "whsec_";

    /// <summary>A new endpoint secret in the Standard Webhooks form: <c>whsec_</c> + base64 of 32 random bytes.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public async Task<AttemptResult> SendAsync(Uri url, string secret, string messageId, string body, CancellationToken ct)
    {
        var timestamp = clock.GetUtcNow();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
        };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", new StandardWebhook(secret).Sign(messageId, timestamp, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("ConnectorsAdmin-Webhooks", "1.0"));
        var seconds = options.Value.Notifications.TimeoutSeconds;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var code = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new AttemptResult(true, code, $"Delivered (HTTP {code}).")
                : new AttemptResult(false, code, code is >= 300 and < 400
                    ? $"The endpoint answered HTTP {code}; redirects are not followed."
                    : $"The endpoint answered HTTP {code}.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new AttemptResult(false, null, $"The endpoint did not answer within {seconds} s.");
        }
        catch (HttpRequestException e) when (Refusal(e) is { } refusal)
        {
            return new AttemptResult(false, null, refusal);
        }
        catch (HttpRequestException)
        {
            return new AttemptResult(false, null, $"The endpoint {url.Host} could not be reached.");
        }
    }

    /// <summary>The host guard's own sentence when it refused the endpoint's address.</summary>
    private static string? Refusal(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is ConnectorConfigurationException refused)
            {
                return refused.Message;
            }
        }

        return null;
    }
}
