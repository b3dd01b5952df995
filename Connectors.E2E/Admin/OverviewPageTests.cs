using Connectors.Domain.Installations;
using Connectors.E2E.Account;
using Connectors.E2E.Connectors;
using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Admin;

/// <summary>The admin home in a real browser (issue 15, item 1): sign-in lands on it; it says what needs attention,
/// why in full, and fixes it in one click; the navigation carries the count.</summary>
public sealed class OverviewPageTests
{
    private const string LongError = "The mail server closed the connection during the folder listing five times in a row; "
        + "the account was stopped so it does not keep failing every fifteen minutes. Resume it once the server is reachable again.";

    [Fact]
    public async Task SignIn_LandsOnTheOverview_WhichListsWhatNeedsAttention_AndResumeFixesIt()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var support = await app.AddImapAccountAsync("Support", null);
        await app.RunSyncAsync(support);
        var sales = await app.AddImapAccountAsync("Sales", null);
        await app.BreakAsync(sales, InstallationStatus.Error, LongError);
        var billing = await app.AddPendingImapAccountAsync("Billing", null);
        var page = browser.Page;
        var login = new LoginPage(page, app.BaseUrl);
        await login.OpenAsync();
        await login.SignInAsync(LiveApp.AdminEmail, LiveApp.AdminPassword);

        await Assertions.Expect(page).ToHaveURLAsync($"{app.BaseUrl}/admin");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        await Assertions.Expect(page.GetByTestId("attention-count")).ToHaveTextAsync("2");
        await Assertions.Expect(page.GetByTestId("nav-attention-badge")).ToContainTextAsync("2");
        var items = page.GetByTestId("attention-item");
        await Assertions.Expect(items).ToHaveCountAsync(2);
        var stopped = items.First;
        await Assertions.Expect(stopped).ToHaveAttributeAsync("data-account-id", sales.ToString());
        await Assertions.Expect(stopped).ToHaveAttributeAsync("data-reason", "error");
        await Assertions.Expect(stopped.GetByTestId("attention-why")).ToHaveTextAsync(LongError);
        await Assertions.Expect(items.Nth(1)).ToHaveAttributeAsync("data-reason", "pending");
        await Assertions.Expect(items.Nth(1)).ToHaveAttributeAsync("data-account-id", billing.ToString());
        await Assertions.Expect(items.Nth(1).GetByTestId("attention-fix")).ToHaveTextAsync("Reconnect");
        await Assertions.Expect(page.Locator("[data-testid='overview-tile'][data-status='error'] [data-testid='overview-count']")).ToHaveTextAsync("1");
        await Assertions.Expect(page.Locator("[data-testid='overview-tile'][data-status='active'] [data-testid='overview-count']")).ToHaveTextAsync("1");
        await browser.ScreenshotAsync("overview");

        await stopped.GetByTestId("attention-fix").ClickAsync();

        await Assertions.Expect(items).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByTestId("attention-count")).ToHaveTextAsync("1");
        await Assertions.Expect(page.GetByTestId("nav-attention-badge")).ToContainTextAsync("1");
        await items.First.GetByTestId("attention-fix").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Reconnect “Billing”");
    }

    [Fact]
    public async Task NothingNeedingAttention_SaysSoPlainly_AndTheNavigationHasNoBadge()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var support = await app.AddImapAccountAsync("Support", null);
        await app.RunSyncAsync(support);

        await AdminSignIn.OpenAsync(browser, app, "/admin");

        var page = browser.Page;
        await Assertions.Expect(page.GetByTestId("attention-count")).ToHaveTextAsync("0");
        await Assertions.Expect(page.GetByTestId("attention-none")).ToContainTextAsync("Nothing needs attention: every account is connected and syncing on schedule.");
        await Assertions.Expect(page.GetByTestId("attention-item")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByTestId("nav-attention-badge")).ToHaveCountAsync(0);
        await page.Locator("[data-testid='overview-tile'][data-status='active']").ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync($"{app.BaseUrl}/admin/accounts?status=active");
        await Assertions.Expect(page.GetByTestId("account-row")).ToHaveCountAsync(1);
    }
}
