using System.Net;
using Connectors.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Web.Security;

/// <summary>
/// Every state-changing endpoint outside <c>/api</c> refuses a request without the antiforgery token, even
/// from a user the endpoint would otherwise serve (support impersonating with full access passes every
/// policy). The endpoints are read from the running app, so a new form endpoint is covered without being
/// listed. <c>/api</c> has its own rule (a personal access token, or the token in a header for the cookie:
/// see the API tests); SignalR hubs and Blazor's own <c>/_blazor</c> endpoints (circuit start and disconnect,
/// which need the secret circuit id the server issued) are not forms, and <c>/mcp</c> ignores the cookie.
/// </summary>
public sealed class FormAntiforgeryTests : IAsyncLifetime
{
    private static readonly string[] UnsafeMethods = [HttpMethods.Post, HttpMethods.Put, HttpMethods.Patch, HttpMethods.Delete];

    private readonly ConnectorsAppFactory _app = new();

    public async ValueTask InitializeAsync() => await WebSession.AddRoleUsersAsync(_app);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task UnsafeFormEndpoints_WithoutAntiforgeryToken_AreRefused()
    {
        var endpoints = FormEndpoints();
        endpoints.Select(e => e.Path).ShouldContain("/account/logout");
        endpoints.Select(e => e.Path).ShouldContain("/support/impersonation/stop");

        foreach (var (method, path) in endpoints)
        {
            using var client = await WebSession.StartAsync(_app, Who.SupportFullAccess);
            using var request = new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "any" }),
            };

            var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"{method} {path} without a token: " + await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            (await client.GetAsync("/admin/connectors", TestContext.Current.CancellationToken)).StatusCode
                .ShouldBe(HttpStatusCode.OK, $"{method} {path}: the session (and impersonation) should be untouched");
        }
    }

    [Fact]
    public async Task SignOut_WithAntiforgeryToken_SignsOut()
    {
        using var client = await WebSession.StartAsync(_app, Who.Admin);

        var response = await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await WebSession.AntiforgeryTokenAsync(client),
        }), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await client.GetAsync("/admin/connectors", TestContext.Current.CancellationToken)).Headers.Location!.ToString().ShouldContain("/account/login");
    }

    /// <summary>Unsafe (method, concrete path) pairs of the app's routes outside /api and SignalR hubs.</summary>
    private List<(string Method, string Path)> FormEndpoints() =>
        [.. _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HubMetadata>() is null)
            .Select(e => (Endpoint: e, Path: Concrete(e.RoutePattern.RawText ?? "")))
            .Where(e => !e.Path.StartsWith("/api", StringComparison.OrdinalIgnoreCase) && !e.Path.StartsWith("/_blazor", StringComparison.Ordinal))
            // The MCP endpoint takes a personal access token only, never the cookie (McpServerTests): nothing to forge.
            .Where(e => !e.Path.StartsWith(global::Connectors.Web.Mcp.McpSurface.Path, StringComparison.OrdinalIgnoreCase))
            .SelectMany(e => (e.Endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? UnsafeMethods)
                .Intersect(UnsafeMethods).Select(m => (m, e.Path)))
            .Distinct()];

    private static string Concrete(string template) =>
        "/" + System.Text.RegularExpressions.Regex.Replace(template, "\\{[^}]+\\}", Guid.NewGuid().ToString()).TrimStart('/');
}
