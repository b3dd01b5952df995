using Connectors.E2E.Account;
using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Admin;

/// <summary>Signs in and opens an admin page, waiting for the live circuit before any click.</summary>
public static class AdminPageSession
{
    public static async Task OpenAsync(BrowserSession browser, LiveApp app, string path,
        string email = LiveApp.AdminEmail, string password = LiveApp.AdminPassword)
    {
        var login = new LoginPage(browser.Page, app.BaseUrl);
        await login.OpenAsync();
        await login.SignInAsync(email, password);
        await Assertions.Expect(browser.Page.GetByTestId("signed-in-email")).ToBeVisibleAsync();
        await browser.Page.GotoAsync($"{app.BaseUrl}{path}");
        await Assertions.Expect(browser.Page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
    }

    /// <summary>The text box of a MudBlazor field carrying <paramref name="testId"/>.</summary>
    public static ILocator Input(IPage page, string testId) =>
        page.Locator($"input[data-testid='{testId}'], [data-testid='{testId}'] input").First;
}
