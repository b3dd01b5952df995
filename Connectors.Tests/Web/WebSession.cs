using System.Net;
using System.Text.RegularExpressions;
using Connectors.Domain.Administration;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Connectors.Tests.Web.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Web;

/// <summary>Who is at the keyboard in the web authorization tests.</summary>
public enum Who
{
    Anonymous,
    Member,
    Admin,
    SuperAdmin,
    Support,
    SupportReadOnly,
    SupportFullAccess,
}

/// <summary>A browser-like client of the in-process app (cookies kept, redirects not followed) signed
/// in through the real login form, and — for support — impersonating through the real endpoint.</summary>
public static partial class WebSession
{
    public const string Password = "Role-Passw0rd-123";
    public const string MemberEmail = "member@acme.test";
    public const string AdminEmail = "viewer@acme.test";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Adds the member and admin users of acme (the seed has the super-admin and support).</summary>
    public static async Task AddRoleUsersAsync(ConnectorsAppFactory app)
    {
        app.CreateClient().Dispose();
        await using var scope = app.Services.CreateAsyncScope();
        var acme = await AcmeAsync(app);
        var users = scope.ServiceProvider.GetRequiredService<UserDirectory>();
        await users.AddAsync(MemberEmail, Password, acme, TenantRole.Member, isSupport: false, Ct);
        await users.AddAsync(AdminEmail, Password, acme, TenantRole.Admin, isSupport: false, Ct);
    }

    public static async Task<Guid> AcmeAsync(ConnectorsAppFactory app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<TenantDirectory>().GetBySlugAsync("acme", Ct)).Id;
    }

    public static async Task<HttpClient> StartAsync(ConnectorsAppFactory app, Who who)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var (email, password) = who switch
        {
            Who.Anonymous => (null, null),
            Who.Member => (MemberEmail, Password),
            Who.Admin => (AdminEmail, Password),
            Who.SuperAdmin => (DatabaseSeeder.DefaultAdminEmail, ConnectorsAppFactory.AdminPassword),
            _ => (DatabaseSeeder.DefaultSupportEmail, ConnectorsAppFactory.SupportPassword),
        };
        if (email is not null)
        {
            var login = await AppStartupTests.SignInAsync(client, email, password!);
            login.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"{email} should be signed in");
        }

        if (who is Who.SupportReadOnly or Who.SupportFullAccess)
        {
            var started = await ImpersonateAsync(client, new()
            {
                ["TenantId"] = (await AcmeAsync(app)).ToString(),
                ["Reason"] = "Ticket 4711: the customer cannot see their mailbox",
                ["Mode"] = who == Who.SupportFullAccess ? "full-access" : "read-only",
                ["Minutes"] = "60",
            });
            started.Headers.Location!.ToString().ShouldBe("/admin");
        }

        return client;
    }

    /// <summary>Posts the impersonation form with a valid antiforgery token.</summary>
    public static async Task<HttpResponseMessage> ImpersonateAsync(HttpClient client, Dictionary<string, string> form)
    {
        form["__RequestVerificationToken"] = await AntiforgeryTokenAsync(client);
        return await client.PostAsync("/support/impersonation/start", new FormUrlEncodedContent(form), Ct);
    }

    public static async Task<HttpResponseMessage> StopImpersonatingAsync(HttpClient client) =>
        await client.PostAsync("/support/impersonation/stop", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = await AntiforgeryTokenAsync(client),
        }), Ct);

    /// <summary>The user's antiforgery token, read from the change-password form (every signed-in user has that
    /// page; the start page sends those who can view connectors on to the connectors page).</summary>
    public static async Task<string> AntiforgeryTokenAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/account/manage/password", Ct);
        var token = TokenPattern().Match(html).Groups[1].Value;
        token.ShouldNotBeEmpty();
        return token;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
