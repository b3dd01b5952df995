using System.Net;
using Connectors.Domain.Administration;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Connectors.Tests.Web.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Connectors.Tests.Web.Auth;

/// <summary>Where the app starts: users who can view connectors (admins, super-admins, support while
/// impersonating) are taken from <c>/</c> to the connectors page — so signing in lands them there; everyone
/// else keeps the start page with their memberships and account links.</summary>
public sealed class StartPageTests(SignedInClients clients) : IClassFixture<SignedInClients>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_SuperAdmin_LandsOnTheOverview()
    {
        using var client = clients.App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });

        var response = await AppStartupTests.SignInAsync(client, DatabaseSeeder.DefaultAdminEmail, ConnectorsAppFactory.AdminPassword);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/admin");
        (await response.Content.ReadAsStringAsync(Ct)).ShouldContain("data-testid=\"tenant-name\"");
    }

    [Theory]
    [InlineData(Who.Admin)]
    [InlineData(Who.SuperAdmin)]
    [InlineData(Who.SupportReadOnly)]
    [InlineData(Who.SupportFullAccess)]
    public async Task StartPage_UserWhoCanViewConnectors_IsTakenToTheConnectorsPage(Who who)
    {
        var response = await clients[who].GetAsync("/", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldEndWith("/admin");
    }

    [Theory]
    [InlineData(Who.Member, "member@acme.test")]
    [InlineData(Who.Support, "support@connectors.test")]
    public async Task StartPage_UserWhoCannotViewConnectors_StaysOnTheStartPage(Who who, string email)
    {
        var response = await clients[who].GetAsync("/", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync(Ct);
        html.ShouldContain($"signed-in-email\">{email}");
        html.ShouldContain("data-testid=\"change-password\"");
        html.ShouldNotContain("data-testid=\"open-admin\"");
    }
}
