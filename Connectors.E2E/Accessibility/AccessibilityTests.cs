using Connectors.E2E.Account;
using Connectors.E2E.Infrastructure;
using Connectors.E2E.Support;
using Microsoft.Playwright;

namespace Connectors.E2E.Accessibility;

/// <summary>"Accessibility is part of done": axe-core finds no critical or serious violation on any page — every
/// route, at desktop and phone width, signed in as whoever may open it, with the main dialogs and menus open, and
/// the admin pages in dark mode too. Each test scans everything it covers, then reports all findings at once; axe's
/// full answer for a failed scan lands in <c>bin/Debug/net10.0/axe/</c>. Run them with
/// <c>dotnet test Connectors.E2E --filter "FullyQualifiedName~Accessibility"</c>.</summary>
public sealed class AccessibilityTests(AccessibilityApp fixture) : IClassFixture<AccessibilityApp>
{
    private static readonly Viewport Desktop = new("desktop", 1280, 800);
    private static readonly Viewport[] DesktopAndPhone = [Desktop, new("phone", 390, 844)];

    private LiveApp App => fixture.App;

    [Fact]
    public async Task SignedOutPages_AtDesktopAndPhoneWidth_HaveNoSeriousViolation()
    {
        await using var browser = await BrowserSession.StartAsync();
        var audit = new AxeAudit();

        await ScanPagesAsync(browser.Page, audit, AuditedPages.SignedOut);

        audit.AssertNoSeriousViolation();
    }

    [Fact]
    public async Task AdminPages_AtDesktopAndPhoneWidth_HaveNoSeriousViolation()
    {
        await using var browser = await BrowserSession.StartAsync();
        await SignInAsync(browser.Page, LiveApp.AdminEmail, LiveApp.AdminPassword);
        var audit = new AxeAudit();

        await ScanPagesAsync(browser.Page, audit, AuditedPages.Admin);

        audit.AssertNoSeriousViolation();
    }

    [Fact]
    public async Task MainDialogsAndMenus_AtDesktopAndPhoneWidth_HaveNoSeriousViolation()
    {
        await using var browser = await BrowserSession.StartAsync();
        await SignInAsync(browser.Page, LiveApp.AdminEmail, LiveApp.AdminPassword);
        var audit = new AxeAudit();

        foreach (var state in AuditedStates.Admin)
        {
            await ScanStateAsync(browser.Page, audit, state.Page, state.Name, () => state.BringAbout(browser.Page), DesktopAndPhone);
        }

        audit.AssertNoSeriousViolation();
    }

    [Fact]
    public async Task AdminPagesAndDialogs_InDarkMode_HaveNoSeriousViolation()
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;
        // The admin pages' MudBlazor theme follows the system's preference until the user picks one.
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await SignInAsync(page, LiveApp.AdminEmail, LiveApp.AdminPassword);
        var audit = new AxeAudit();
        var dark = DarkThemeAsync(page);

        foreach (var audited in AuditedPages.Admin.Where(p => p.Route.StartsWith("/admin/", StringComparison.Ordinal)))
        {
            await ScanStateAsync(page, audit, audited, $"{audited.Name}, dark", dark, [Desktop]);
        }

        foreach (var state in AuditedStates.Admin)
        {
            await ScanStateAsync(page, audit, state.Page, $"{state.Name}, dark", async () =>
            {
                await dark();
                await state.BringAbout(page);
            }, [Desktop]);
        }

        audit.AssertNoSeriousViolation();
    }

    [Fact]
    public async Task PagesOutsideTheAdminLayout_InDarkMode_AreDarkAndHaveNoSeriousViolation()
    {
        await using var signedOut = await BrowserSession.StartAsync();
        await using var admin = await BrowserSession.StartAsync();
        await using var member = await BrowserSession.StartAsync();
        var audit = new AxeAudit();
        var dark = new Func<IPage, Func<Task>>(page => () => Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark"));
        foreach (var page in new[] { signedOut.Page, admin.Page, member.Page })
        {
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        }

        await SignInAsync(admin.Page, LiveApp.AdminEmail, LiveApp.AdminPassword);
        await SignInAsync(member.Page, AccessibilityApp.MemberEmail, AccessibilityApp.MemberPassword);

        foreach (var audited in AuditedPages.SignedOut)
        {
            await ScanStateAsync(signedOut.Page, audit, audited, $"{audited.Name}, dark", dark(signedOut.Page), [Desktop]);
        }

        foreach (var audited in AuditedPages.Admin.Where(p => !p.Interactive))
        {
            await ScanStateAsync(admin.Page, audit, audited, $"{audited.Name}, dark", dark(admin.Page), [Desktop]);
        }

        foreach (var audited in AuditedPages.Member)
        {
            await ScanStateAsync(member.Page, audit, audited, $"{audited.Name}, dark", dark(member.Page), [Desktop]);
        }

        audit.AssertNoSeriousViolation();
    }

    [Fact]
    public async Task MemberPages_AtDesktopAndPhoneWidth_HaveNoSeriousViolation()
    {
        await using var browser = await BrowserSession.StartAsync();
        await SignInAsync(browser.Page, AccessibilityApp.MemberEmail, AccessibilityApp.MemberPassword);
        var audit = new AxeAudit();

        await ScanPagesAsync(browser.Page, audit, AuditedPages.Member);

        audit.AssertNoSeriousViolation();
    }

    [Fact]
    public async Task SupportPages_AtDesktopAndPhoneWidthAndInDarkMode_HaveNoSeriousViolation()
    {
        await using var browser = await BrowserSession.StartAsync();
        var page = browser.Page;
        await SignInAsync(page, LiveApp.SupportEmail, LiveApp.SupportPassword);
        var audit = new AxeAudit();
        var tenants = AuditedPages.Support.Single(p => p.Name == "support tenants");

        await ScanPagesAsync(page, audit, AuditedPages.Support);
        await ScanStateAsync(page, audit, tenants, "impersonate dialog", async () =>
        {
            await page.GetByTestId("impersonate-acme").ClickAsync();
            await Assertions.Expect(page.GetByTestId("impersonation-start")).ToBeVisibleAsync();
        }, DesktopAndPhone);

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await ScanStateAsync(page, audit, tenants, "support tenants, dark", DarkThemeAsync(page), [Desktop]);
        await ScanStateAsync(page, audit, tenants, "impersonate dialog, dark", async () =>
        {
            await DarkThemeAsync(page)();
            await page.GetByTestId("impersonate-acme").ClickAsync();
            await Assertions.Expect(page.GetByTestId("impersonation-start")).ToBeVisibleAsync();
        }, [Desktop]);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

        // The banner every page shows while support impersonates a tenant.
        var tenantsPage = new SupportTenantsPage(page, App.BaseUrl);
        await tenantsPage.OpenAsync();
        await tenantsPage.ImpersonateAsync("acme", "Ticket 4711: accessibility review", fullAccess: false);
        await ScanStateAsync(page, audit, AuditedPages.Admin.Single(p => p.Name == "connectors"), "connectors while impersonating",
            () => Assertions.Expect(tenantsPage.Banner).ToBeVisibleAsync(), DesktopAndPhone);

        audit.AssertNoSeriousViolation();
    }

    private async Task ScanPagesAsync(IPage page, AxeAudit audit, IEnumerable<AuditedPage> pages)
    {
        foreach (var audited in pages)
        {
            await ScanStateAsync(page, audit, audited, audited.Name, () => Task.CompletedTask, DesktopAndPhone);
        }
    }

    /// <summary>At each viewport, opens the page afresh (so its layout starts from that width and no earlier dialog
    /// lingers), brings it into the state and scans it.</summary>
    private async Task ScanStateAsync(IPage page, AxeAudit audit, AuditedPage audited, string state, Func<Task> bringAbout,
        IReadOnlyList<Viewport> viewports)
    {
        foreach (var viewport in viewports)
        {
            await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
            await audited.OpenAsync(page, App.BaseUrl, fixture.Data);
            await bringAbout();
            await audit.ScanAsync(page, $"{state} ({viewport.Name})");
        }

        await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
    }

    /// <summary>The admin layout applies the preferred scheme once its circuit is live.</summary>
    private static Func<Task> DarkThemeAsync(IPage page) =>
        () => Assertions.Expect(page.GetByTestId("theme-toggle")).ToHaveAttributeAsync("data-theme", "dark");

    private async Task SignInAsync(IPage page, string email, string password)
    {
        var login = new LoginPage(page, App.BaseUrl);
        await login.OpenAsync();
        await login.SignInAsync(email, password);
        // Admins land on the overview, members and support on the start page.
        await Assertions.Expect(page.Locator("[data-testid='signed-in-email'], [data-testid='attention']").First).ToBeVisibleAsync();
    }

    private sealed record Viewport(string Name, int Width, int Height);
}
