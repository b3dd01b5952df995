using AngleSharp.Dom;
using Bunit;
using Connectors.Domain.Administration;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Components.Shared;
using Connectors.Web.Components.Pages.Audit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Components.Pages.Audit;

/// <summary>The audit log page over the real <see cref="Connectors.Domain.Auditing.AuditTrail"/>: entries
/// written by the real services as real users of the test database, an hour apart on the test clock.</summary>
public sealed class AuditLogPageTests : ComponentTestContext
{
    private const string OwnerEmail = "owner@acme.test";
    private const string SupportEmail = "support@connectors.test";
    private const string AccountPassword = "Sup3r-s3cret-mailbox-pw";

    private string _owner = null!;
    private string _support = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = Bed.Database.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserDirectory>();
        _owner = (await users.AddAsync(OwnerEmail, "Owner-Passw0rd-123", Bed.Acme, TenantRole.SuperAdmin, isSupport: false, Ct)).Id;
        _support = (await users.AddAsync(SupportEmail, "Support-Passw0rd-123", null, TenantRole.Member, isSupport: true, Ct)).Id;
    }

    [Fact]
    public async Task Render_Entries_NewestFirstWithWhenActorImpersonatorAndAction()
    {
        await SeedAsync();

        var page = RenderPage();

        page.WaitForAssertion(() => Actions(page).Take(3).ShouldBe(["project.added", "project.renamed", "project.added"]));
        var rows = page.FindAll("[data-testid='audit-row']");
        Cell(rows[0], "When").ShouldBe("1 Nov 2026, 12:00");
        Cell(rows[0], "Summary").ShouldBe("Added project 'contracts'.");
        rows[0].QuerySelector("[data-testid='audit-actor']")!.TextContent.ShouldBe(OwnerEmail);
        rows[0].QuerySelector("[data-testid='audit-impersonator']")!.TextContent.Trim().ShouldBe($"via {SupportEmail}");
        Cell(rows[1], "When").ShouldBe("1 Nov 2026, 11:00");
        Cell(rows[1], "Summary").ShouldBe("Renamed project 'legal' from 'legal' to 'Legal team'.");
        rows[1].QuerySelector("[data-testid='audit-actor']")!.TextContent.ShouldBe(OwnerEmail);
        rows[1].QuerySelector("[data-testid='audit-impersonator']")!.TextContent.Trim().ShouldBeEmpty();
        Cell(rows[2], "Summary").ShouldBe("Added project 'legal'.");
        Actions(page).Skip(3).ShouldAllBe(a => a.StartsWith("account.", StringComparison.Ordinal));
        page.ByTestId("pager-range").TextContent.Trim().ShouldBe($"1–{rows.Count} of {rows.Count} entries");
    }

    [Fact]
    public async Task Render_AnotherTenantsEntries_AreAbsent()
    {
        await SeedAsync();
        await using (var globex = Bed.As(Bed.Globex))
        {
            await globex.ServiceProvider.GetRequiredService<ProjectRegistry>().AddAsync("globex-secret", "Globex secret", Ct);
        }

        var page = RenderPage();

        page.WaitForAssertion(() => Actions(page).ShouldNotBeEmpty());
        page.Markup.ShouldNotContain("globex-secret");
    }

    [Fact]
    public async Task Render_AccountCreatedWithAPassword_NoSecretOnThePage()
    {
        await SeedAsync();

        var page = RenderPage();

        page.WaitForAssertion(() => Actions(page).ShouldContain("account.created"));
        page.Markup.ShouldNotContain(AccountPassword);
        page.Markup.ShouldNotContain("Sup3r");
    }

    [Fact]
    public void Render_NothingRecorded_SaysSo()
    {
        var page = RenderPage();

        page.WaitForAssertion(() => page.ByTestId("empty-state").TextContent.ShouldContain("Nothing has been recorded yet."));
        page.Has("audit-row").ShouldBeFalse();
    }

    [Fact]
    public async Task ActionFilter_PickAnAction_KeepsOnlyThatActionsEntries()
    {
        await SeedAsync();
        var page = RenderPage();
        page.WaitForAssertion(() => Actions(page).Distinct().Count().ShouldBeGreaterThan(2));

        await page.SelectAsync("audit-action-filter", "Project added");

        page.WaitForAssertion(() => Actions(page).ShouldBe(["project.added", "project.added"]));
        page.FindAll("[data-col='Summary']").Select(c => c.TextContent.Trim())
            .ShouldBe(["Added project 'contracts'.", "Added project 'legal'."]);

        await page.SelectAsync("audit-action-filter", "All actions");

        page.WaitForAssertion(() => Actions(page).ShouldContain("project.renamed"));
    }

    [Fact]
    public async Task ActionFilter_Options_AreTheTenantsRecordedActionsSorted()
    {
        await SeedAsync();
        var page = RenderPage();
        page.WaitForAssertion(() => Actions(page).ShouldNotBeEmpty());
        var recorded = Actions(page).Distinct().Order(StringComparer.Ordinal).ToList();

        await page.ByTestId("audit-action-filter").Closest(".mud-input-control")!.MouseDownAsync(new MouseEventArgs());

        var options = page.WaitForElements(".mud-popover-open .mud-list-item").Select(o => o.TextContent.Trim()).ToList();
        // Plain words for people, in the order of the codes; the codes stay in data-action.
        options.ShouldBe(["All actions", .. recorded.Select(AuditActions.Describe)]);
        options.ShouldContain("Account created");
    }

    [Fact]
    public async Task ActorFilter_PartOfAnEmail_KeepsThatActorsEntriesCaseInsensitively()
    {
        await SeedAsync();
        var page = RenderPage();
        page.WaitForAssertion(() => Actions(page).Count.ShouldBeGreaterThan(3));

        await page.TypeImmediateAsync("audit-actor-filter", "OWNER@");

        page.WaitForAssertion(() => Actions(page).ShouldBe(["project.added", "project.renamed", "project.added"]), TimeSpan.FromSeconds(5));
        page.FindAll("[data-testid='audit-actor']").ShouldAllBe(a => a.TextContent == OwnerEmail);
    }

    [Fact]
    public async Task TextFilter_TargetKey_KeepsItsEntries()
    {
        await SeedAsync();
        var page = RenderPage();
        page.WaitForAssertion(() => Actions(page).Count.ShouldBeGreaterThan(3));

        await page.TypeImmediateAsync("audit-text-filter", "legal");

        page.WaitForAssertion(() => Actions(page).ShouldBe(["project.renamed", "project.added"]), TimeSpan.FromSeconds(5));
        page.ByTestId("pager-range").TextContent.Trim().ShouldBe("1–2 of 2 entries");
    }

    [Fact]
    public async Task TextFilter_NothingMatches_ShowsTheFilteredEmptyState()
    {
        await SeedAsync();
        var page = RenderPage();
        page.WaitForAssertion(() => Actions(page).ShouldNotBeEmpty());

        await page.TypeImmediateAsync("audit-text-filter", "no-such-thing");

        page.WaitForAssertion(() => page.ByTestId("empty-state").TextContent.ShouldContain("No audit entry matches these filters."), TimeSpan.FromSeconds(5));
        page.Has("audit-row").ShouldBeFalse();
    }

    [Fact]
    public async Task Paging_TwentySevenEntries_SecondPageHoldsTheTwoOldest()
    {
        await using (var scope = Bed.As(Bed.Acme, TenantRole.SuperAdmin, _owner))
        {
            var projects = scope.ServiceProvider.GetRequiredService<ProjectRegistry>();
            for (var n = 1; n <= 27; n++)
            {
                Bed.Clock.Advance(TimeSpan.FromMinutes(1));
                await projects.AddAsync($"p-{n:00}", $"Project {n}", Ct);
            }
        }

        var page = RenderPage();
        page.WaitForAssertion(() => Actions(page).Count.ShouldBe(25));
        page.FindAll("[data-col='Summary']")[0].TextContent.Trim().ShouldBe("Added project 'p-27'.");
        page.ByTestId("pager-range").TextContent.Trim().ShouldBe("1–25 of 27 entries");

        await page.ByTestId("pager").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "2").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => page.FindAll("[data-col='Summary']").Select(c => c.TextContent.Trim())
            .ShouldBe(["Added project 'p-02'.", "Added project 'p-01'."]));
        page.ByTestId("pager-range").TextContent.Trim().ShouldBe("26–27 of 27 entries");
    }

    /// <summary>At 09:00 an account is created (password included), at 10:00 the owner adds "legal",
    /// at 11:00 renames it, at 12:00 support acting for the owner adds "contracts".</summary>
    private async Task SeedAsync()
    {
        (await Bed.CreateMailAccountAsync(Bed.Acme, "Support", password: AccountPassword)).AccountId.ShouldNotBe(Guid.Empty);
        await using (var owner = Bed.As(Bed.Acme, TenantRole.SuperAdmin, _owner))
        {
            var projects = owner.ServiceProvider.GetRequiredService<ProjectRegistry>();
            Bed.Clock.Advance(TimeSpan.FromHours(1));
            await projects.AddAsync("legal", "legal", Ct);
            Bed.Clock.Advance(TimeSpan.FromHours(1));
            await projects.RenameAsync("legal", "Legal team", Ct);
        }

        Bed.Clock.Advance(TimeSpan.FromHours(1));
        await using var impersonated = Bed.Database.Services.CreateAsyncScope();
        impersonated.ServiceProvider.GetRequiredService<TenantContext>().Use(Bed.Acme);
        impersonated.ServiceProvider.GetRequiredService<ActorContext>().Use(_owner, TenantRole.SuperAdmin, _support);
        await impersonated.ServiceProvider.GetRequiredService<ProjectRegistry>().AddAsync("contracts", "Contracts", Ct);
    }

    private IRenderedComponent<IComponent> RenderPage() => RenderWithProviders(builder =>
    {
        builder.OpenComponent<AuditLogPage>(0);
        builder.CloseComponent();
    });

    private static List<string> Actions(IRenderedComponent<IComponent> page) =>
        [.. page.FindAll("[data-testid='audit-row']").Select(r => r.GetAttribute("data-action")!)];

    private static string Cell(IElement row, string column) =>
        row.QuerySelector($"[data-col='{column}']")!.TextContent.Trim();
}
