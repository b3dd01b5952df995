using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Connectors.Domain.Errors;

namespace Connectors.Domain.Http;

/// <summary>
/// The HTTP client connectors call their provider's API with. It connects only to addresses the
/// <see cref="Network.HostGuard"/> allows, and turns the provider's answers into the connector failure
/// types: 401/403 → <see cref="ConnectorAuthException"/>; 429 → <see cref="ConnectorApiException"/>
/// with the Retry-After delay; 5xx, timeouts and network errors → transient <see cref="ConnectorApiException"/>;
/// other 4xx → <see cref="ConnectorConfigurationException"/>. Messages name the provider, the status and
/// at most a provider error code of a strict shape (<see cref="ProviderErrorCode"/>) — never the body, a
/// header or a token, because a provider may echo the request (and its credentials) in its error body.
/// </summary>
public sealed class ProviderHttp(HttpClient http)
{
    /// <summary>The wait a 429 without a usable Retry-After header implies.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(60);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<T> GetJsonAsync<T>(string provider, Uri uri, AuthenticationHeaderValue? auth, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        return await SendJsonAsync<T>(provider, request, auth, ct);
    }

    public async Task<T> PostJsonAsync<T>(string provider, Uri uri, object body, AuthenticationHeaderValue? auth, CancellationToken ct,
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
    public async Task<T> SendJsonAsync<T>(string provider, HttpRequestMessage request, AuthenticationHeaderValue? auth, CancellationToken ct)
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
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw Interrupted(provider, e);
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

        try
        {
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
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw Interrupted(provider, e);
        }
    }

    /// <summary>A connection that dropped while a body was read: transient, so the run is retried.</summary>
    private static ConnectorApiException Interrupted(string provider, Exception e) =>
        new($"The connection to {provider} was interrupted.", inner: e);

    /// <summary>Sends without judging the answer: the status and the <c>WWW-Authenticate</c> header (a 401 is an
    /// answer here, not a failure — the start of OAuth discovery). Transport failures and the host guard throw as in
    /// <see cref="SendAsync"/>.</summary>
    public async Task<(HttpStatusCode Status, string? Challenge)> ProbeAsync(string provider, HttpRequestMessage request, CancellationToken ct)
    {
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return (response.StatusCode, response.Headers.WwwAuthenticate.Count == 0 ? null : response.Headers.WwwAuthenticate.ToString());
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
    }

    /// <summary>Sends and maps failures to connector exceptions; the caller disposes the successful response.</summary>
    public async Task<HttpResponseMessage> SendAsync(string provider, HttpRequestMessage request, AuthenticationHeaderValue? auth, CancellationToken ct,
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
        catch (IOException e)
        {
            throw Interrupted(provider, e);
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
        var code = await ProviderErrorCode.ReadAsync(response, ct);
        var said = $"{provider} answered HTTP {status}{(code is null ? "" : $" ({code})")}";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden =>
                new ConnectorAuthException($"{said}. Reconnect the account."),
            HttpStatusCode.TooManyRequests =>
                new ConnectorApiException($"{said} (rate limited).", RetryAfter(response)),
            _ when status >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout =>
                new ConnectorApiException($"{said}."),
            _ => new ConnectorConfigurationException($"{said}.") { ProviderStatus = status },
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
}
