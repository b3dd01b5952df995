using System.Net;
using Connectors.Domain.AccessTokens;
using Connectors.Tests.Web;

namespace Connectors.Tests.Api;

/// <summary>Who gets in: 401 without (valid) credentials — never a redirect to the sign-in page — 403 without
/// the right, and the browser cookie with antiforgery for unsafe methods.</summary>
public sealed class ApiAuthenticationTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Every operation of the API with a body good enough to pass validation for a manager.</summary>
    public static TheoryData<string, string> Operations() => new()
    {
        { "GET", "/api/admin/connectors" },
        { "POST", "/api/admin/connectors/{key}/accounts" },
        { "POST", "/api/admin/connectors/{key}/oauth" },
        { "GET", "/api/admin/accounts" },
        { "POST", "/api/admin/accounts/bulk" },
        { "GET", "/api/admin/accounts/{id}" },
        { "PATCH", "/api/admin/accounts/{id}" },
        { "DELETE", "/api/admin/accounts/{id}" },
        { "POST", "/api/admin/accounts/{id}/reconnect" },
        { "POST", "/api/admin/accounts/{id}/sync" },
        { "POST", "/api/admin/accounts/{id}/test" },
        { "POST", "/api/admin/accounts/{id}/pause" },
        { "POST", "/api/admin/accounts/{id}/resume" },
        { "GET", "/api/admin/accounts/{id}/runs" },
        { "GET", "/api/admin/accounts/{id}/settings" },
        { "PATCH", "/api/admin/accounts/{id}/settings" },
        { "GET", "/api/admin/projects" },
        { "POST", "/api/admin/projects" },
        { "DELETE", "/api/admin/projects/{key}" },
        { "GET", "/api/admin/accounts/{id}/held-removals" },
        { "POST", "/api/admin/accounts/{id}/held-removals/apply" },
        { "POST", "/api/admin/accounts/{id}/held-removals/keep" },
        { "POST", "/api/admin/accounts/{id}/check" },
        { "POST", "/api/admin/accounts/{id}/preview" },
        { "GET", "/api/admin/notifications/channels" },
        { "POST", "/api/admin/notifications/channels" },
        { "POST", "/api/admin/notifications/channels/{id}/test" },
        { "POST", "/api/admin/notifications/channels/{id}/enable" },
        { "POST", "/api/admin/notifications/channels/{id}/disable" },
        { "DELETE", "/api/admin/notifications/channels/{id}" },
        { "GET", "/api/admin/notifications/rules" },
        { "POST", "/api/admin/notifications/rules" },
        { "DELETE", "/api/admin/notifications/rules/{id}" },
        { "GET", "/api/admin/notifications/deliveries" },
        { "GET", "/api/admin/inbox" },
        { "POST", "/api/admin/inbox/read" },
        { "POST", "/api/admin/inbox/{id}/read" },
        { "GET", "/api/admin/credentials" },
        { "POST", "/api/admin/credentials" },
        { "GET", "/api/admin/credentials/{id}" },
        { "PATCH", "/api/admin/credentials/{id}" },
        { "POST", "/api/admin/credentials/{id}/test" },
        { "DELETE", "/api/admin/credentials/{id}" },
        { "PUT", "/api/admin/accounts/{id}/credentials" },
        { "GET", "/api/admin/oauth-apps" },
        { "PUT", "/api/admin/oauth-apps/{key}" },
        { "DELETE", "/api/admin/oauth-apps/{key}" },
    };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_WithoutOrWithABadToken_Returns401BearerChallenge(string method, string template)
    {
        var url = Concrete(template, Guid.NewGuid());
        foreach (var token in new[] { null, "not-a-token", AccessTokenSecret.Generate(), "cka_" + new string('A', 43) })
        {
            using var client = app.Client(token);

            var response = await client.SendAsync(Request(method, url), Ct);

            var problem = await response.ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
            response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer");
            response.Headers.Location.ShouldBeNull();
            problem.GetProperty("detail").GetString()!.ShouldContain("personal access token");
        }
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Operation_ByRole_AllowedOrForbiddenAsThePoliciesSay(string method, string template)
    {
        using var owner = app.Client(Who.SuperAdmin);
        var (id, body) = await TargetForAsync(owner, template);
        if (template.Contains("/held-removals/", StringComparison.Ordinal))
        {
            await app.SeedHeldRemovalAsync(id);
        }

        var url = Concrete(template, id);
        // Reading, and one's own inbox (every admin has one), is for viewers too.
        var isRead = method == "GET" || template.StartsWith("/api/admin/inbox", StringComparison.Ordinal);

        using var memberClient = app.Client(Who.Member);
        using var viewerClient = app.Client(Who.Admin);
        var member = await memberClient.SendAsync(Request(method, url, body), Ct);
        var viewer = await viewerClient.SendAsync(Request(method, url, body), Ct);
        var manager = await owner.SendAsync(Request(method, url, body), Ct);

        await member.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        if (isRead)
        {
            ((int)viewer.StatusCode).ShouldBeInRange(200, 299);
        }
        else
        {
            await viewer.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        }

        ((int)manager.StatusCode).ShouldBeInRange(200, 299, $"{method} {url}: {await manager.Content.ReadAsStringAsync(Ct)}");
    }

    [Fact]
    public async Task UnknownApiPath_Returns404ProblemNotThePage()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var response = await owner.GetAsync("/api/admin/nothing-here", Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Cookie_AnonymousOrWithoutTheRight_Gets401Or403NotARedirect()
    {
        using var anonymous = await WebSession.StartAsync(app.Factory, Who.Anonymous);
        using var member = await WebSession.StartAsync(app.Factory, Who.Member);
        using var support = await WebSession.StartAsync(app.Factory, Who.Support);

        await (await anonymous.GetAsync("/api/admin/connectors", Ct)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
        await (await member.GetAsync("/api/admin/connectors", Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await support.GetAsync("/api/admin/connectors", Ct)).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Cookie_UnsafeMethodWithoutAntiforgery_Returns400AndChangesNothing_WithItSucceeds()
    {
        using var browser = await WebSession.StartAsync(app.Factory, Who.SuperAdmin);
        var body = new { label = "Cookie made", values = ApiCalls.ImapValues() };

        var read = await browser.GetAsync("/api/admin/connectors", Ct);
        var without = await browser.PostJsonAsync("/api/admin/connectors/imap/accounts", body);
        var forged = await browser.SendAsync(WithAntiforgery(Request("POST", "/api/admin/connectors/imap/accounts", body), "forged-value"), Ct);
        var with = await browser.SendAsync(WithAntiforgery(Request("POST", "/api/admin/connectors/imap/accounts", body), await WebSession.AntiforgeryTokenAsync(browser)), Ct);

        read.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await without.ShouldBeProblemAsync(HttpStatusCode.BadRequest)).GetProperty("title").GetString().ShouldBe("Antiforgery token missing or invalid.");
        await forged.ShouldBeProblemAsync(HttpStatusCode.BadRequest);
        (await with.ShouldBeJsonAsync(HttpStatusCode.Created)).GetProperty("label").GetString().ShouldBe("Cookie made");
    }

    [Fact]
    public async Task Cookie_ViewOnlyAdminWithAntiforgery_Returns403()
    {
        using var browser = await WebSession.StartAsync(app.Factory, Who.Admin);

        var response = await browser.SendAsync(
            WithAntiforgery(Request("POST", "/api/admin/projects", new { key = "viewer-made", name = "No" }), await WebSession.AntiforgeryTokenAsync(browser)), Ct);

        await response.ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Token_NeedsNoAntiforgery_AndIsNotAcceptedByPages()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var api = await owner.PostJsonAsync("/api/admin/projects", new { key = "token-made", name = "Token made" });
        var page = await owner.GetAsync("/admin/connectors", Ct);

        api.StatusCode.ShouldBe(HttpStatusCode.Created);
        page.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        page.Headers.Location!.ToString().ShouldContain("/account/login");
    }

    /// <summary>What the operation acts on: a notification channel or rule of its own for those operations (a rule's body
    /// names a channel), else an account as <see cref="AccountReadyForAsync"/> prepares it.</summary>
    private static async Task<(Guid Id, object? Body)> TargetForAsync(HttpClient owner, string template)
    {
        if (template == "/api/admin/projects/{key}")
        {
            // A fresh project no account uses: the manager's DELETE succeeds.
            (await owner.PostJsonAsync("/api/admin/projects", new { key = DisposableProject, name = "Disposable" })).EnsureSuccessStatusCode();
            return (Guid.Empty, null);
        }

        if (template.StartsWith("/api/admin/credentials", StringComparison.Ordinal))
        {
            // A fresh IMAP credential (the app's IMAP runs on the fake ping): created, rotated, tested or deleted.
            var created = await owner.CreateImapCredentialAsync($"Roles {Guid.NewGuid():N}"[..20]);
            return (created, template == "/api/admin/credentials"
                ? new { connector = "imap", name = $"Roles {Guid.NewGuid():N}"[..20], values = ApiCalls.ImapValues() }
                : new { values = new Dictionary<string, object?> { ["password"] = "rotated-Passw0rd" } });
        }

        if (template.StartsWith("/api/admin/oauth-apps", StringComparison.Ordinal))
        {
            // The tenant's own Google Drive app, set first so that deleting it has something to delete.
            var app = new { clientId = "roles-client", clientSecret = "roles-secret" };
            (await owner.SendAsync(Request("PUT", "/api/admin/oauth-apps/google-drive", app), Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
            return (Guid.Empty, app);
        }

        if (template == "/api/admin/accounts/{id}/credentials")
        {
            var credential = await owner.CreateImapCredentialAsync($"Switch {Guid.NewGuid():N}"[..20]);
            return (await AccountReadyForAsync(owner, template), new { credentialId = credential });
        }

        if (!template.StartsWith("/api/admin/notifications/", StringComparison.Ordinal))
        {
            return (await AccountReadyForAsync(owner, template), null);
        }

        var channel = (await (await owner.PostJsonAsync("/api/admin/notifications/channels",
            new { kind = "email", name = "Roles", recipients = new[] { "roles@acme.test" } })).ShouldBeJsonAsync(HttpStatusCode.Created)).Id();
        if (template.StartsWith("/api/admin/notifications/rules", StringComparison.Ordinal))
        {
            var rule = new { name = "Roles", events = new[] { "sync.failed" }, channelIds = new[] { channel } };
            var ruleId = template.EndsWith("{id}", StringComparison.Ordinal)
                ? (await (await owner.PostJsonAsync("/api/admin/notifications/rules", rule)).ShouldBeJsonAsync(HttpStatusCode.Created)).Id()
                : Guid.Empty;
            return (ruleId, rule);
        }

        return (channel, new { kind = "email", name = "Roles", recipients = new[] { "roles@acme.test" } });
    }

    /// <summary>An account the operation can succeed on: Pending (refused login) to reconnect, Paused to
    /// resume, Active otherwise.</summary>
    private static async Task<Guid> AccountReadyForAsync(HttpClient owner, string template)
    {
        var label = $"Role {Guid.NewGuid():N}"[..20];
        if (template.EndsWith("/reconnect", StringComparison.Ordinal))
        {
            var refused = await owner.PostJsonAsync("/api/admin/connectors/imap/accounts", new { label, values = ApiCalls.ImapValues("fail.acme.test") });
            return (await refused.ShouldBeJsonAsync(HttpStatusCode.Created)).Id();
        }

        var id = (await owner.CreateImapAsync(label)).Id();
        if (template.EndsWith("/resume", StringComparison.Ordinal))
        {
            (await owner.PostAsync($"/api/admin/accounts/{id}/pause", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        return id;
    }

    private const string DisposableProject = "disposable";

    /// <summary>The template with an account id and a connector that takes the operation (OAuth: Google Drive); a project
    /// key for the projects' routes.</summary>
    private static string Concrete(string template, Guid id) => template.StartsWith("/api/admin/projects/", StringComparison.Ordinal)
        ? template.Replace("{key}", DisposableProject, StringComparison.Ordinal)
        : template
        .Replace("{id}", id.ToString(), StringComparison.Ordinal)
        .Replace("{key}", template.EndsWith("/oauth", StringComparison.Ordinal) || template.StartsWith("/api/admin/oauth-apps", StringComparison.Ordinal)
            ? "google-drive" : "imap", StringComparison.Ordinal);

    internal static HttpRequestMessage Request(string method, string url, object? body = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is "POST" or "PATCH" or "PUT")
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body ?? BodyFor(url));
        }

        return request;
    }

    private static HttpRequestMessage WithAntiforgery(HttpRequestMessage request, string token)
    {
        request.Headers.Add("RequestVerificationToken", token);
        return request;
    }

    /// <summary>A body a manager's call succeeds with (a fresh label each time, so nothing collides).</summary>
    private static object BodyFor(string url)
    {
        var unique = Guid.NewGuid().ToString("N")[..8];
        return url switch
        {
            _ when url.EndsWith("/imap/accounts", StringComparison.Ordinal) => new { label = $"Made {unique}", values = ApiCalls.ImapValues() },
            _ when url.EndsWith("/oauth", StringComparison.Ordinal) => new { label = $"Drive {unique}" },
            _ when url.EndsWith("/projects", StringComparison.Ordinal) => new { key = $"p-{unique}", name = "Made" },
            _ when url.EndsWith("/reconnect", StringComparison.Ordinal) => new { values = ApiCalls.ImapValues() },
            _ when url.EndsWith("/settings", StringComparison.Ordinal) => new Dictionary<string, object?> { ["date_window_days"] = 30 },
            _ when url.EndsWith("/accounts/bulk", StringComparison.Ordinal) => new { action = "pause", filter = new { q = $"none {unique}" }, dryRun = true },
            _ => new { label = $"Renamed {unique}" },
        };
    }

}
