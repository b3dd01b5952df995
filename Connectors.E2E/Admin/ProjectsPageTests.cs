using Connectors.E2E.Connectors;
using Connectors.Domain.Tenancy;
using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Admin;

/// <summary>The projects page in a real browser: create, rename, validation and read-only viewers.</summary>
public sealed class ProjectsPageTests
{
    [Fact]
    public async Task CreateThenRename_ListShowsTheNewNameUnderTheSameKey()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await AdminSignIn.OpenAsync(browser, app, "/admin/projects");
        var page = browser.Page;
        await Assertions.Expect(page.GetByTestId("project-row")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("[data-testid=project-row][data-key=default]").GetByTestId("project-default")).ToBeVisibleAsync();

        await page.GetByTestId("project-create").ClickAsync();
        await AdminSignIn.Input(page, "project-key").FillAsync("support-kb");
        await AdminSignIn.Input(page, "project-name").FillAsync("Support KB");
        await browser.ScreenshotAsync("projects-create-dialog");
        await page.GetByTestId("project-submit").ClickAsync();

        var row = page.Locator("[data-testid=project-row][data-key=support-kb]");
        await Assertions.Expect(row.GetByTestId("project-name-cell")).ToHaveTextAsync("Support KB");
        await row.GetByTestId("project-rename").ClickAsync();
        await Assertions.Expect(AdminSignIn.Input(page, "project-key")).ToBeDisabledAsync();
        await AdminSignIn.Input(page, "project-name").FillAsync("Customer support");
        await page.GetByTestId("project-submit").ClickAsync();

        await Assertions.Expect(row.GetByTestId("project-name-cell")).ToHaveTextAsync("Customer support");
        await Assertions.Expect(page.GetByTestId("project-row")).ToHaveCountAsync(4);
        await browser.ScreenshotAsync("projects-page");
    }

    [Fact]
    public async Task Create_DuplicateKey_ShowsTheErrorUnderTheKeyField()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await AdminSignIn.OpenAsync(browser, app, "/admin/projects");
        var page = browser.Page;

        await page.GetByTestId("project-create").ClickAsync();
        await AdminSignIn.Input(page, "project-key").FillAsync("engineering");
        await AdminSignIn.Input(page, "project-name").FillAsync("Engineering again");
        await page.GetByTestId("project-submit").ClickAsync();

        await Assertions.Expect(page.Locator(".mud-dialog .mud-input-helper-text.mud-input-error")).ToContainTextAsync("Project 'engineering' already exists.");
        await browser.ScreenshotAsync("projects-duplicate-key");
    }

    [Fact]
    public async Task TenantAdmin_SeesProjectsWithoutManageButtons()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await app.AddUserAsync("viewer@acme.test", "Viewer-Passw0rd-1", TenantRole.Admin);

        await AdminSignIn.OpenAsync(browser, app, "/admin/projects", "viewer@acme.test", "Viewer-Passw0rd-1");

        await Assertions.Expect(browser.Page.GetByTestId("project-row")).ToHaveCountAsync(3);
        await Assertions.Expect(browser.Page.GetByTestId("project-create")).ToHaveCountAsync(0);
        await Assertions.Expect(browser.Page.GetByTestId("project-rename")).ToHaveCountAsync(0);
    }
}
