using Connectors.Domain.Administration;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Connectors.E2E.Connectors;
using Connectors.E2E.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Connectors.E2E.Admin;

/// <summary>The audit log page in a real browser: entries with their actor, and the action filter.</summary>
public sealed class AuditPageTests
{
    [Fact]
    public async Task AuditPage_FilterByAction_KeepsOnlyThatAction()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var account = await app.AddImapAccountAsync("Support", "acme-hr");
        await app.RunSyncAsync(account);
        await AdminSignIn.OpenAsync(browser, app, "/admin/projects");
        await browser.Page.GetByTestId("project-rename").First.ClickAsync();
        await AdminSignIn.Input(browser.Page, "project-name").FillAsync("Human resources");
        await browser.Page.GetByTestId("project-submit").ClickAsync();
        await Assertions.Expect(browser.Page.Locator("[data-testid=project-row][data-key=acme-hr]").GetByTestId("project-name-cell")).ToHaveTextAsync("Human resources");

        await browser.Page.GetByTestId("nav-audit").ClickAsync();
        var rows = browser.Page.GetByTestId("audit-row");
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-action", "project.renamed");
        await Assertions.Expect(rows.First.GetByTestId("audit-actor")).ToHaveTextAsync(LiveApp.AdminEmail);
        await Assertions.Expect(rows.First.GetByTestId("audit-impersonator")).ToBeEmptyAsync();
        var before = await rows.CountAsync();
        before.ShouldBeGreaterThan(2);
        await browser.ScreenshotAsync("audit-page");

        await browser.Page.GetByTestId("audit-action-filter").ClickAsync();
        await browser.Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "Sync finished" }).ClickAsync();

        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-action", "sync.finished");
        await Assertions.Expect(rows.First.GetByTestId("audit-actor")).ToHaveTextAsync("e2e-setup");
        await Assertions.Expect(rows.First).ToContainTextAsync("3 added");
        await browser.ScreenshotAsync("audit-filtered");
    }

    [Fact]
    public async Task AuditPage_ImpersonatedChange_ShowsTheActorAndTheImpersonatorEmails()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await AddProjectImpersonatedAsync(app);

        await AdminSignIn.OpenAsync(browser, app, "/admin/audit");

        var row = browser.Page.Locator("[data-testid=audit-row][data-action='project.added']");
        await Assertions.Expect(row.GetByTestId("audit-actor")).ToHaveTextAsync(LiveApp.AdminEmail);
        await Assertions.Expect(row.GetByTestId("audit-impersonator")).ToHaveTextAsync("via support@connectors.test");
        await browser.ScreenshotAsync("audit-impersonated");
    }

    /// <summary>Records a change as support acting for the seeded admin (both identities on the entry).</summary>
    private static async Task AddProjectImpersonatedAsync(LiveApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConnectorsUser>>();
        var admin = await users.FindByEmailAsync(LiveApp.AdminEmail);
        var support = await users.FindByEmailAsync("support@connectors.test");
        var tenant = await scope.ServiceProvider.GetRequiredService<TenantDirectory>().GetBySlugAsync("acme", CancellationToken.None);
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenant.Id);
        scope.ServiceProvider.GetRequiredService<ActorContext>().Use(admin!.Id, TenantRole.SuperAdmin, support!.Id);
        await scope.ServiceProvider.GetRequiredService<ProjectRegistry>().AddAsync("legal", "Legal", CancellationToken.None);
    }
}
