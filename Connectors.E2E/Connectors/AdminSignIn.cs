using Connectors.E2E.Account;
using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Connectors;

/// <summary>Signs in and opens an admin page once its circuit is live.</summary>
public static class AdminSignIn
{
    public static async Task OpenAsync(BrowserSession browser, LiveApp app, string path,
        string email = LiveApp.AdminEmail, string password = LiveApp.AdminPassword)
    {
        var login = new LoginPage(browser.Page, app.BaseUrl);
        await login.OpenAsync();
        await login.SignInAsync(email, password);
        // Admins land on the overview; the wait also proves the sign-in cookie is set.
        await Assertions.Expect(browser.Page.GetByTestId("tenant-name")).ToBeVisibleAsync();
        await browser.Page.GotoAsync($"{app.BaseUrl}{path}");
        await Assertions.Expect(browser.Page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
    }

    /// <summary>The account row labelled <paramref name="label"/> on the connectors page.</summary>
    public static ILocator Row(IPage page, string label) =>
        page.Locator($"[data-testid='account-row'][data-label='{label}']");

    /// <summary>Opens the row's menu and clicks the action with the given test id.</summary>
    public static async Task ActionAsync(IPage page, ILocator row, string action)
    {
        await row.GetByTestId("account-menu").ClickAsync();
        await page.GetByTestId(action).ClickAsync();
    }

    /// <summary>The text box of a MudBlazor field carrying <paramref name="testId"/>.</summary>
    public static ILocator Input(IPage page, string testId) =>
        page.Locator($"input[data-testid='{testId}'], [data-testid='{testId}'] input").First;
}
