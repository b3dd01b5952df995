using System.Net;
using Connectors.Domain.Administration;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Connectors.Tests.Web.Hosting;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;

namespace Connectors.Tests.Web.Security;

/// <summary>Behind a TLS proxy (Connectors:Network:ForwardedHeaders:Enabled) the app takes the client's
/// scheme from X-Forwarded-Proto: Secure cookies and https redirects. Off, it ignores the header.</summary>
public sealed class ForwardedHeadersTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Enabled_ForwardedProtoHttps_RedirectsToHttpsAndSetsSecureCookies()
    {
        await using var app = new ConnectorsAppFactory(new Dictionary<string, string?> { ["Connectors:Network:ForwardedHeaders:Enabled"] = "true" });
        using var client = app.CreateDefaultClient(new CookieContainerHandler(), new ForwardedByTlsProxy());

        var anonymous = await client.GetAsync("/admin/connectors", Ct);
        var signIn = await AppStartupTests.SignInAsync(client, DatabaseSeeder.DefaultAdminEmail, ConnectorsAppFactory.AdminPassword);

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        anonymous.Headers.Location!.ToString().ShouldStartWith("https://connectors.example.test/account/login");
        signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal))
            .ShouldContain("secure", Case.Insensitive);
    }

    [Fact]
    public async Task Disabled_ForwardedProtoHttps_IsIgnored()
    {
        await using var app = new ConnectorsAppFactory();
        using var client = app.CreateDefaultClient(new CookieContainerHandler(), new ForwardedByTlsProxy());

        var anonymous = await client.GetAsync("/admin/connectors", Ct);
        var signIn = await AppStartupTests.SignInAsync(client, DatabaseSeeder.DefaultAdminEmail, ConnectorsAppFactory.AdminPassword);

        anonymous.Headers.Location!.ToString().ShouldStartWith("http://localhost/account/login");
        signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal))
            .ShouldNotContain("secure", Case.Insensitive);
    }

    /// <summary>What a TLS-terminating proxy adds to each request it passes on over plain HTTP.</summary>
    private sealed class ForwardedByTlsProxy : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add("X-Forwarded-Proto", "https");
            request.Headers.Add("X-Forwarded-Host", "connectors.example.test");
            request.Headers.Add("X-Forwarded-For", "203.0.113.7");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
