using Connectors.E2E.Connectors;
using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Account;

/// <summary>After a sync whose removals the deletion brake held: the overview lists the account (held, Review), its page
/// asks, and "Keep documents" keeps them all.</summary>
public sealed class HeldRemovalsTests
{
    [Fact]
    public async Task TheOverviewSendsToTheAccountPage_WhereKeepDocumentsKeepsThemAll()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var account = await app.AddImapAccountAsync("Support", null);
        await app.RunSyncAsync(account);
        await app.HoldRemovalsAsync(account);
        await AdminSignIn.OpenAsync(browser, app, "/admin");
        var page = browser.Page;

        var item = page.Locator($"[data-testid='attention-item'][data-account-id='{account}']");
        await Assertions.Expect(item).ToHaveAttributeAsync("data-reason", "held");
        await Assertions.Expect(item.GetByTestId("attention-fix")).ToHaveTextAsync("Review");
        await item.GetByTestId("attention-fix").ClickAsync();
        var banner = page.GetByTestId("held-removals");
        await Assertions.Expect(banner).ToHaveAttributeAsync("data-count", "3");
        await browser.ScreenshotAsync("held-removals-banner");
        await page.GetByTestId("held-keep").ClickAsync();

        await Assertions.Expect(banner).ToHaveCountAsync(0);
        (await app.DocumentCountAsync(account)).ShouldBe(3);
    }
}
