using Connectors.Domain.Connectors.Mcp;
using Connectors.Domain.Errors;
using Connectors.Tests.Fakes;
using Connectors.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.Mcp;

/// <summary>MCP authorization discovery and dynamic client registration against a local protected server and authorization server: the challenge's
/// metadata URL, the well-known and OpenID fallbacks, and the refusals — metadata for another resource, no PKCE S256,
/// an authorization server the host guard refuses.</summary>
public sealed class McpAuthDiscoveryTests : IAsyncLifetime
{
    private readonly FakeMcpAuthorization _fake = new();
    private FakeProviderServer _server = null!;
    private ConnectorsTestBed _bed = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Uri Endpoint => new($"{_server.BaseUrl}/mcp");

    public async ValueTask InitializeAsync()
    {
        _server = await FakeProviderServer.StartAsync(_fake);
        _bed = await ConnectorsTestBed.CreateAsync(configure: (services, configuration) => services.AddMcpConnector(configuration));
    }

    public async ValueTask DisposeAsync()
    {
        await _bed.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Discover_ChallengeNamesTheMetadata_YieldsTheResourceAndTheServersEndpoints()
    {
        var found = (await DiscoverAsync()).ShouldNotBeNull();

        found.Resource.ShouldBe($"{_server.BaseUrl}/mcp");
        found.Issuer.ShouldBe(new Uri($"{_server.BaseUrl}/auth"));
        found.AuthorizationEndpoint.ShouldBe(new Uri(_server.OAuth.AuthorizeEndpoint(FakeMcpAuthorization.ProviderKey)));
        found.TokenEndpoint.ShouldBe(new Uri(_server.OAuth.TokenEndpoint(FakeMcpAuthorization.ProviderKey)));
        found.RegistrationEndpoint.ShouldBe(new Uri($"{_server.BaseUrl}/auth/register"));
        found.RevocationEndpoint.ShouldBe(new Uri(_server.OAuth.RevocationEndpoint(FakeMcpAuthorization.ProviderKey)));
        found.Scopes.ShouldBe(["resources:read"]);
    }

    [Fact]
    public async Task Discover_BareChallenge_FindsTheWellKnownMetadata_AndFallsBackToOpenIdDiscovery()
    {
        _fake.AnnounceMetadata = false;
        _fake.OpenIdOnly = true;

        var found = (await DiscoverAsync()).ShouldNotBeNull();

        found.TokenEndpoint.ShouldBe(new Uri(_server.OAuth.TokenEndpoint(FakeMcpAuthorization.ProviderKey)));
        _server.Requests.ShouldContain(r => r.Contains("/.well-known/oauth-authorization-server/auth", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Discover_OpenServer_NeedsNoSignIn()
    {
        _fake.Open = true;

        (await DiscoverAsync()).ShouldBeNull();
    }

    [Fact]
    public async Task Discover_MetadataForAnotherResource_IsRefused()
    {
        _fake.Resource = "https://elsewhere.example.test/mcp";

        var error = await Should.ThrowAsync<ConnectorConfigurationException>(DiscoverAsync);

        error.Message.ShouldContain("metadata for another resource; it is not used. Check Server URL (server_url).");
        error.Message.ShouldNotContain("elsewhere.example.test");
    }

    [Fact]
    public async Task Discover_NoPkceS256_IsRefused()
    {
        _fake.CodeChallengeMethods = ["plain"];

        var error = await Should.ThrowAsync<ConnectorConfigurationException>(DiscoverAsync);

        error.Message.ShouldContain("does not offer PKCE with S256");
    }

    [Fact]
    public async Task Discover_AuthorizationServerOnAMetadataAddress_IsRefusedByTheHostGuard()
    {
        _fake.AuthorizationServer = "http://169.254.169.254/auth";

        var error = await Should.ThrowAsync<ConnectorConfigurationException>(DiscoverAsync);

        error.Message.ShouldContain("link-local, metadata");
    }

    [Fact]
    public async Task Register_OneClientForTheCallback_ThenDeletedWithItsManagementToken()
    {
        var server = (await DiscoverAsync()).ShouldNotBeNull();
        var callback = new Uri("https://connectors.example.test/connectors/oauth/callback");

        var registered = await InScopeAsync(sp => sp.GetRequiredService<McpClientRegistration>().RegisterAsync(server, callback, Ct));

        registered.ClientId.ShouldStartWith("dyn-");
        registered.ClientSecret.ShouldNotBeNullOrEmpty();
        var request = _fake.Clients[registered.ClientId].Request;
        request["redirect_uris"]!.AsArray().Select(u => u!.GetValue<string>()).ShouldBe([callback.ToString()]);
        request["grant_types"]!.AsArray().Select(g => g!.GetValue<string>()).ShouldBe(["authorization_code", "refresh_token"]);
        request["scope"]!.GetValue<string>().ShouldBe("resources:read");

        (await InScopeAsync(sp => sp.GetRequiredService<McpClientRegistration>().DeleteAsync(registered, Ct))).ShouldBeTrue();
        _fake.Clients.ShouldBeEmpty();
    }

    [Fact]
    public async Task Register_Refused_SaysSoInTheProductsWords_WithoutTheServersText()
    {
        var server = (await DiscoverAsync()).ShouldNotBeNull();
        _fake.RegistrationError = "invalid_redirect_uri";

        var error = await Should.ThrowAsync<ConnectorConfigurationException>(() =>
            InScopeAsync(sp => sp.GetRequiredService<McpClientRegistration>().RegisterAsync(server, new Uri("https://c.example.test/cb"), Ct)));

        error.Message.ShouldContain("refused to register this application as a client");
        error.Message.ShouldNotContain("<script>");
        error.Message.ShouldNotContain("internal detail");
    }

    private async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _bed.As(_bed.Acme);
        return await action(scope.ServiceProvider);
    }

    private async Task<McpAuthServer?> DiscoverAsync()
    {
        await using var scope = _bed.As(_bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<McpAuthDiscovery>().DiscoverAsync(Endpoint, null, Ct);
    }
}
