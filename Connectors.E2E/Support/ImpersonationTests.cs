using Connectors.E2E.Account;
using Connectors.E2E.Connectors;
using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Support;

/// <summary>Support impersonates a tenant: read-only first (banner, no manage actions), then full
/// access (can add an account), and the tenant's audit page shows both identities.</summary>
public sealed class ImpersonationTests
{
    [Fact]
    public async Task Support_ReadOnlyThenFullAccess_SeesBannerAndGetsTheRightActions()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await app.AddImapAccountAsync("Support", "acme-hr");
        var page = browser.Page;
        var login = new LoginPage(page, app.BaseUrl);
        await login.OpenAsync();
        await login.SignInAsync(LiveApp.SupportEmail, LiveApp.SupportPassword);
        await Assertions.Expect(page.GetByTestId("open-support")).ToBeVisibleAsync();

        // Not impersonating: the tenant's admin area is closed to support.
        await page.GotoAsync($"{app.BaseUrl}/admin/connectors");
        await Assertions.Expect(page.GetByTestId("support-hint")).ToBeVisibleAsync();

        var tenants = new SupportTenantsPage(page, app.BaseUrl);
        await tenants.OpenAsync();
        await browser.ScreenshotAsync("support-tenants");
        await tenants.ImpersonateAsync("acme", "Ticket 4711: mailbox not syncing", fullAccess: false);

        await Assertions.Expect(tenants.Banner).ToContainTextAsync("Impersonating Acme");
        await Assertions.Expect(tenants.Banner).ToContainTextAsync("read-only");
        // Impersonation lands on the tenant's overview, as signing in does.
        await Assertions.Expect(page.GetByTestId("attention")).ToBeVisibleAsync();
        await OpenConnectorsAsync(page, app);
        await Assertions.Expect(page.GetByTestId("account-row")).ToHaveAttributeAsync("data-label", "Support");
        await Assertions.Expect(page.GetByTestId("account-menu")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("add-account-imap")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("impersonation-read-only");

        await tenants.OpenAsync();
        await tenants.ImpersonateAsync("acme", "Ticket 4711: reconnect the mailbox", fullAccess: true);
        await Assertions.Expect(tenants.Banner).ToContainTextAsync("full access");
        await OpenConnectorsAsync(page, app);
        var dialog = new AddAccountDialogPage(page);
        await dialog.OpenAsync("imap");
        await dialog.LabelAsync("Sales");
        await dialog.FieldAsync("host", "imap.acme.test");
        await dialog.FieldAsync("username", "sales@acme.test");
        await dialog.FieldAsync("password", "app-password-123");
        await dialog.SubmitAsync();
        await Assertions.Expect(page.Locator("[data-testid='account-row'][data-label='Sales']")).ToHaveAttributeAsync("data-status", "active");
        await browser.ScreenshotAsync("impersonation-full-access");

        // The tenant's audit log names the support user on every impersonated change, marked as such,
        // next to the tenant's own users' entries.
        await page.GotoAsync($"{app.BaseUrl}/admin/audit");
        var created = page.Locator("[data-testid='audit-row'][data-action='account.created']").First;
        await Assertions.Expect(created.GetByTestId("audit-actor")).ToHaveTextAsync(LiveApp.SupportEmail);
        await Assertions.Expect(created.GetByTestId("audit-impersonator")).ToContainTextAsync("support impersonation");
        var started = page.Locator("[data-testid='audit-row'][data-action='impersonation.started']");
        await Assertions.Expect(started).ToHaveCountAsync(2);
        await Assertions.Expect(started.First).ToContainTextAsync("full access");
        await Assertions.Expect(started.Last).ToContainTextAsync("Ticket 4711: mailbox not syncing");
        await browser.ScreenshotAsync("impersonation-audit");

        await page.GetByTestId("impersonation-stop").ClickAsync();
        await page.WaitForURLAsync($"{app.BaseUrl}/support/tenants");
        await Assertions.Expect(tenants.Banner).ToHaveCountAsync(0);
    }

    private static async Task OpenConnectorsAsync(IPage page, LiveApp app)
    {
        await page.GotoAsync($"{app.BaseUrl}/admin/connectors");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
    }
}
