using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Account;

/// <summary>Signing in through the real login page in headless Chromium.</summary>
public sealed class LoginTests
{
    [Fact]
    public async Task SignIn_SeededAdmin_LandsOnTheOverviewOfTheirTenant()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var login = new LoginPage(browser.Page, app.BaseUrl);
        await login.OpenAsync();
        await browser.ScreenshotAsync("login");

        await login.SignInAsync(LiveApp.AdminEmail, LiveApp.AdminPassword);

        await Assertions.Expect(browser.Page).ToHaveURLAsync($"{app.BaseUrl}/admin");
        await Assertions.Expect(browser.Page.GetByTestId("tenant-name")).ToHaveTextAsync("Acme");
        await Assertions.Expect(browser.Page.GetByTestId("attention-count")).ToHaveTextAsync("0");
        await Assertions.Expect(browser.Page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        await browser.ScreenshotAsync("landing");
    }

    [Fact]
    public async Task SignIn_WrongPassword_ShowsTheErrorAndKeepsTheEmail()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var login = new LoginPage(browser.Page, app.BaseUrl);
        await login.OpenAsync();

        await login.SignInAsync(LiveApp.AdminEmail, "wrong-password-123");

        await Assertions.Expect(login.Error).ToHaveTextAsync(global::Connectors.Web.Auth.ConnectorsSignInManager.FailedMessage);
        await Assertions.Expect(browser.Page.GetByTestId("login-email")).ToHaveValueAsync(LiveApp.AdminEmail);
        await Assertions.Expect(browser.Page.GetByTestId("login-password")).ToHaveValueAsync("");
        await browser.ScreenshotAsync("login-error");
    }
}
