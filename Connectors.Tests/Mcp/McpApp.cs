using System.Net;
using Connectors.Tests.Api;
using Connectors.Tests.Web;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;

namespace Connectors.Tests.Mcp;

/// <summary>
/// The real app on a real Kestrel port (the API tests' app: IMAP on fake ping, no sync node, tenants acme and
/// globex, a token per kind of user), reached by the official MCP SDK's client over Streamable HTTP.
/// </summary>
public sealed class McpApp : IAsyncLifetime
{
    public McpApp()
    {
        Api = new ApiApp();
        Api.Factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
    }

    public ApiApp Api { get; }

    public Uri BaseUrl => new(Api.Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public Uri Endpoint => new(BaseUrl, "/mcp");

    public async ValueTask InitializeAsync()
    {
        Api.Factory.StartServer();
        await Api.InitializeAsync();
    }

    /// <summary>An MCP client signed in with <paramref name="who"/>'s personal access token.</summary>
    public Task<McpClient> ClientAsync(Who who) => ClientAsync(Api.Token(who));

    public async Task<McpClient> ClientAsync(string token)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" },
        });
        return await McpClient.CreateAsync(transport, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>A plain HTTP client of the Kestrel server (no cookies, no redirects), for API setup calls.</summary>
    public HttpClient Http(Who who)
    {
        var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = BaseUrl };
        if (who != Who.Anonymous)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Api.Token(who));
        }

        return client;
    }

    public async ValueTask DisposeAsync() => await Api.DisposeAsync();
}
