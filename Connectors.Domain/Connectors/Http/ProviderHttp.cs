using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Connectors.Domain.Connectors.Http;

/// <summary>
/// The HTTP client connectors call their provider's API with. It connects only to addresses the
/// <see cref="Network.HostGuard"/> allows, and turns the provider's answers into the connector failure
/// types (DESIGN §3): 401/403 → <see cref="ConnectorAuthException"/>; 429 → <see cref="ConnectorApiException"/>
/// with the Retry-After delay; 5xx, timeouts and network errors → transient <see cref="ConnectorApiException"/>;
/// other 4xx → <see cref="ConnectorConfigurationException"/>. Messages name the provider and the status,
/// never a header or a token.
/// </summary>
public sealed class ProviderHttp(HttpClient http)
{
    /// <summary>The wait a 429 without a usable Retry-After header implies.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(60);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<T> GetJsonAsync<T>(string provider, Uri uri, AuthenticationHeaderValue auth, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        return await SendJsonAsync<T>(provider, request, auth, ct);
    }

    public async Task<T> PostJsonAsync<T>(string provider, Uri uri, object body, AuthenticationHeaderValue auth, CancellationToken ct,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body, options: Json) };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await SendJsonAsync<T>(provider, request, auth, ct);
    }

    /// <summary>Sends <paramref name="request"/> (with <paramref name="auth"/>) and returns the body as JSON.</summary>
    public async Task<T> SendJsonAsync<T>(string provider, HttpRequestMessage request, AuthenticationHeaderValue auth, CancellationToken ct)
    {
        using var response = await SendAsync(provider, request, auth, ct);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, ct)
                ?? throw new ConnectorApiException($"{provider} answered with an empty body.");
        }
        catch (JsonException e)
        {
            throw new ConnectorApiException($"{provider} answered with a body that is not the expected JSON.", inner: e);
        }
    }

    /// <summary>Downloads text, reading at most <paramref name="maxBytes"/>; null when the body is larger.</summary>
    public async Task<string?> GetTextAsync(string provider, Uri uri, AuthenticationHeaderValue auth, long maxBytes, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        using var response = await SendAsync(provider, request, auth, ct, HttpCompletionOption.ResponseHeadersRead);
        if (response.Content.Headers.ContentLength > maxBytes)
        {
            return null;
        }

        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Sends and maps failures to connector exceptions; the caller disposes the successful response.</summary>
    public async Task<HttpResponseMessage> SendAsync(string provider, HttpRequestMessage request, AuthenticationHeaderValue auth, CancellationToken ct,
        HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        request.Headers.Authorization = auth;
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException e) when (e.InnerException is ConnectorException inner)
        {
            throw inner; // The host guard refused the address.
        }
        catch (HttpRequestException e)
        {
            throw new ConnectorApiException($"{provider} is unreachable ({e.HttpRequestError}).", inner: e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new ConnectorApiException($"{provider} did not answer in time.", inner: e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await FailureAsync(provider, response, ct);
        }
    }

    private static async Task<ConnectorException> FailureAsync(string provider, HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var detail = await DetailAsync(response, ct);
        var said = $"{provider} answered {status} {response.ReasonPhrase}{(detail is null ? "" : $": {detail}")}";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                new ConnectorAuthException($"{said}. Reconnect the account."),
            HttpStatusCode.TooManyRequests =>
                new ConnectorApiException($"{said} (rate limited).", RetryAfter(response)),
            _ when status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout =>
                new ConnectorApiException($"{said}."),
            _ => new ConnectorConfigurationException($"{said}."),
        };
    }

    /// <summary>The wait a 429 asks for: Retry-After as seconds or as a date, else <see cref="DefaultRetryAfter"/>.
    /// Shared with the OAuth token client.</summary>
    internal static TimeSpan RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return DefaultRetryAfter;
    }

    /// <summary>The provider's own error message, if its body has one (Google's error.message,
    /// Notion's message, Confluence's message) — short, and never the request.</summary>
    private static async Task<string?> DetailAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            var message = root.ValueKind != JsonValueKind.Object ? null
                : root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var m1) ? m1.GetString()
                : root.TryGetProperty("message", out var m2) && m2.ValueKind == JsonValueKind.String ? m2.GetString()
                : root.TryGetProperty("error_description", out var m3) && m3.ValueKind == JsonValueKind.String ? m3.GetString()
                : null;
            return message is null ? null : message.Length > 200 ? message[..200] + "…" : message;
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or InvalidOperationException)
        {
            return null;
        }
    }
}
