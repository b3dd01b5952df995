using Connectors.Domain.Tenancy;
using Connectors.E2E.Account;
using Connectors.E2E.Connectors;
using Connectors.E2E.Infrastructure;
using Connectors.E2E.Support;
using Microsoft.Playwright;

namespace Connectors.E2E.Docs;

/// <summary>A screenshot tour of every page a tenant admin (and support) sees, at desktop and phone width,
/// for reviewing the UI by eye. Explicit: run it with
/// <c>dotnet test Connectors.E2E --filter "FullyQualifiedName~UiTour" -- xUnit.Explicit=only</c>;
/// the shots land in <c>bin/Debug/net10.0/screenshots/tour-*.png</c>.</summary>
public sealed class UiTourTests
{
    private const string MemberEmail = "member@acme.test";
    private const string MemberPassword = "Member-Passw0rd-1";

    [Fact(Explicit = true)]
    public async Task Tour_EveryPage_AtDesktopAndPhoneWidth()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var support = await app.AddImapAccountAsync("Support", "acme-hr");
        await app.RunSyncAsync(support);
        var sales = await app.AddImapAccountAsync("Sales", null);
        await app.RunSyncAsync(sales);
        await app.AddPendingImapAccountAsync("Billing", "engineering");
        await app.AddUserAsync(MemberEmail, MemberPassword, TenantRole.Member);
        var page = browser.Page;

        await ShootAsync(browser, "login", () => page.GotoAsync($"{app.BaseUrl}/account/login"));

        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors");
        await Assertions.Expect(page.GetByTestId("account-row")).ToHaveCountAsync(3);
        await ShootAsync(browser, "connectors", () => ReloadAsync(page));
        await page.GetByLabel("Toggle dark mode").ClickAsync();
        await ShootAsync(browser, "connectors-dark");
        await page.GetByTestId("nav-audit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("audit-row").First).ToBeVisibleAsync();
        await ShootAsync(browser, "audit-dark");
        await page.GetByTestId("nav-connectors").ClickAsync();
        await Assertions.Expect(page.GetByTestId("account-row")).ToHaveCountAsync(3);
        await page.GetByLabel("Toggle dark mode").ClickAsync();

        // On a phone the drawer opens over the page and must get out of the way after a navigation.
        await page.SetViewportSizeAsync(390, 844);
        await page.GetByLabel("Toggle navigation").ClickAsync();
        await BrowserSession.Settled(page);
        await browser.ScreenshotAsync("tour-drawer-open-phone");
        await page.GetByTestId("nav-projects").ClickAsync();
        await page.WaitForURLAsync($"{app.BaseUrl}/admin/projects");
        await BrowserSession.Settled(page);
        await browser.ScreenshotAsync("tour-drawer-after-navigation-phone");
        await page.SetViewportSizeAsync(1280, 800);
        await OpenAsync(page, $"{app.BaseUrl}/admin/connectors");

        var dialog = new AddAccountDialogPage(page);
        await dialog.OpenAsync("imap");
        await ShootAsync(browser, "add-account-dialog");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByTestId("connect-submit")).ToHaveCountAsync(0);

        await AdminSignIn.ActionAsync(page, AdminSignIn.Row(page, "Support"), "action-edit");
        await Assertions.Expect(page.GetByTestId("edit-submit")).ToBeVisibleAsync();
        await ShootAsync(browser, "edit-account-dialog");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByTestId("edit-submit")).ToHaveCountAsync(0);

        await AdminSignIn.ActionAsync(page, AdminSignIn.Row(page, "Billing"), "action-delete");
        await Assertions.Expect(page.GetByTestId("confirm-delete")).ToBeVisibleAsync();
        await ShootAsync(browser, "delete-confirmation");
        await page.Keyboard.PressAsync("Escape");

        await ShootAsync(browser, "account-page", () => OpenAsync(page, $"{app.BaseUrl}/admin/connectors/accounts/{support}"));
        await Assertions.Expect(page.GetByTestId("history-row")).ToHaveCountAsync(1);

        await ShootAsync(browser, "overview", () => OpenAsync(page, $"{app.BaseUrl}/admin"));
        await ShootAsync(browser, "accounts", () => OpenAsync(page, $"{app.BaseUrl}/admin/accounts"));
        await ShootAsync(browser, "accounts-filtered", () => OpenAsync(page, $"{app.BaseUrl}/admin/accounts?status=active&sort=-last-sync"));

        await ShootAsync(browser, "projects", () => OpenAsync(page, $"{app.BaseUrl}/admin/projects"));
        await page.GetByTestId("project-create").ClickAsync();
        await Assertions.Expect(page.GetByTestId("project-submit")).ToBeVisibleAsync();
        await ShootAsync(browser, "projects-create-dialog");
        await page.Keyboard.PressAsync("Escape");

        await ShootAsync(browser, "credentials", () => OpenAsync(page, $"{app.BaseUrl}/admin/credentials"));
        await ShootAsync(browser, "documents", () => OpenAsync(page, $"{app.BaseUrl}/admin/documents"));
        await page.GetByTestId("document-row").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("document-content")).ToBeVisibleAsync();
        await ShootAsync(browser, "document-dialog");
        await page.Keyboard.PressAsync("Escape");

        await ShootAsync(browser, "audit", () => OpenAsync(page, $"{app.BaseUrl}/admin/audit"));
        await ShootAsync(browser, "change-password", () => page.GotoAsync($"{app.BaseUrl}/account/manage/password"));

        await SignOutAndInAsync(browser, app, LiveApp.SupportEmail, LiveApp.SupportPassword);
        var tenants = new SupportTenantsPage(page, app.BaseUrl);
        await ShootAsync(browser, "support-tenants", tenants.OpenAsync);
        await page.GetByTestId("impersonate-acme").ClickAsync();
        await Assertions.Expect(page.GetByTestId("impersonation-start")).ToBeVisibleAsync();
        await ShootAsync(browser, "impersonate-dialog");
        await page.Keyboard.PressAsync("Escape");
        await tenants.ImpersonateAsync("acme", "Ticket 4711: mailbox not syncing since Monday morning", fullAccess: false);
        await ShootAsync(browser, "impersonation-banner", () => ReloadAsync(page));

        await page.GetByTestId("impersonation-stop").ClickAsync();
        await page.WaitForURLAsync($"{app.BaseUrl}/support/tenants");
        await SignOutAndInAsync(browser, app, MemberEmail, MemberPassword);
        await ShootAsync(browser, "home", () => page.GotoAsync($"{app.BaseUrl}/")); // Admins are taken on to the connectors page.
        await ShootAsync(browser, "forbidden", () => page.GotoAsync($"{app.BaseUrl}/admin/connectors"));
    }

    /// <summary>Shoots the page at 1280x800 and at 390x844 (a phone), running <paramref name="load"/>
    /// at each size so the layout starts from the width it is shown at.</summary>
    private static async Task ShootAsync(BrowserSession browser, string name, Func<Task>? load = null)
    {
        foreach (var (suffix, width, height) in new[] { ("desktop", 1280, 800), ("phone", 390, 844) })
        {
            await browser.Page.SetViewportSizeAsync(width, height);
            if (load is not null)
            {
                await load();
            }

            await browser.SettledAsync();
            await browser.ScreenshotAsync($"tour-{name}-{suffix}");
        }

        await browser.Page.SetViewportSizeAsync(1280, 800);
        if (load is not null)
        {
            await load();
        }
    }

    private static async Task OpenAsync(IPage page, string url)
    {
        await page.GotoAsync(url);
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
    }

    private static async Task ReloadAsync(IPage page)
    {
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
    }

    private static async Task SignOutAndInAsync(BrowserSession browser, LiveApp app, string email, string password)
    {
        await browser.Page.Context.ClearCookiesAsync();
        var login = new LoginPage(browser.Page, app.BaseUrl);
        await login.OpenAsync();
        await login.SignInAsync(email, password);
        await Assertions.Expect(browser.Page.GetByTestId("signed-in-email")).ToBeVisibleAsync();
    }
}
