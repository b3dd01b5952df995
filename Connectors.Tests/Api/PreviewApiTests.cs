using System.Net;
using Connectors.Tests.Web;

namespace Connectors.Tests.Api;

/// <summary><c>POST /api/admin/accounts/{id}/preview</c>: the DESIGN shape, the manage right, 422 naming the limit or
/// the status, and no secret in the answer.</summary>
public sealed class PreviewApiTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Preview_SuperAdmin_GetsTheNewestItems_ViewerIsRefused_BadInputNamed()
    {
        using var owner = app.Client(Who.SuperAdmin);
        using var viewer = app.Client(Who.Admin);
        var id = (await owner.CreateImapAsync($"Preview {Guid.NewGuid():N}"[..16])).Id();

        var preview = await (await owner.PostAsync($"/api/admin/accounts/{id}/preview?limit=3", null, Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        var refused = await viewer.PostAsync($"/api/admin/accounts/{id}/preview", null, Ct);
        var badLimit = await (await owner.PostAsync($"/api/admin/accounts/{id}/preview?limit=0", null, Ct)).ShouldBeFieldErrorsAsync();
        (await owner.PostAsync($"/api/admin/accounts/{id}/pause", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var paused = await (await owner.PostAsync($"/api/admin/accounts/{id}/preview", null, Ct)).ShouldBeFieldErrorsAsync();

        var items = preview.GetProperty("items");
        items.GetArrayLength().ShouldBe(3);
        items[0].EnumerateObject().Select(p => p.Name).ShouldBe(["title", "author", "date", "size", "excerpt"], ignoreOrder: true);
        preview.GetProperty("error").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        preview.GetRawText().ShouldNotContain(ApiCalls.ImapPassword);
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        badLimit.Keys.ShouldBe(["limit"]);
        paused.Keys.ShouldBe(["status"]);
    }
}
