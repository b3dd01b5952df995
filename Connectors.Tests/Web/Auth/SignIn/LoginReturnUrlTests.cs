using System.Net;
using System.Text.RegularExpressions;
using Connectors.Domain.Administration;
using Connectors.Domain.Tenancy;

namespace Connectors.Tests.Web.Auth.SignIn;

/// <summary>After signing in, the login page sends the user to its <c>ReturnUrl</c> — percent-encoded,
/// so a non-ASCII one no longer fails the sign-in with a 500 — and only when it stays in the app.</summary>
public sealed partial class LoginReturnUrlTests(SignInApp fixture) : IClassFixture<SignInApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/admin/documents?q=café", "/admin/documents?q=caf%C3%A9")]
    [InlineData("/é", "/%C3%A9")]
    [InlineData("/\u3002", "/%E3%80%82")]
    [InlineData("/admin/documents?q=a%20b", "/admin/documents?q=a%20b")]
    [InlineData("/admin/projects", "/admin/projects")]
    public async Task SignIn_LocalReturnUrl_SignsInAndRedirectsToItEncoded(string returnUrl, string expected)
    {
        using var client = NewClient();

        var response = await SignInAsync(client, returnUrl);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync(Ct));
        PathAndQuery(client, response).ShouldBe(expected);
        response.Headers.GetValues("Set-Cookie").ShouldContain(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        (await client.GetAsync("/admin/projects", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("//evil.test")]
    [InlineData("/\\evil.test")]
    [InlineData("https://evil.test")]
    [InlineData("//evil\u3002test")]
    [InlineData("/\\evil\u3002test/")]
    [InlineData("https://evil\u3002test")]
    [InlineData("/\t/evil.test")]
    [InlineData("evil.test")]
    public async Task SignIn_ReturnUrlLeavingTheApp_SignsInAndGoesHome(string returnUrl)
    {
        using var client = NewClient();

        var response = await SignInAsync(client, returnUrl);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        PathAndQuery(client, response).ShouldBe("/");
    }

    private HttpClient NewClient() => fixture.NewClient(followRedirects: false);

    /// <summary>Signs in as the seeded admin through the login page opened with <paramref name="returnUrl"/>.</summary>
    private static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string returnUrl)
    {
        var page = "/account/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        var form = await client.GetStringAsync(page, Ct);
        var token = TokenPattern().Match(form).Groups[1].Value;
        token.ShouldNotBeEmpty();
        return await client.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = DatabaseSeeder.DefaultAdminEmail,
            ["Input.Password"] = Infrastructure.ConnectorsAppFactory.AdminPassword,
        }), Ct);
    }

    /// <summary>The redirect's target within the app (the location may be absolute on the app's own host).</summary>
    private static string PathAndQuery(HttpClient client, HttpResponseMessage response)
    {
        var location = response.Headers.Location!;
        if (!location.IsAbsoluteUri)
        {
            return location.OriginalString;
        }

        location.Authority.ShouldBe(client.BaseAddress!.Authority);
        return location.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
