using Connectors.E2E.Connectors;
using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Account;

/// <summary>One visual system: the pages outside the admin layout (account pages, sign-in, errors) draw in the
/// theme the user chose in the admin pages, and in the system's preference until they choose.</summary>
public sealed class ThemeTests
{
    private const string LightBackground = "rgb(245, 246, 250)";
    private const string DarkBackground = "rgb(50, 51, 61)";

    [Fact]
    public async Task AccountPages_FollowTheThemeChosenInTheAdmin_BothWays()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var page = browser.Page;
        await AdminSignIn.OpenAsync(browser, app, "/admin");
        var toggle = page.GetByTestId("theme-toggle");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("data-theme", "light");

        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("data-theme", "dark");
        await page.GotoAsync($"{app.BaseUrl}/account/manage/tokens");
        await AssertThemeAsync(page, "dark", DarkBackground);
        await browser.ScreenshotAsync("tokens-dark");
        await page.GotoAsync($"{app.BaseUrl}/no-such-page");
        await AssertThemeAsync(page, "dark", DarkBackground);

        await page.GotoAsync($"{app.BaseUrl}/admin");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        await Assertions.Expect(toggle).ToHaveAttributeAsync("data-theme", "dark");
        await toggle.ClickAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("data-theme", "light");
        await page.GotoAsync($"{app.BaseUrl}/account/manage/password");
        await AssertThemeAsync(page, "light", LightBackground);
    }

    [Fact]
    public async Task SignInPage_FollowsTheSystemPreference_UntilTheUserChooses()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var page = browser.Page;
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });

        await page.GotoAsync($"{app.BaseUrl}/account/login");
        await AssertThemeAsync(page, "dark", DarkBackground);
        await browser.ScreenshotAsync("login-dark");

        await page.EvaluateAsync("() => localStorage.setItem('connectors.theme', 'light')");
        await page.ReloadAsync();
        await AssertThemeAsync(page, "light", LightBackground);
    }

    private static async Task AssertThemeAsync(IPage page, string theme, string background)
    {
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", theme);
        await Assertions.Expect(page.Locator("html")).ToHaveCSSAsync("background-color", background);
    }
}
