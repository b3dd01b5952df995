using System.Net;
using Connectors.Tests.Web;

namespace Connectors.Tests.Api;

/// <summary><c>GET</c> / <c>PATCH /api/admin/accounts/{id}/settings</c>: what the Settings dialog edits, over the API
/// (issue 15, item 9), keyed by the settings form's field names.</summary>
public sealed class AccountSettingsApiTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetThenPatch_ChangesOnlyTheFieldsSent_AndNullRestoresTheDefault()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var id = (await owner.CreateImapAsync("Settingsapi a")).Id();
        var url = $"/api/admin/accounts/{id}/settings";

        var before = await (await owner.GetAsync(url, Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        var patched = await (await owner.PatchJsonAsync(url, new Dictionary<string, object?>
        {
            ["date_window_days"] = 30, ["folders.include"] = new[] { "INBOX", " Sent ", "INBOX" },
        })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var reset = await (await owner.PatchJsonAsync(url, new Dictionary<string, object?> { ["date_window_days"] = null })).ShouldBeJsonAsync(HttpStatusCode.OK);

        before.GetProperty("values").GetProperty("date_window_days").GetDouble().ShouldBe(365);
        before.GetProperty("form").GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString())
            .ShouldBe(["folders.include", "folders.exclude", "date_window_days", "senders.exclude"]);
        patched.GetProperty("values").GetProperty("date_window_days").GetDouble().ShouldBe(30);
        patched.GetProperty("values").GetProperty("folders.include").EnumerateArray().Select(v => v.GetString()).ShouldBe(["INBOX", "Sent"]);
        patched.GetProperty("customized").EnumerateArray().Select(v => v.GetString()).ShouldBe(["date_window_days", "folders.include"], ignoreOrder: true);
        reset.GetProperty("values").GetProperty("date_window_days").GetDouble().ShouldBe(365);
        reset.GetProperty("customized").EnumerateArray().Select(v => v.GetString()).ShouldBe(["folders.include"]);
    }

    [Fact]
    public async Task Patch_BadValues_Answer422NamingEachField_AndSaveNothing()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var id = (await owner.CreateImapAsync("Settingsapi b")).Id();
        var url = $"/api/admin/accounts/{id}/settings";

        var errors = await (await owner.PatchJsonAsync(url, new Dictionary<string, object?>
        {
            ["date_window_days"] = -1, ["colour"] = "blue", ["folders.include"] = new[] { "Archive" },
        })).ShouldBeFieldErrorsAsync();

        errors.Keys.ShouldBe(["date_window_days", "colour"], ignoreOrder: true);
        errors["date_window_days"].ShouldContain("Days of mail to sync");
        var after = await (await owner.GetAsync(url, Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        after.GetProperty("customized").GetArrayLength().ShouldBe(0);
        var misplaced = await (await owner.PatchJsonAsync($"/api/admin/accounts/{id}", new { settings = new { date_window_days = 5 } })).ShouldBeFieldErrorsAsync();
        misplaced["settings"].ShouldStartWith("Settings are changed at PATCH /api/admin/accounts/{id}/settings");
        using var viewer = app.Client(Who.Admin);
        await (await viewer.PatchJsonAsync(url, new Dictionary<string, object?> { ["date_window_days"] = 10 })).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
    }
}
