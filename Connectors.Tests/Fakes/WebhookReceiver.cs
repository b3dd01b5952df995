using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Connectors.Tests.Fakes;

/// <summary>One webhook request as the receiver saw it: <see cref="Verified"/> says its Standard Webhooks signature
/// matches <c>id.timestamp.body</c> under the secret the receiver was given; <see cref="Fresh"/> that the library's
/// full verification (signature and a timestamp within five minutes of the real time) passed too.</summary>
public sealed record ReceivedWebhook(string Id, string Timestamp, string Signature, string Body, bool Verified, bool Fresh, DateTimeOffset At);

/// <summary>
/// A webhook endpoint on a loopback Kestrel port that verifies each request's Standard Webhooks signature and
/// answers with <see cref="Status"/> (200 unless a test makes it fail).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>The endpoint's secret (whsec_…), set once the channel is created.</summary>
    public string? Secret { get; set; }

    public Func<int> Status { get; set; } = () => 200;

    public ConcurrentQueue<ReceivedWebhook> Received { get; } = new();

    public SemaphoreSlim Arrived { get; } = new(0);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            receiver.Received.Enqueue(new ReceivedWebhook(
                request.Headers["webhook-id"].ToString(), request.Headers["webhook-timestamp"].ToString(),
                request.Headers["webhook-signature"].ToString(), body, receiver.SignatureMatches(body, request.Headers),
                receiver.Verify(body, request.Headers), DateTimeOffset.UtcNow));
            receiver.Arrived.Release();
            return Results.StatusCode(receiver.Status());
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = $"{address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal)}/hooks";
        return receiver;
    }

    /// <summary>Waits until <paramref name="count"/> requests have arrived in all.</summary>
    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(int count, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (Received.Count < count)
        {
            await Arrived.WaitAsync(cts.Token);
        }

        return [.. Received];
    }

    /// <summary>The signature recomputed (the spec's v1 scheme) against every signature the header lists — the
    /// check without the freshness window, for tests whose clock is moved by hand.</summary>
    private bool SignatureMatches(string body, IHeaderDictionary headers)
    {
        if (Secret is null || !long.TryParse(headers["webhook-timestamp"].ToString(), out var seconds))
        {
            return false;
        }

        var expected = new StandardWebhook(Secret).Sign(headers["webhook-id"].ToString(), DateTimeOffset.FromUnixTimeSeconds(seconds), body);
        return headers["webhook-signature"].ToString().Split(' ').Contains(expected, StringComparer.Ordinal);
    }

    private bool Verify(string body, IHeaderDictionary headers)
    {
        if (Secret is null)
        {
            return false;
        }

        try
        {
            new StandardWebhook(Secret).Verify(body, headers);
            return true;
        }
        catch (WebhookVerificationException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
