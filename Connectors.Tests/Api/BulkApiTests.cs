using System.Net;
using System.Text.Json;
using Connectors.Tests.Web;

namespace Connectors.Tests.Api;

/// <summary><c>POST /api/admin/accounts/bulk</c>: the bulk actions over the API — dry run, run, by ids or filter,
/// 422 naming each bad property.</summary>
public sealed class BulkApiTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DryRunThenRun_ByFilter_AnswersEachAccountsOutcome()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var a = (await owner.CreateImapAsync("Bulkapi a")).Id();
        var b = (await owner.CreateImapAsync("Bulkapi b")).Id();
        (await owner.PostAsync($"/api/admin/accounts/{b}/pause", null, Ct)).EnsureSuccessStatusCode();
        var filter = new { q = "BULKAPI" };

        var dry = await (await owner.PostJsonAsync("/api/admin/accounts/bulk", new { action = "pause", filter, dryRun = true })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var run = await (await owner.PostJsonAsync("/api/admin/accounts/bulk", new { action = "pause", filter })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var resume = await (await owner.PostJsonAsync("/api/admin/accounts/bulk", new { action = "resume", accountIds = new[] { a, b } })).ShouldBeJsonAsync(HttpStatusCode.OK);

        Items(dry).ShouldBe([(a, "Bulkapi a", "will-apply", null), (b, "Bulkapi b", "skipped", "Already paused.")]);
        dry.GetProperty("dryRun").GetBoolean().ShouldBeTrue();
        Items(run).ShouldBe([(a, "Bulkapi a", "applied", null), (b, "Bulkapi b", "skipped", "Already paused.")]);
        Items(resume).Select(i => i.Outcome).ShouldBe(["applied", "applied"]);
        var account = await (await owner.GetAsync($"/api/admin/accounts/{a}", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        account.GetProperty("status").GetString().ShouldBe("active");
    }

    [Fact]
    public async Task MoveAndCadence_ApplyTheirValue()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var id = (await owner.CreateImapAsync("Bulkmove a")).Id();

        var move = await (await owner.PostJsonAsync("/api/admin/accounts/bulk", new { action = "move", accountIds = new[] { id }, projectKey = "engineering" }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);
        var cadence = await (await owner.PostJsonAsync("/api/admin/accounts/bulk", new { action = "cadence", accountIds = new[] { id }, cadenceMinutes = 120 }))
            .ShouldBeJsonAsync(HttpStatusCode.OK);

        Items(move).Single().Outcome.ShouldBe("applied");
        Items(cadence).Single().Outcome.ShouldBe("applied");
        var account = await (await owner.GetAsync($"/api/admin/accounts/{id}", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        account.GetProperty("projectKey").GetString().ShouldBe("engineering");
        account.GetProperty("cadenceMinutes").GetInt32().ShouldBe(120);
    }

    [Fact]
    public async Task BadRequests_Answer422NamingEachProperty()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var unknown = await (await owner.PostJsonAsync("/api/admin/accounts/bulk",
            new { action = "explode", accountIds = new[] { "not-an-id" }, dryRun = "yes", colour = 1 })).ShouldBeFieldErrorsAsync();
        var missing = await (await owner.PostJsonAsync("/api/admin/accounts/bulk", new { action = "move", filter = new { status = new[] { "sleeping" } } })).ShouldBeFieldErrorsAsync();
        var neither = await (await owner.PostJsonAsync("/api/admin/accounts/bulk", new { action = "sync" })).ShouldBeFieldErrorsAsync();
        var range = await (await owner.PostJsonAsync("/api/admin/accounts/bulk", new { action = "cadence", filter = new { }, cadenceMinutes = 1 })).ShouldBeFieldErrorsAsync();

        unknown.Keys.ShouldBe(["action", "accountIds", "dryRun", "colour"], ignoreOrder: true);
        unknown["action"].ShouldBe("action must be one of sync, pause, resume, move, cadence, delete.");
        missing.Keys.ShouldBe(["projectKey", "filter.status"], ignoreOrder: true);
        neither.Keys.ShouldBe(["accountIds"]);
        range.Keys.ShouldBe(["cadenceMinutes"]);
    }

    private static List<(Guid Id, string Label, string Outcome, string? Reason)> Items(JsonElement result) =>
        [.. result.GetProperty("items").EnumerateArray().Select(i => (
            i.GetProperty("accountId").GetGuid(), i.GetProperty("label").GetString()!, i.GetProperty("outcome").GetString()!,
            i.GetProperty("reason").ValueKind == JsonValueKind.Null ? null : i.GetProperty("reason").GetString()))];
}
