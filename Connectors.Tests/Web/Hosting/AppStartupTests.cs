using System.Net;
using System.Text.RegularExpressions;
using Connectors.Domain.Administration;
using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Web.Hosting;

/// <summary>The host migrates and seeds on start, serves the login page and health, and signs in.</summary>
public sealed partial class AppStartupTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_FreshDatabase_MigratesSeedsAndServesLoginAndHealth()
    {
        await using var app = new ConnectorsAppFactory();
        using var client = app.CreateClient();

        var login = await client.GetAsync("/account/login", Ct);
        var health = await client.GetStringAsync("/healthz", Ct);

        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await login.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("name=\"Input.Email\"");
        html.ShouldContain("name=\"Input.Password\"");
        using var report = System.Text.Json.JsonDocument.Parse(health);
        report.RootElement.GetProperty("status").GetString().ShouldBe("Healthy");
        report.RootElement.GetProperty("checks").EnumerateArray()
            .Select(c => (c.GetProperty("name").GetString(), c.GetProperty("status").GetString()))
            .ShouldBe([("database", "Healthy"), ("scheduler", "Healthy")], ignoreOrder: true);
        File.Exists(app.DatabasePath).ShouldBeTrue();
        await AssertSeededAsync(app.Services);
    }

    [Fact]
    public async Task Start_Twice_SeedsOnlyOnce()
    {
        await using var first = new ConnectorsAppFactory();
        first.CreateClient().Dispose();
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Connectors"] = $"Data Source={first.DatabasePath}" };
        await using var second = new ConnectorsAppFactory(settings);

        second.CreateClient().Dispose();

        await using var scope = second.Services.CreateAsyncScope();
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        (await db.Tenants.CountAsync(Ct)).ShouldBe(1);
        (await db.Users.CountAsync(Ct)).ShouldBe(2);
    }

    [Fact]
    public async Task Login_SeededAdmin_LandsOnTheOverviewOfTheirTenant()
    {
        await using var app = new ConnectorsAppFactory();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true });

        var response = await SignInAsync(client, DatabaseSeeder.DefaultAdminEmail, ConnectorsAppFactory.AdminPassword);

        response.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/admin");
        var html = await response.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("data-testid=\"tenant-name\"");
        html.ShouldContain("Acme");
    }

    [Fact]
    public async Task Login_WrongPassword_SaysInvalidAndStaysOnLogin()
    {
        await using var app = new ConnectorsAppFactory();
        using var client = app.CreateClient();

        var response = await SignInAsync(client, DatabaseSeeder.DefaultAdminEmail, "not-the-password");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync(Ct);
        html.ShouldContain("Invalid email or password.");
        html.ShouldNotContain("not-the-password");
    }

    [Fact]
    public async Task Home_Anonymous_RedirectsToLogin()
    {
        await using var app = new ConnectorsAppFactory();
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/", Ct);

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/account/login");
    }

    [Fact]
    public async Task Start_UnknownDatabaseProvider_StopsNamingTheValidOnes()
    {
        await using var app = new ConnectorsAppFactory(new Dictionary<string, string?> { ["Database:Provider"] = "Oracle" });

        var error = Should.Throw<InvalidOperationException>(() => app.CreateClient());

        error.Message.ShouldBe("Database:Provider 'Oracle' is not supported. Valid values: Sqlite, SqlServer.");
    }

    internal static async Task<HttpResponseMessage> SignInAsync(HttpClient client, string email, string password)
    {
        var form = await client.GetStringAsync("/account/login", Ct);
        var token = TokenPattern().Match(form).Groups[1].Value;
        token.ShouldNotBeEmpty();
        return await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "login",
            ["Input.Email"] = email,
            ["Input.Password"] = password,
        }), Ct);
    }

    private static async Task AssertSeededAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var tenant = await scope.ServiceProvider.GetRequiredService<TenantDirectory>().GetBySlugAsync("acme", Ct);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenant.Id);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        (await db.Projects.OrderBy(p => p.Key).Select(p => p.Key).ToListAsync(Ct)).ShouldBe(["acme-hr", "default", "engineering"]);
        tenant.DefaultProjectKey.ShouldBe("default");
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConnectorsUser>>();
        var admin = await users.FindByEmailAsync(DatabaseSeeder.DefaultAdminEmail);
        var support = await users.FindByEmailAsync(DatabaseSeeder.DefaultSupportEmail);
        (await users.CheckPasswordAsync(admin!, ConnectorsAppFactory.AdminPassword)).ShouldBeTrue();
        support!.IsSupport.ShouldBeTrue();
        var memberships = scope.ServiceProvider.GetRequiredService<UserDirectory>();
        (await memberships.MembershipsAsync(admin!.Id, Ct)).ShouldHaveSingleItem().Role.ShouldBe(TenantRole.SuperAdmin);
        (await memberships.MembershipsAsync(support.Id, Ct)).ShouldBeEmpty();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
