using System.Net;
using Connectors.Tests.Web;

namespace Connectors.Tests.Api;

/// <summary><c>/api/admin/accounts/{id}</c>: read, PATCH semantics, delete, reconnect; another tenant's id is 404.</summary>
public sealed class AccountsApiTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetAccount_OwnTenant_ReturnsTheSummaryTheListShows()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var created = await owner.CreateImapAsync("Readable");
        using var viewer = app.Client(Who.Admin);

        var account = await (await viewer.GetAsync($"/api/admin/accounts/{created.Id()}", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);

        account.GetProperty("label").GetString().ShouldBe("Readable");
        account.GetProperty("resolvedProjectKey").GetString().ShouldBe("default");
        account.GetProperty("inheritsProject").GetBoolean().ShouldBeTrue();
        account.GetProperty("effectiveCadenceMinutes").GetInt32().ShouldBe(15);
    }

    [Fact]
    public async Task EveryAccountOperation_UnknownOrOtherTenantsId_Returns404()
    {
        using var globex = app.Client(app.GlobexToken);
        var foreign = await globex.CreateImapAsync("Globex mail");
        using var owner = app.Client(Who.SuperAdmin);

        foreach (var id in new[] { foreign.Id(), Guid.NewGuid() })
        {
            var url = $"/api/admin/accounts/{id}";
            (await owner.GetAsync(url, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await owner.PatchJsonAsync(url, new { label = "Mine now" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await owner.PostJsonAsync($"{url}/reconnect", new { values = ApiCalls.ImapValues() })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            foreach (var action in new[] { "sync", "test", "pause", "resume" })
            {
                await (await owner.PostAsync($"{url}/{action}", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);
            }

            (await owner.GetAsync($"{url}/runs", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
            (await owner.DeleteAsync(url, Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        }

        var untouched = await (await globex.GetAsync($"/api/admin/accounts/{foreign.Id()}", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        untouched.GetProperty("label").GetString().ShouldBe("Globex mail");
        untouched.GetProperty("status").GetString().ShouldBe("active");
    }

    [Fact]
    public async Task Patch_TargetProjects_ReplacesTheList_ABadOneIs422NamingIt_AndATargetProjectCannotBeDeleted()
    {
        using var owner = app.Client(Who.SuperAdmin);
        (await owner.PostJsonAsync("/api/admin/projects", new { key = "targets-api", name = "Targets" })).EnsureSuccessStatusCode();
        var id = (await owner.CreateImapAsync("Several projects", projectKey: "engineering")).Id();
        var url = $"/api/admin/accounts/{id}";

        var account = await (await owner.PatchJsonAsync(url, new { targetProjects = new[] { "targets-api" } })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var refused = await (await owner.PatchJsonAsync(url, new { targetProjects = new[] { "engineering" } })).ShouldBeProblemAsync(HttpStatusCode.UnprocessableEntity);
        var inUse = await (await owner.DeleteAsync("/api/admin/projects/targets-api", Ct)).ShouldBeProblemAsync(HttpStatusCode.Conflict);
        var cleared = await (await owner.PatchJsonAsync(url, new { targetProjects = Array.Empty<string>() })).ShouldBeJsonAsync(HttpStatusCode.OK);

        (account.GetProperty("projectKey").GetString(), account.GetProperty("targetProjects").EnumerateArray().Single().GetString())
            .ShouldBe(("engineering", "targets-api"));
        refused.GetProperty("errors").GetProperty("targetProjects")[0].GetString()!.ShouldContain("is the account's own project already");
        inUse.GetProperty("usedBy").EnumerateArray().Single().GetString().ShouldBe("Several projects");
        cleared.GetProperty("targetProjects").GetArrayLength().ShouldBe(0);
        (await owner.DeleteAsync("/api/admin/projects/targets-api", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task HeldRemovals_AreRead_ThenApplied_ThenNothingIsHeld()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var id = (await owner.CreateImapAsync("Held removals")).Id();
        var url = $"/api/admin/accounts/{id}/held-removals";
        (await (await owner.GetAsync(url, Ct)).ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("count").GetInt32().ShouldBe(0);
        await app.SeedHeldRemovalAsync(id);
        await app.SeedHeldRemovalAsync(id);

        var held = await (await owner.GetAsync(url, Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        var applied = await (await owner.PostAsync($"{url}/apply", null, Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        var again = await (await owner.PostAsync($"{url}/keep", null, Ct)).ShouldBeProblemAsync(HttpStatusCode.NotFound);

        held.GetProperty("count").GetInt32().ShouldBe(2);
        (applied.GetProperty("decision").GetString(), applied.GetProperty("documents").GetInt32()).ShouldBe(("applied", 2));
        again.GetProperty("detail").GetString().ShouldBe("No removals are held for 'Held removals'.");
        (await (await owner.GetAsync($"/api/admin/accounts/{id}", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK)).GetProperty("heldRemovals").GetInt32().ShouldBe(0);
    }

    [Fact]
    public async Task Patch_OnlyTheLabel_KeepsBindingAndCadence()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var id = (await owner.CreateImapAsync("Before rename", projectKey: "engineering")).Id();
        await (await owner.PatchJsonAsync($"/api/admin/accounts/{id}", new { cadenceMinutes = 60 })).ShouldBeJsonAsync(HttpStatusCode.OK);

        var account = await (await owner.PatchJsonAsync($"/api/admin/accounts/{id}", new { label = "After rename" })).ShouldBeJsonAsync(HttpStatusCode.OK);

        account.GetProperty("label").GetString().ShouldBe("After rename");
        account.GetProperty("projectKey").GetString().ShouldBe("engineering");
        account.GetProperty("cadenceMinutes").GetInt32().ShouldBe(60);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("null")]
    public async Task Patch_ProjectKeyEmptyOrNull_ClearsTheBinding(string value)
    {
        using var owner = app.Client(Who.SuperAdmin);
        var id = (await owner.CreateImapAsync($"Bound {value.Length}", projectKey: "acme-hr")).Id();

        var response = await owner.SendRawAsync(HttpMethod.Patch, $"/api/admin/accounts/{id}", $$"""{"projectKey": {{value}}}""");

        var account = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        account.GetProperty("projectKey").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        account.GetProperty("inheritsProject").GetBoolean().ShouldBeTrue();
        account.GetProperty("label").GetString().ShouldBe($"Bound {value.Length}");
    }

    [Fact]
    public async Task Patch_CadenceThenNull_SetsThenInherits()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var id = (await owner.CreateImapAsync("Cadenced", projectKey: "acme-hr")).Id();

        var set = await (await owner.PatchJsonAsync($"/api/admin/accounts/{id}", new { cadenceMinutes = 30 })).ShouldBeJsonAsync(HttpStatusCode.OK);
        var inherited = await (await owner.SendRawAsync(HttpMethod.Patch, $"/api/admin/accounts/{id}", """{"cadenceMinutes": null}""")).ShouldBeJsonAsync(HttpStatusCode.OK);

        set.GetProperty("cadenceMinutes").GetInt32().ShouldBe(30);
        inherited.GetProperty("cadenceMinutes").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
        inherited.GetProperty("effectiveCadenceMinutes").GetInt32().ShouldBe(15);
        inherited.GetProperty("projectKey").GetString().ShouldBe("acme-hr");
    }

    [Fact]
    public async Task Patch_EmptyObject_ChangesNothingAndAuditsNothing()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var created = await owner.CreateImapAsync("Untouched", projectKey: "engineering");
        var audits = await app.AuditCountAsync();

        var account = await (await owner.PatchJsonAsync($"/api/admin/accounts/{created.Id()}", new { })).ShouldBeJsonAsync(HttpStatusCode.OK);

        account.GetProperty("label").GetString().ShouldBe("Untouched");
        account.GetProperty("projectKey").GetString().ShouldBe("engineering");
        (await app.AuditCountAsync()).ShouldBe(audits);
    }

    [Fact]
    public async Task Patch_BadValues_Returns422NamingEachAndChangesNothing()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var id = (await owner.CreateImapAsync("Strict")).Id();
        var url = $"/api/admin/accounts/{id}";

        var nullLabel = await owner.SendRawAsync(HttpMethod.Patch, url, """{"label": null, "cadenceMinutes": "15", "colour": "red"}""");
        var rules = await owner.PatchJsonAsync(url, new { cadenceMinutes = 2 });
        var project = await owner.PatchJsonAsync(url, new { projectKey = "no-such-project" });
        var label = await owner.PatchJsonAsync(url, new { label = " leading space" });
        var fraction = await owner.SendRawAsync(HttpMethod.Patch, url, """{"cadenceMinutes": 15.5}""");

        (await nullLabel.ShouldBeFieldErrorsAsync()).Keys.Order().ShouldBe(["cadenceMinutes", "colour", "label"]);
        (await rules.ShouldBeFieldErrorsAsync())["cadenceMinutes"].ShouldStartWith("The sync cadence must be between 5 minutes and 7 days");
        (await project.ShouldBeFieldErrorsAsync())["projectKey"].ShouldBe("Project 'no-such-project' does not exist in this tenant.");
        (await label.ShouldBeFieldErrorsAsync()).Keys.ShouldBe(["label"]);
        (await fraction.ShouldBeFieldErrorsAsync())["cadenceMinutes"].ShouldBe("cadenceMinutes must be a whole number or null.");
        var account = await (await owner.GetAsync(url, Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        account.GetProperty("label").GetString().ShouldBe("Strict");
        account.GetProperty("cadenceMinutes").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task Patch_LabelOfAnotherAccount_Returns422NamingTheLabel()
    {
        using var owner = app.Client(Who.SuperAdmin);
        await owner.CreateImapAsync("Taken label");
        var id = (await owner.CreateImapAsync("Renamed one")).Id();

        var response = await owner.PatchJsonAsync($"/api/admin/accounts/{id}", new { label = "taken LABEL" });

        (await response.ShouldBeFieldErrorsAsync())["label"].ShouldBe("An account labelled 'taken LABEL' already exists for this connector.");
    }

    [Fact]
    public async Task Delete_DefaultKeepsDocuments_TrueDeletesThem()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var kept = (await owner.CreateImapAsync("Delete keeps")).Id();
        var dropped = (await owner.CreateImapAsync("Delete drops")).Id();
        await app.AddDocumentAsync(kept, "kept-1");
        await app.AddDocumentAsync(dropped, "dropped-1");

        (await owner.DeleteAsync($"/api/admin/accounts/{kept}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await owner.DeleteAsync($"/api/admin/accounts/{dropped}?deleteDocuments=true", Ct)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await owner.GetAsync($"/api/admin/accounts/{kept}", Ct)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.DocumentExistsAsync("kept-1")).ShouldBeTrue();
        (await app.DocumentExistsAsync("dropped-1")).ShouldBeFalse();
    }

    [Fact]
    public async Task Delete_BadFlag_Returns422AndKeepsTheAccount()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var id = (await owner.CreateImapAsync("Not deleted")).Id();

        var response = await owner.DeleteAsync($"/api/admin/accounts/{id}?deleteDocuments=maybe", Ct);

        (await response.ShouldBeFieldErrorsAsync())["deleteDocuments"].ShouldBe("deleteDocuments must be true or false.");
        (await owner.GetAsync($"/api/admin/accounts/{id}", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Reconnect_RefusedAccount_TurnsActiveKeepingItsId()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var refused = await (await owner.PostJsonAsync("/api/admin/connectors/imap/accounts", new { label = "Retry me", values = ApiCalls.ImapValues("fail.acme.test") }))
            .ShouldBeJsonAsync(HttpStatusCode.Created);

        var response = await owner.PostJsonAsync($"/api/admin/accounts/{refused.Id()}/reconnect", new { values = ApiCalls.ImapValues("imap.acme.test") });

        var account = await response.ShouldBeJsonAsync(HttpStatusCode.OK);
        account.Id().ShouldBe(refused.Id());
        account.GetProperty("status").GetString().ShouldBe("active");
        account.GetProperty("label").GetString().ShouldBe("Retry me");
    }

    [Fact]
    public async Task Reconnect_ActiveAccountOrLabelSent_Returns422()
    {
        using var owner = app.Client(Who.SuperAdmin);
        var id = (await owner.CreateImapAsync("Already fine")).Id();

        var active = await owner.PostJsonAsync($"/api/admin/accounts/{id}/reconnect", new { values = ApiCalls.ImapValues() });
        var label = await owner.PostJsonAsync($"/api/admin/accounts/{id}/reconnect", new { label = "New", values = ApiCalls.ImapValues() });

        (await active.ShouldBeFieldErrorsAsync())["status"].ShouldContain("is Active");
        (await label.ShouldBeFieldErrorsAsync()).Keys.ShouldBe(["label"]);
    }
}
