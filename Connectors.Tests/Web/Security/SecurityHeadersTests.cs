using System.Net;
using Connectors.Tests.Infrastructure;
using Connectors.Web.Security;

namespace Connectors.Tests.Web.Security;

/// <summary>nosniff, a referrer policy and the content security policy on every kind of answer.</summary>
public sealed class SecurityHeadersTests(SignedInClients clients) : IClassFixture<SignedInClients>
{
    [Theory]
    [InlineData(Who.Anonymous, "/account/login")]
    [InlineData(Who.Admin, "/admin/connectors")]
    [InlineData(Who.Anonymous, "/favicon.svg")]
    [InlineData(Who.Anonymous, "/_framework/blazor.web.js")]
    [InlineData(Who.Anonymous, "/app.css")]
    [InlineData(Who.Anonymous, "/healthz")]
    [InlineData(Who.Anonymous, "/no-such-page")]
    [InlineData(Who.Anonymous, "/api/connectors")]
    public async Task Response_AnyKind_CarriesTheSecurityHeaders(Who who, string path)
    {
        var response = await clients[who].GetAsync(path, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldNotBe(HttpStatusCode.InternalServerError);
        Header(response, "X-Content-Type-Options").ShouldBe("nosniff", path);
        Header(response, "Referrer-Policy").ShouldBe("strict-origin-when-cross-origin", path);
        var csp = Header(response, "Content-Security-Policy") ?? "";
        csp.ShouldBe(SecurityHeaders.ContentSecurityPolicy, path);
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("script-src 'self';");
        csp.ShouldNotContain("unsafe-eval");
    }

    internal static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}
