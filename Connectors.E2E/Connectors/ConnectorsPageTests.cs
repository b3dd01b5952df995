using Connectors.E2E.Account;
using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Connectors;

/// <summary>The connectors page in a real browser, once the circuit is live.</summary>
public sealed class ConnectorsPageTests
{
    [Fact]
    public async Task ConnectorsPage_SuperAdmin_SeesTheImapCardWithItsEmptyState()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var login = new LoginPage(browser.Page, app.BaseUrl);
        await login.OpenAsync();
        await login.SignInAsync(LiveApp.AdminEmail, LiveApp.AdminPassword);

        await Assertions.Expect(browser.Page).ToHaveURLAsync($"{app.BaseUrl}/admin");
        await Assertions.Expect(browser.Page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        await browser.Page.GetByTestId("nav-connectors").ClickAsync();

        await Assertions.Expect(browser.Page).ToHaveURLAsync($"{app.BaseUrl}/admin/connectors");
        await Assertions.Expect(browser.Page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        var card = browser.Page.GetByTestId("connector-card-imap");
        await Assertions.Expect(card).ToContainTextAsync("Email (IMAP)");
        await Assertions.Expect(card.GetByTestId("empty-state")).ToBeVisibleAsync();
        await Assertions.Expect(browser.Page.GetByTestId("tenant-name")).ToHaveTextAsync("Acme");
        await browser.ScreenshotAsync("connectors-page");
    }

    [Fact]
    public async Task ConnectorsPage_WithAccounts_ListsTheTenantsAccountsWithStatusAndProject()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await app.AddImapAccountAsync("Support", "acme-hr");
        await app.AddImapAccountAsync("Sales", null);
        var login = new LoginPage(browser.Page, app.BaseUrl);
        await login.OpenAsync();
        await login.SignInAsync(LiveApp.AdminEmail, LiveApp.AdminPassword);

        await browser.Page.GotoAsync($"{app.BaseUrl}/admin/connectors");

        await Assertions.Expect(browser.Page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        var rows = browser.Page.GetByTestId("account-row");
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(rows.Nth(0)).ToHaveAttributeAsync("data-label", "Sales");
        await Assertions.Expect(rows.Nth(0)).ToContainTextAsync("tenant default (default)");
        await Assertions.Expect(rows.Nth(1)).ToHaveAttributeAsync("data-label", "Support");
        await Assertions.Expect(rows.Nth(1)).ToHaveAttributeAsync("data-status", "active");
        await Assertions.Expect(rows.Nth(1)).ToContainTextAsync("acme-hr");
        await browser.ScreenshotAsync("connectors-page-accounts");
    }

    [Fact]
    public async Task DarkMode_Toggled_IsRememberedAfterAReload()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors");
        var toggle = browser.Page.GetByTestId("theme-toggle");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("data-theme", "light");
        var lightAppBar = await AppBarBackgroundAsync(browser.Page);

        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("data-theme", "dark");
        await browser.Page.ReloadAsync();
        await Assertions.Expect(browser.Page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");

        await Assertions.Expect(browser.Page.GetByTestId("theme-toggle")).ToHaveAttributeAsync("data-theme", "dark");
        (await AppBarBackgroundAsync(browser.Page)).ShouldNotBe(lightAppBar);
    }

    private static Task<string> AppBarBackgroundAsync(Microsoft.Playwright.IPage page) =>
        page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.mud-appbar')).backgroundColor");

    [Fact]
    public async Task SignOut_FromTheUserMenu_ReturnsToTheLoginPage()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var login = new LoginPage(browser.Page, app.BaseUrl);
        await login.OpenAsync();
        await login.SignInAsync(LiveApp.AdminEmail, LiveApp.AdminPassword);
        await browser.Page.GotoAsync($"{app.BaseUrl}/admin/connectors");
        await Assertions.Expect(browser.Page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");

        await browser.Page.GetByTestId("user-menu").ClickAsync();
        await browser.Page.GetByTestId("sign-out").ClickAsync();

        await Assertions.Expect(browser.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
        await browser.Page.GotoAsync($"{app.BaseUrl}/admin/connectors");
        await Assertions.Expect(browser.Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
    }
}
