using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Connectors;

/// <summary>The account Settings action on a fake-ping IMAP account: folders discovered live, one picked
/// as the only folder to sync, kept after saving.</summary>
public sealed class AccountSettingsTests
{
    [Fact]
    public async Task Settings_PickAnIncludeFolderFromTheDiscoveredOnes_IsKeptWhenReopened()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await app.AddImapAccountAsync("Support", "acme-hr");
        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors");
        var page = browser.Page;
        var row = AdminSignIn.Row(page, "Support");

        await AdminSignIn.ActionAsync(page, row, "action-settings");
        var include = page.GetByTestId("list-folders.include");
        await Assertions.Expect(Option(include, "Archive")).ToBeVisibleAsync();
        await Assertions.Expect(include.GetByTestId("discovered-option")).ToHaveCountAsync(4);
        await Option(include, "Archive").ClickAsync();
        await Assertions.Expect(Chip(include, "Archive")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("account-settings-dialog");
        await page.GetByTestId("settings-submit").ClickAsync();

        await Assertions.Expect(page.GetByTestId("settings-submit")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Settings of “Support” saved.");
        await AdminSignIn.ActionAsync(page, row, "action-settings");
        await Assertions.Expect(Chip(page.GetByTestId("list-folders.include"), "Archive")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("list-folders.include").GetByTestId("list-value")).ToHaveCountAsync(1);
        await Assertions.Expect(Chip(page.GetByTestId("list-folders.exclude"), "Trash")).ToBeVisibleAsync();
        await Assertions.Expect(Option(page.GetByTestId("list-folders.include"), "INBOX")).ToBeVisibleAsync();
        await SettledAsync(page);
        await browser.ScreenshotAsync("account-settings-reopened");
    }

    /// <summary>Waits for the dialog's opening animation and the snackbar's to finish, so the screenshot is sharp.</summary>
    private static Task SettledAsync(IPage page) =>
        page.EvaluateAsync("() => Promise.allSettled(document.getAnimations().map(a => a.finished))");

    private static ILocator Option(ILocator list, string value) => list.Locator($"[data-testid='discovered-option'][data-value='{value}']");

    private static ILocator Chip(ILocator list, string value) => list.Locator($"[data-testid='list-value'][data-value='{value}']");
}
