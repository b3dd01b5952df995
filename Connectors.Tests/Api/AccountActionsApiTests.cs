using System.Net;
using Connectors.Tests.Web;

namespace Connectors.Tests.Api;

/// <summary>Sync now, test, pause, resume and the sync history over the API. The app has no sync node, so a
/// manual sync stays queued — which makes "already syncing" deterministic.</summary>
public sealed class AccountActionsApiTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sync_ActiveAccount_Returns202WithTheQueuedRun()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var id = (await owner.CreateImapAsync("Sync me")).Id();

        var response = await owner.PostAsync($"/api/admin/accounts/{id}/sync", null, Ct);

        var queued = await response.ShouldBeJsonAsync(HttpStatusCode.Accepted);
        queued.GetProperty("accountId").GetGuid().ShouldBe(id);
        response.Headers.Location!.ToString().ShouldBe($"/api/admin/accounts/{id}/runs");
        var runs = await (await owner.GetAsync($"/api/admin/accounts/{id}/runs", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        runs.GetProperty("total").GetInt32().ShouldBe(1);
        var run = runs.GetProperty("items")[0];
        run.GetProperty("id").GetGuid().ShouldBe(queued.GetProperty("runId").GetGuid());
        run.GetProperty("status").GetString().ShouldBe("queued");
        run.GetProperty("trigger").GetString().ShouldBe("manual");
    }

    [Fact]
    public async Task Sync_WhileARunIsQueued_Returns409()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var id = (await owner.CreateImapAsync("Busy")).Id();
        (await owner.PostAsync($"/api/admin/accounts/{id}/sync", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var again = await owner.PostAsync($"/api/admin/accounts/{id}/sync", null, Ct);

        (await again.ShouldBeProblemAsync(HttpStatusCode.Conflict)).GetProperty("detail").GetString().ShouldBe("'Busy' is already syncing.");
    }

    [Fact]
    public async Task Sync_PausedOrPendingAccount_Returns422NamingTheStatus()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var paused = (await owner.CreateImapAsync("Paused one")).Id();
        (await owner.PostAsync($"/api/admin/accounts/{paused}/pause", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var pending = (await (await owner.PostJsonAsync("/api/admin/connectors/imap/accounts", new { label = "Pending one", values = ApiCalls.ImapValues("invalid.acme.test") }))
            .ShouldBeJsonAsync(HttpStatusCode.Created)).Id();

        (await (await owner.PostAsync($"/api/admin/accounts/{paused}/sync", null, Ct)).ShouldBeFieldErrorsAsync())["status"].ShouldBe("'Paused one' is Paused and cannot be synced.");
        (await (await owner.PostAsync($"/api/admin/accounts/{pending}/sync", null, Ct)).ShouldBeFieldErrorsAsync())["status"].ShouldBe("'Pending one' is Pending and cannot be synced.");
    }

    [Fact]
    public async Task Test_ActiveAccount_ReturnsHealthyAndRecordsIt()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var id = (await owner.CreateImapAsync("Testable")).Id();

        var result = await (await owner.PostAsync($"/api/admin/accounts/{id}/test", null, Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);

        result.GetProperty("state").GetString().ShouldBe("healthy");
        result.GetProperty("message").GetString().ShouldNotBeNullOrWhiteSpace();
        result.GetProperty("account").GetProperty("testStatus").GetString().ShouldBe("passed");
        result.GetProperty("account").Text("lastTestedAt").ShouldNotBeNull();
    }

    [Fact]
    public async Task PauseThenResume_ChangesTheStatusEachTime()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var id = (await owner.CreateImapAsync("Pausable")).Id();

        var paused = await (await owner.PostAsync($"/api/admin/accounts/{id}/pause", null, Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        var pausedAgain = await owner.PostAsync($"/api/admin/accounts/{id}/pause", null, Ct);
        var resumed = await (await owner.PostAsync($"/api/admin/accounts/{id}/resume", null, Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        var resumedAgain = await owner.PostAsync($"/api/admin/accounts/{id}/resume", null, Ct);

        paused.GetProperty("status").GetString().ShouldBe("paused");
        paused.GetProperty("nextSyncAt").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        (await pausedAgain.ShouldBeFieldErrorsAsync())["status"].ShouldContain("cannot be paused");
        resumed.GetProperty("status").GetString().ShouldBe("active");
        resumed.Text("nextSyncAt").ShouldNotBeNull();
        (await resumedAgain.ShouldBeFieldErrorsAsync())["status"].ShouldContain("cannot be resumed");
    }

    [Fact]
    public async Task Runs_Paged_NewestFirstWithTotals()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var id = (await owner.CreateImapAsync("History")).Id();
        (await owner.PostAsync($"/api/admin/accounts/{id}/sync", null, Ct)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var first = await (await owner.GetAsync($"/api/admin/accounts/{id}/runs?page=0&pageSize=1", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        var beyond = await (await owner.GetAsync($"/api/admin/accounts/{id}/runs?page=5&pageSize=1", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);

        first.GetProperty("items").GetArrayLength().ShouldBe(1);
        first.GetProperty("page").GetInt32().ShouldBe(0);
        first.GetProperty("pageSize").GetInt32().ShouldBe(1);
        first.GetProperty("pageCount").GetInt32().ShouldBe(1);
        beyond.GetProperty("items").GetArrayLength().ShouldBe(0);
        beyond.GetProperty("total").GetInt32().ShouldBe(1);
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=101", "pageSize")]
    [InlineData("pageSize=ten", "pageSize")]
    [InlineData("page=-1", "page")]
    [InlineData("page=1&page=2", "page")]
    public async Task Runs_BadPaging_Returns422NamingTheParameter(string query, string field)
    {
        using var viewer = app.Client(Who.Admin);
        using var owner = app.Client(Who.SuperAdmin);
        var id = (await owner.CreateImapAsync($"Paging {field} {query.Length}{query[^1]}")).Id();

        var response = await viewer.GetAsync($"/api/admin/accounts/{id}/runs?{query}", Ct);

        (await response.ShouldBeFieldErrorsAsync()).Keys.ShouldBe([field]);
    }
}
