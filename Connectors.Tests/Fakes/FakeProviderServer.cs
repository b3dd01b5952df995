using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.Tests.Fakes;

/// <summary>A provider API served by <see cref="FakeProviderServer"/> (Drive, Notion, Confluence).</summary>
public interface IFakeProviderApi
{
    /// <summary>Maps the API's endpoints; <paramref name="oauth"/> validates bearer tokens.</summary>
    void Map(IEndpointRouteBuilder routes, FakeOAuthServer oauth);
}

/// <summary>
/// A local stand-in for the providers on the internet (Google, Notion, Atlassian), speaking their real
/// HTTP shapes on a loopback Kestrel port: OAuth authorize (a consent page) and token endpoints per
/// provider (<see cref="FakeOAuthServer"/>), plus each provider's API. Tests can make any request fail
/// once or more (<see cref="FailNext"/>) — a 429 with Retry-After, a 500 — and read every request made.
/// </summary>
public sealed class FakeProviderServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Injected> _failures = new();

    private FakeProviderServer(WebApplication app, FakeOAuthServer oauth)
    {
        _app = app;
        OAuth = oauth;
    }

    /// <summary>Base URL without a trailing slash, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    public FakeOAuthServer OAuth { get; }

    /// <summary>Every request as "METHOD /path?query", in order.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeProviderServer> StartAsync(params IFakeProviderApi[] apis)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var oauth = new FakeOAuthServer();
        var server = new FakeProviderServer(app, oauth);
        app.Use(async (context, next) =>
        {
            server.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            if (server.TakeFailure(context.Request) is { } failure)
            {
                context.Response.StatusCode = failure.Status;
                if (failure.Echo)
                {
                    await EchoAsync(context);
                    return;
                }

                if (failure.RetryAfter is { } wait)
                {
                    context.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await context.Response.WriteAsJsonAsync(new { message = failure.Status == 429 ? "Rate limited" : "Injected failure" });
                return;
            }

            await next(context);
        });
        oauth.Map(app);
        foreach (var api in apis)
        {
            api.Map(app, oauth);
        }

        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        oauth.BaseUrl = server.BaseUrl;
        return server;
    }

    /// <summary>The next <paramref name="times"/> requests whose path starts with <paramref name="pathPrefix"/>
    /// answer <paramref name="status"/> (with Retry-After when given) instead of the API.</summary>
    public void FailNext(string pathPrefix, int status, TimeSpan? retryAfter = null, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _failures.Enqueue(new Injected(pathPrefix, status, retryAfter));
        }
    }

    /// <summary>The next <paramref name="times"/> requests whose path starts with <paramref name="pathPrefix"/>
    /// answer <paramref name="status"/> with everything they carried — headers (credentials included), query
    /// and body — echoed in every error field providers use and in the reason phrase: a hostile or careless
    /// provider, for tests that prove none of it is stored or shown.</summary>
    public void EchoNext(string pathPrefix, int status, int times = 1)
    {
        for (var i = 0; i < times; i++)
        {
            _failures.Enqueue(new Injected(pathPrefix, status, null, Echo: true));
        }
    }

    public int CountRequests(string pathPrefix) => Requests.Count(r => r.Split(' ')[1].StartsWith(pathPrefix, StringComparison.Ordinal));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private Injected? TakeFailure(HttpRequest request)
    {
        lock (_failures)
        {
            if (_failures.TryPeek(out var next) && request.Path.StartsWithSegments(next.PathPrefix, StringComparison.Ordinal)
                && _failures.TryDequeue(out var taken))
            {
                return taken;
            }
        }

        return null;
    }

    private static async Task EchoAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await new StreamReader(request.Body).ReadToEndAsync();
        var headers = string.Join("\n", request.Headers.Select(h => $"{h.Key}: {h.Value}"));
        var echo = $"{request.Method} {request.Path}{request.QueryString}\n{headers}\n\n{body}";
        context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>()!.ReasonPhrase =
            $"Echo {request.Headers.Authorization} {request.QueryString}".ReplaceLineEndings(" ");
        await context.Response.WriteAsJsonAsync(new
        {
            error = echo,
            error_description = echo,
            message = echo,
            code = echo,
            errorMessages = new[] { echo },
            errors = new[] { new { title = echo, detail = echo } },
        });
    }

    private sealed record Injected(string PathPrefix, int Status, TimeSpan? RetryAfter, bool Echo = false);
}
