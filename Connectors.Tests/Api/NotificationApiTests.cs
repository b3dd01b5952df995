using System.Net;
using System.Text.Json;
using Connectors.Tests.Fakes;
using Connectors.Tests.Web;

namespace Connectors.Tests.Api;

/// <summary><c>/api/admin/notifications</c> and <c>/api/admin/inbox</c>, and <c>POST /accounts/{id}/check</c>: the
/// DESIGN shapes, 422 naming each property, viewers read and super-admins change, tenants apart.</summary>
public sealed class NotificationApiTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Channels_CreateEmailAndWebhook_TheSecretOnceInTheWhsecForm_ThenListedWithoutIt()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var owner = app.Client(Who.SuperAdmin);

        var email = await (await owner.PostJsonAsync("/api/admin/notifications/channels",
            new { kind = "email", name = "Api mail", recipients = new[] { "ops@acme.test" } })).ShouldBeJsonAsync(HttpStatusCode.Created);
        var webhook = await (await owner.PostJsonAsync("/api/admin/notifications/channels",
            new { kind = "webhook", name = "Api hook", url = receiver.Url })).ShouldBeJsonAsync(HttpStatusCode.Created);

        email.GetProperty("secret").ValueKind.ShouldBe(JsonValueKind.Null);
        var secret = webhook.GetProperty("secret").GetString()!;
        secret.ShouldStartWith("whsec_");
        var listed = await (await owner.GetAsync("/api/admin/notifications/channels", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        listed.GetRawText().ShouldNotContain(secret["whsec_".Length..]);
        listed.EnumerateArray().Select(c => c.GetProperty("name").GetString()).ShouldContain("Api hook");

        // "Send test event": a signed delivery now, in the log with its attempt.
        receiver.Secret = secret;
        var test = await (await owner.PostAsync($"/api/admin/notifications/channels/{webhook.Id()}/test", null, Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        test.GetProperty("status").GetString().ShouldBe("delivered");
        test.GetProperty("lastStatusCode").GetInt32().ShouldBe(200);
        var hook = (await receiver.WaitForAsync(1, TimeSpan.FromSeconds(30))).Single();
        hook.Fresh.ShouldBeTrue();
        JsonDocument.Parse(hook.Body).RootElement.GetProperty("type").GetString().ShouldBe("notification.test");
        var log = await (await owner.GetAsync("/api/admin/notifications/deliveries", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        var entry = log.EnumerateArray().First(d => d.GetProperty("id").GetGuid() == test.GetProperty("id").GetGuid());
        entry.GetProperty("attemptLog").EnumerateArray().Single().GetProperty("statusCode").GetInt32().ShouldBe(200);
    }

    [Fact]
    public async Task Rules_Create_AnswersTheRule_AndBadInputNamesEachProperty()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var channel = (await (await owner.PostJsonAsync("/api/admin/notifications/channels",
            new { kind = "email", name = "Rule mail", recipients = new[] { "ops@acme.test" } })).ShouldBeJsonAsync(HttpStatusCode.Created)).Id();

        var rule = await (await owner.PostJsonAsync("/api/admin/notifications/rules",
            new { name = "Broken accounts", events = new[] { "account.needs_reconnect", "account.stopped" }, channelIds = new[] { channel }, connectors = new[] { "imap" } }))
            .ShouldBeJsonAsync(HttpStatusCode.Created);
        var bad = await (await owner.PostJsonAsync("/api/admin/notifications/rules",
            new { name = "", events = new[] { "everything" }, channelIds = new[] { "nope" }, colour = "red" })).ShouldBeFieldErrorsAsync();
        var badChannel = await (await owner.PostJsonAsync("/api/admin/notifications/channels",
            new { kind = "webhook", name = "Hook", url = "https://169.254.169.254/latest" })).ShouldBeFieldErrorsAsync();

        rule.GetProperty("events").EnumerateArray().Select(e => e.GetString()).ShouldBe(["account.needs_reconnect", "account.stopped"]);
        rule.GetProperty("connectors").EnumerateArray().Single().GetString().ShouldBe("imap");
        bad.Keys.ShouldBe(["channelIds", "colour"], ignoreOrder: true);
        badChannel.Keys.ShouldBe(["url"]);
        badChannel["url"].ShouldContain("metadata");
    }

    [Fact]
    public async Task Roles_ViewersRead_OnlySuperAdminsChange_AndAnotherTenantSeesNothing()
    {
        using var owner = app.Client(Who.SuperAdmin);
        using var viewer = app.Client(Who.Admin);
        using var member = app.Client(Who.Member);
        using var globex = app.Client(app.GlobexToken);
        var channel = (await (await owner.PostJsonAsync("/api/admin/notifications/channels",
            new { kind = "email", name = "Roles mail", recipients = new[] { "ops@acme.test" } })).ShouldBeJsonAsync(HttpStatusCode.Created)).Id();

        (await viewer.GetAsync("/api/admin/notifications/channels", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.GetAsync("/api/admin/notifications/deliveries", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.GetAsync("/api/admin/inbox", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await viewer.PostJsonAsync("/api/admin/notifications/channels", new { kind = "email", name = "X", recipients = new[] { "a@acme.test" } }))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await viewer.PostAsync($"/api/admin/notifications/channels/{channel}/test", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await member.DeleteAsync($"/api/admin/notifications/channels/{channel}", Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var theirs = await (await globex.GetAsync("/api/admin/notifications/channels", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        theirs.EnumerateArray().ShouldBeEmpty();
        (await globex.DeleteAsync($"/api/admin/notifications/channels/{channel}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await owner.DeleteAsync($"/api/admin/notifications/channels/{channel}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Check_RunsTheProbeNow_AndRecordsIt()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var id = (await owner.CreateImapAsync("Checked box")).Id();

        var result = await (await owner.PostAsync($"/api/admin/accounts/{id}/check", null, Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);

        result.GetProperty("state").GetString().ShouldBe("healthy");
        result.GetProperty("account").GetProperty("testStatus").GetString().ShouldBe("passed");
        (await app.Client(Who.Admin).PostAsync($"/api/admin/accounts/{id}/check", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await owner.PostAsync($"/api/admin/accounts/{Guid.NewGuid()}/check", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
