using AngleSharp.Dom;
using Bunit;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Components.Shared;
using Connectors.Web.Components.Pages.Projects;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Connectors.Tests.Components.Pages.Projects;

/// <summary>The projects page over the real <see cref="ProjectRegistry"/> of a test database: acme has
/// default, acme-hr and engineering; globex has default and a project of its own.</summary>
public sealed class ProjectsPageTests : ComponentTestContext
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using var globex = Bed.As(Bed.Globex);
        await globex.ServiceProvider.GetRequiredService<ProjectRegistry>().AddAsync("globex-secret", "Globex secret", Ct);
    }

    [Fact]
    public async Task Render_TenantsProjects_ListsThemByKeyWithUsageAndTheDefaultMarked()
    {
        await Bed.CreateMailAccountAsync(Bed.Acme, "Hr mailbox", projectKey: "acme-hr");

        var page = RenderPage();

        page.WaitForAssertion(() => Keys(page).ShouldBe(["acme-hr", "default", "engineering"]));
        Row(page, "acme-hr").QuerySelector("[data-col='Accounts']")!.TextContent.Trim().ShouldBe("1");
        Row(page, "engineering").QuerySelector("[data-col='Accounts']")!.TextContent.Trim().ShouldBe("0");
        Row(page, "default").QuerySelector("[data-testid='project-default']").ShouldNotBeNull();
        Row(page, "engineering").QuerySelector("[data-testid='project-default']").ShouldBeNull();
        page.Markup.ShouldNotContain("globex-secret");
        page.Markup.ShouldNotContain("Globex secret");
    }

    [Fact]
    public async Task CreateDialog_ValidKeyAndName_AddsTheRowAndSaysSo()
    {
        var page = RenderPage();
        page.WaitForElements("[data-testid='project-row']");

        var dialog = OpenCreateDialog(page);
        await page.TypeAsync("project-key", "support-kb");
        await page.TypeImmediateAsync("project-name", "Support KB");
        await page.ByTestId("project-submit").ClickAsync(new MouseEventArgs());

        await dialog.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        page.WaitForAssertion(() => Keys(page).ShouldBe(["acme-hr", "default", "engineering", "support-kb"]));
        Row(page, "support-kb").QuerySelector("[data-testid='project-name-cell']")!.TextContent.Trim().ShouldBe("Support KB");
        page.Has("project-submit").ShouldBeFalse("the dialog closes once the project is saved");
        Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message)
            .ShouldContain("Project “Support KB” (support-kb) created.");
        (await Domain<ProjectRegistry>().ListAsync(Ct)).ShouldContain(new ProjectSummary("support-kb", "Support KB"));
    }

    [Theory]
    [InlineData("Support KB")]
    [InlineData("support--kb")]
    [InlineData("-support")]
    public async Task CreateDialog_BadKey_MessageUnderTheKeyFieldNamesItAndNothingIsAdded(string key)
    {
        var page = RenderPage();
        page.WaitForElements("[data-testid='project-row']");

        var dialog = OpenCreateDialog(page);
        await page.TypeAsync("project-key", key);
        await page.TypeImmediateAsync("project-name", "Support KB");
        await page.ByTestId("project-submit").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => page.MessageOf("project-key").ShouldBe(
            $"Project key '{key}' is not valid: use 1–120 lowercase letters, digits and single hyphens."));
        page.MessageOf("project-name").ShouldBeNull();
        page.Has("form-error").ShouldBeFalse("a field's error shows under that field, not above the form");
        page.Has("project-submit").ShouldBeTrue("the dialog stays open to fix the key");
        dialog.IsCompleted.ShouldBeFalse();
        Keys(page).ShouldBe(["acme-hr", "default", "engineering"]);
        (await Domain<ProjectRegistry>().ListAsync(Ct)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task CreateDialog_KeyTaken_MessageUnderTheKeyFieldSaysItExists()
    {
        var page = RenderPage();
        page.WaitForElements("[data-testid='project-row']");

        var dialog = OpenCreateDialog(page);
        await page.TypeAsync("project-key", "engineering");
        await page.TypeImmediateAsync("project-name", "Engineering again");
        await page.ByTestId("project-submit").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => page.MessageOf("project-key").ShouldBe("Project 'engineering' already exists."));
        dialog.IsCompleted.ShouldBeFalse();
        Row(page, "engineering").QuerySelector("[data-testid='project-name-cell']")!.TextContent.Trim().ShouldBe("engineering");
    }

    [Fact]
    public async Task CreateDialog_BlankName_MessageUnderTheNameField()
    {
        var page = RenderPage();
        page.WaitForElements("[data-testid='project-row']");

        var dialog = OpenCreateDialog(page);
        await page.TypeAsync("project-key", "support-kb");
        await page.TypeImmediateAsync("project-name", "   ");
        await page.ByTestId("project-submit").ClickAsync(new MouseEventArgs());

        page.WaitForAssertion(() => page.MessageOf("project-name").ShouldBe("Project name is required (at most 200 characters)."));
        page.MessageOf("project-key").ShouldBeNull();
        dialog.IsCompleted.ShouldBeFalse();
        Keys(page).ShouldNotContain("support-kb");
    }

    [Fact]
    public async Task RenameDialog_NewName_UpdatesTheRowUnderTheSameKey()
    {
        var page = RenderPage();
        page.WaitForElements("[data-testid='project-row']");

        var dialog = Row(page, "acme-hr").QuerySelector("[data-testid='project-rename']")!.ClickAsync(new MouseEventArgs());
        page.WaitForElement("[data-testid='project-submit']");
        page.ByTestId("project-key").GetAttribute("value").ShouldBe("acme-hr");
        page.ByTestId("project-key").HasAttribute("disabled").ShouldBeTrue("the key of an existing project cannot change");
        await page.TypeImmediateAsync("project-name", "Human resources");
        await page.ByTestId("project-submit").ClickAsync(new MouseEventArgs());

        await dialog.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        page.WaitForAssertion(() => Row(page, "acme-hr").QuerySelector("[data-testid='project-name-cell']")!.TextContent.Trim().ShouldBe("Human resources"));
        Keys(page).ShouldBe(["acme-hr", "default", "engineering"]);
    }

    [Fact]
    public void Render_AdminWithoutTheManageRight_ListsProjectsWithoutCreateOrRename()
    {
        ActAs(TenantRole.Admin);

        var page = RenderPage();

        page.WaitForAssertion(() => Keys(page).ShouldBe(["acme-hr", "default", "engineering"]));
        page.Has("project-create").ShouldBeFalse();
        page.Has("project-rename").ShouldBeFalse();
    }

    [Fact]
    public void Render_SuperAdmin_EveryRowHasItsRenameAction()
    {
        var page = RenderPage();

        page.WaitForAssertion(() => page.FindAll("[data-testid='project-rename']").Select(b => b.GetAttribute("aria-label"))
            .ShouldBe(["Rename acme-hr", "Rename default", "Rename engineering"]));
        page.Has("project-create").ShouldBeTrue();
    }

    [Fact]
    public async Task Delete_AfterConfirming_AnUnusedProjectGoes_OneAnAccountIngestsIntoStaysAndSaysWhich()
    {
        await Bed.CreateMailAccountAsync(Bed.Acme, "Hr mailbox", projectKey: "acme-hr");
        var page = RenderPage();
        page.WaitForElements("[data-testid='project-row']");
        Row(page, "default").QuerySelector("[data-testid='project-delete']").ShouldBeNull("the tenant default cannot be deleted");

        await ConfirmDeleteAsync(page, "engineering");
        page.WaitForAssertion(() => Keys(page).ShouldBe(["acme-hr", "default"]));
        await ConfirmDeleteAsync(page, "acme-hr");

        page.WaitForAssertion(() => Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message)
            .ShouldContain(m => m!.Contains("'Hr mailbox'", StringComparison.Ordinal)));
        Keys(page).ShouldBe(["acme-hr", "default"]);
    }

    /// <summary>Clicks the row's Delete and the confirmation's Delete.</summary>
    private static async Task ConfirmDeleteAsync(IRenderedComponent<IComponent> page, string key)
    {
        var click = Row(page, key).QuerySelector("[data-testid='project-delete']")!.ClickAsync(new MouseEventArgs());
        page.WaitForAssertion(() => page.FindAll(".mud-dialog-actions button").ShouldContain(b => b.TextContent!.Trim() == "Delete"));
        await page.FindAll(".mud-dialog-actions button").Single(b => b.TextContent.Trim() == "Delete").ClickAsync(new MouseEventArgs());
        await click;
    }

    private IRenderedComponent<IComponent> RenderPage() => RenderWithProviders(builder =>
    {
        builder.OpenComponent<ProjectsPage>(0);
        builder.CloseComponent();
    });

    /// <summary>Clicks "New project". Not awaited: the page's handler waits for the dialog to close.</summary>
    private static Task OpenCreateDialog(IRenderedComponent<IComponent> page)
    {
        var click = page.ByTestId("project-create").ClickAsync(new MouseEventArgs());
        page.WaitForElement("[data-testid='project-submit']");
        page.ByTestId("project-key").HasAttribute("disabled").ShouldBeFalse();
        return click;
    }

    private static IReadOnlyList<string?> Keys(IRenderedComponent<IComponent> page) =>
        [.. page.FindAll("[data-testid='project-row']").Select(r => r.GetAttribute("data-key"))];

    private static IElement Row(IRenderedComponent<IComponent> page, string key) =>
        page.Find($"[data-testid='project-row'][data-key='{key}']");
}
