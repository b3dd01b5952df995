using System.Net;
using Connectors.Tests.Web;

namespace Connectors.Tests.Api;

/// <summary><c>/api/admin/projects</c>: the registry the binding validator reads, and adding to it.</summary>
public sealed class ProjectsApiTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ListProjects_AdminToken_ReturnsTheTenantsProjectsWithTheDefaultMarked()
    {
        using var viewer = app.Client(Who.Admin);

        var projects = await (await viewer.GetAsync("/api/admin/projects", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);

        var keys = projects.EnumerateArray().Select(p => p.GetProperty("key").GetString()).ToList();
        keys.ShouldContain("default");
        keys.ShouldContain("acme-hr");
        keys.ShouldContain("engineering");
        projects.EnumerateArray().Single(p => p.GetProperty("isTenantDefault").GetBoolean()).GetProperty("key").GetString().ShouldBe("default");
    }

    [Fact]
    public async Task AddProject_NewKey_Returns201AndAccountsCanBindToIt()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var response = await owner.PostJsonAsync("/api/admin/projects", new { key = "legal", name = "Legal" });

        var project = await response.ShouldBeJsonAsync(HttpStatusCode.Created);
        project.GetProperty("key").GetString().ShouldBe("legal");
        project.GetProperty("name").GetString().ShouldBe("Legal");
        var account = await owner.CreateImapAsync("Legal inbox", projectKey: "legal");
        account.GetProperty("projectKey").GetString().ShouldBe("legal");
    }

    [Fact]
    public async Task AddProject_TakenOrInvalid_Returns422NamingTheField()
    {
        using var owner = app.Client(Who.SuperAdmin);

        var taken = await owner.PostJsonAsync("/api/admin/projects", new { key = "engineering", name = "Again" });
        var invalid = await owner.PostJsonAsync("/api/admin/projects", new { key = "Not Kebab", name = "" });

        (await taken.ShouldBeFieldErrorsAsync())["key"].ShouldBe("Project 'engineering' already exists.");
        (await invalid.ShouldBeFieldErrorsAsync()).Keys.ShouldBe(["key"]);
    }

    [Fact]
    public async Task AddProject_GlobexToken_AddsToGlobexOnly()
    {
        using var globex = app.Client(app.GlobexToken);
        using var acme = app.Client(Who.Admin);

        (await globex.PostJsonAsync("/api/admin/projects", new { key = "globex-only", name = "Globex only" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var acmeProjects = await (await acme.GetAsync("/api/admin/projects", Ct)).ShouldBeJsonAsync(HttpStatusCode.OK);
        acmeProjects.EnumerateArray().Select(p => p.GetProperty("key").GetString()).ShouldNotContain("globex-only");
    }
}
