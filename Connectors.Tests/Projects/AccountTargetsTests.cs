using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors;
using Connectors.Domain.Documents;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Overview;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Projects;

/// <summary>
/// An account with further target projects: its documents are stored once, in its own project, and seen in every
/// target — on the documents search, a document's details, the project counts and the accounts table's project filter.
/// Adding a target shows what is there without fetching; removing it hides them; moving the account moves its documents at
/// once; a project that is an account's target cannot be deleted.
/// </summary>
public sealed class AccountTargetsTests : TestBedTests
{
    private ConnectorAccount _support = null!;

    protected override async Task SeedAsync()
    {
        var id = (await Bed.CreateMailAccountAsync(Bed.Acme, "Support", projectKey: "acme-hr")).AccountId;
        _support = new ConnectorAccount(id, Bed.Acme, TestMailConnector.ConnectorKey, "Support", "acme-hr", []);
        await using var scope = Bed.As(Bed.Acme);
        await scope.ServiceProvider.GetRequiredService<DocumentStore>().UpsertAsync(_support,
            [new DocumentInput("m-1", "Invoice March", "body"), new DocumentInput("m-2", "Welcome", "body")], Ct);
    }

    [Fact]
    public async Task AddingATarget_ShowsTheStoredDocumentsThereWithoutFetching_RemovingItHidesThem()
    {
        var runsBefore = await Bed.QueryAsync(db => db.SyncRuns.CountAsync(Ct));

        var account = await PatchAsync(new AccountPatch { SetsTargetProjects = true, TargetProjects = ["engineering"] });

        account.TargetProjects.ShouldBe(["engineering"]);
        (account.ResolvedProjectKey, account.ProjectKey).ShouldBe(("acme-hr", "acme-hr"));
        (await SearchAsync("engineering")).Items.Select(i => i.Title).ShouldBe(["Invoice March", "Welcome"], ignoreOrder: true);
        (await SearchAsync("acme-hr")).Total.ShouldBe(2);
        (await Bed.QueryAsync(db => db.Documents.CountAsync(Ct))).ShouldBe(2, "stored once");
        (await Bed.QueryAsync(db => db.SyncRuns.CountAsync(Ct))).ShouldBe(runsBefore, "nothing was fetched");
        var projects = await InScopeAsync<ProjectOverviews, IReadOnlyList<ProjectOverview>>(p => p.ListAsync(Ct));
        projects.Single(p => p.Key == "engineering").ShouldSatisfyAllConditions(p => p.Documents.ShouldBe(2), p => p.BoundAccounts.ShouldBe(1));
        projects.Single(p => p.Key == "acme-hr").Documents.ShouldBe(2);
        var document = (await SearchAsync("engineering")).Items[0].Id;
        (await InScopeAsync<DocumentLibrary, DocumentDetails>(l => l.GetAsync(document, Ct))).AlsoInProjects.ShouldBe(["engineering"]);
        var table = await InScopeAsync<AccountTable, AccountTablePage>(t => t.SearchAsync(new AccountTableQuery { Project = "engineering" }, Ct));
        table.Rows.ShouldHaveSingleItem().Account.TargetProjects.ShouldBe(["engineering"]);
        (await Bed.QueryAsync(db => db.AuditEntries.Select(a => a.Summary).ToListAsync(Ct)))
            .ShouldContain("Edited 'Support': further projects [] → [engineering].");

        (await PatchAsync(new AccountPatch { SetsTargetProjects = true, TargetProjects = [] })).TargetProjects.ShouldBeEmpty();

        (await SearchAsync("engineering")).Total.ShouldBe(0);
        (await SearchAsync("acme-hr")).Total.ShouldBe(2);
    }

    [Theory]
    [InlineData("no-such-project", "'no-such-project' does not exist")]
    [InlineData("acme-hr", "is the account's own project already")]
    [InlineData(" ", "cannot be blank")]
    public async Task ATargetThatIsUnknownTheAccountsOwnOrBlank_IsRefusedNamingTheField(string target, string message)
    {
        var refused = await Should.ThrowAsync<ValidationFailedException>(() =>
            PatchAsync(new AccountPatch { SetsTargetProjects = true, TargetProjects = ["engineering", target] }));

        refused.Errors.Keys.ShouldBe([AccountTargets.Field]);
        refused.Errors[AccountTargets.Field].ShouldContain(message);
        (await Bed.QueryAsync(db => db.AccountTargets.CountAsync(Ct))).ShouldBe(0, "nothing is kept of a refused edit");
    }

    [Fact]
    public async Task MovingTheAccount_MovesItsDocumentsAtOnce_AndATargetThatBecomesItsOwnIsDropped()
    {
        await PatchAsync(new AccountPatch { SetsTargetProjects = true, TargetProjects = ["engineering"] });

        var moved = await PatchAsync(new AccountPatch { SetsProjectKey = true, ProjectKey = "engineering" });

        (moved.ResolvedProjectKey, moved.TargetProjects.Count).ShouldBe(("engineering", 0));
        (await Bed.QueryAsync(db => db.Documents.Select(d => d.ProjectKey).ToListAsync(Ct))).ShouldBe(["engineering", "engineering"]);
        (await SearchAsync("acme-hr")).Total.ShouldBe(0);
        (await SearchAsync("engineering")).Total.ShouldBe(2);
    }

    [Fact]
    public async Task DeletingAProject_ThatIsATargetOrTheDefault_IsRefused_AnUnusedOneGoesWithItsLeftoverDocuments()
    {
        await PatchAsync(new AccountPatch { SetsTargetProjects = true, TargetProjects = ["engineering"] });

        var inUse = await Should.ThrowAsync<InUseException>(() => DeleteProjectAsync("engineering"));
        inUse.UsedBy.ShouldBe(["Support"]);
        inUse.Message.ShouldContain("'Support'");
        (await Should.ThrowAsync<ValidationFailedException>(() => DeleteProjectAsync("default"))).Errors.Keys.ShouldBe(["key"]);
        await Should.ThrowAsync<NotFoundException>(() => DeleteProjectAsync("no-such-project"));

        await PatchAsync(new AccountPatch { SetsTargetProjects = true, TargetProjects = [] });
        await using (var scope = Bed.As(Bed.Acme))
        {
            await scope.ServiceProvider.GetRequiredService<AccountLifecycle>().DeleteAsync(_support.Id, deleteDocuments: false, Ct);
        }

        (await DeleteProjectAsync("acme-hr")).ShouldBe(2);
        (await Bed.QueryAsync(db => db.Projects.Select(p => p.Key).ToListAsync(Ct))).ShouldNotContain("acme-hr");
        (await Bed.QueryAsync(db => db.Documents.CountAsync(Ct))).ShouldBe(0);
        await using var viewer = Bed.As(Bed.Acme, TenantRole.Admin);
        await Should.ThrowAsync<AccessDeniedException>(() => viewer.ServiceProvider.GetRequiredService<ProjectDeletion>().DeleteAsync("engineering", Ct));
    }

    private Task<AccountSummary> PatchAsync(AccountPatch patch) =>
        Bed.InScopeAsync(sp => sp.GetRequiredService<AccountEditor>().PatchAsync(_support.Id, patch, Ct));

    private Task<int> DeleteProjectAsync(string key) => Bed.InScopeAsync(sp => sp.GetRequiredService<ProjectDeletion>().DeleteAsync(key, Ct));

    private Task<DocumentPage> SearchAsync(string project) =>
        InScopeAsync<DocumentLibrary, DocumentPage>(l => l.SearchAsync(project, null, 0, 25, Ct));

    private Task<TResult> InScopeAsync<TService, TResult>(Func<TService, Task<TResult>> action)
        where TService : notnull =>
        Bed.InScopeAsync(sp => action(sp.GetRequiredService<TService>()));
}
