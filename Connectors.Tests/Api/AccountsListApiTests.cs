using System.Net;
using System.Text.Json;
using Connectors.Tests.Web;

namespace Connectors.Tests.Api;

/// <summary><c>GET /api/admin/accounts</c>: the accounts table the admin page shows, with the page's query parameters.</summary>
public sealed class AccountsListApiTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_SearchFilterSortAndPage_AnswerTheMatchingAccountsOfTheTenant()
    {
        using var owner = app.Client(Who.SuperAdmin);
        await owner.CreateImapAsync("Tablelist b-mail", projectKey: "engineering");
        await owner.CreateImapAsync("Tablelist a-mail");
        var c = await owner.CreateImapAsync("Tablelist c-mail");
        (await owner.PostAsync($"/api/admin/accounts/{c.Id()}/pause", null, Ct)).EnsureSuccessStatusCode();
        using var globex = app.Client(app.GlobexToken);
        await globex.CreateImapAsync("Tablelist globex");
        using var viewer = app.Client(Who.Admin);

        var all = await (await viewer.GetAsync("/api/admin/accounts?q=TABLELIST&sort=-label", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        Labels(all).ShouldBe(["Tablelist c-mail", "Tablelist b-mail", "Tablelist a-mail"]);
        all.GetProperty("total").GetInt32().ShouldBe(3);
        var first = all.GetProperty("rows")[2];
        first.GetProperty("connectorName").GetString().ShouldBe("Email (IMAP)");
        first.GetProperty("isStale").GetBoolean().ShouldBeFalse();
        first.GetProperty("account").GetProperty("status").GetString().ShouldBe("active");

        var active = await (await viewer.GetAsync("/api/admin/accounts?q=tablelist&status=active&connector=imap", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        Labels(active).ShouldBe(["Tablelist a-mail", "Tablelist b-mail"]);
        var paused = await (await viewer.GetAsync("/api/admin/accounts?q=tablelist&status=paused&status=error", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        Labels(paused).ShouldBe(["Tablelist c-mail"]);
        var engineering = await (await viewer.GetAsync("/api/admin/accounts?q=tablelist&project=engineering", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        Labels(engineering).ShouldBe(["Tablelist b-mail"]);
        var second = await (await viewer.GetAsync("/api/admin/accounts?q=tablelist&pageSize=2&page=2", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        Labels(second).ShouldBe(["Tablelist c-mail"]);
        (second.GetProperty("page").GetInt32(), second.GetProperty("pageCount").GetInt32()).ShouldBe((2, 2));
    }

    [Fact]
    public async Task List_UnreadableParameters_Answer422NamingEachOne()
    {
        using var viewer = app.Client(Who.Admin);

        var errors = await (await viewer.GetAsync("/api/admin/accounts?status=sleeping&sort=size&page=0&pageSize=201", Ct)).ShouldBeFieldErrorsAsync();

        errors.Keys.ShouldBe(["status", "sort", "page", "pageSize"], ignoreOrder: true);
        errors["status"].ShouldBe("status 'sleeping' is not one of pending, active, paused, needs-reconnect, error.");
    }

    private static List<string> Labels(JsonElement page) =>
        page.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("account").GetProperty("label").GetString()!).ToList();
}
