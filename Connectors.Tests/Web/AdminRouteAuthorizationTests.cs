using System.Net;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Web;

/// <summary>The admin routes × roles over the real app: anonymous → sign-in, member → 403 page,
/// admin and super-admin → the page.</summary>
public sealed class AdminRouteAuthorizationTests : IAsyncLifetime
{
    private const string Password = "Role-Passw0rd-123";
    private readonly ConnectorsAppFactory _app = new();

    public async ValueTask InitializeAsync()
    {
        _app.CreateClient().Dispose();
        await using var scope = _app.Services.CreateAsyncScope();
        var acme = await scope.ServiceProvider.GetRequiredService<TenantDirectory>().GetBySlugAsync("acme", CancellationToken.None);
        var users = scope.ServiceProvider.GetRequiredService<UserDirectory>();
        await users.AddAsync("member@acme.test", Password, acme.Id, TenantRole.Member, isSupport: false, CancellationToken.None);
        await users.AddAsync("viewer@acme.test", Password, acme.Id, TenantRole.Admin, isSupport: false, CancellationToken.None);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    public static TheoryData<string> AdminRoutes() => ["/admin/connectors", "/admin/projects", "/admin/documents", "/admin/audit"];

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task AdminRoute_Anonymous_RedirectsToSignIn(string route)
    {
        using var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(route, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/account/login");
    }

    [Theory]
    [MemberData(nameof(AdminRoutes))]
    public async Task AdminRoute_Member_GetsTheForbiddenPage(string route)
    {
        using var client = await SignedInAsync("member@acme.test", Password);

        var response = await client.GetAsync(route, TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("Access denied");
    }

    [Theory]
    [InlineData("viewer@acme.test", Password)]
    [InlineData(DatabaseSeeder.DefaultAdminEmail, ConnectorsAppFactory.AdminPassword)]
    public async Task ConnectorsPage_AdminOrSuperAdmin_ShowsTheRegisteredConnectors(string email, string password)
    {
        using var client = await SignedInAsync(email, password);

        var response = await client.GetAsync("/admin/connectors", TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        html.ShouldContain("data-testid=\"connector-card-imap\"");
        html.ShouldContain("Email (IMAP)");
        html.ShouldContain("No account connected yet.");
    }

    private async Task<HttpClient> SignedInAsync(string email, string password)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });
        var response = await AppStartupTests.SignInAsync(client, email, password);
        response.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/");
        return client;
    }
}
