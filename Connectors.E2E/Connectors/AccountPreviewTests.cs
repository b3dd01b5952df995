using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Connectors;

/// <summary>The Preview action on a fake-ping IMAP account: the dialog lists the newest messages the account would
/// ingest — subject, sender, date, size, the start of the text — and nothing is stored.</summary>
public sealed class AccountPreviewTests
{
    [Fact]
    public async Task Preview_ShowsTheNewestMessages_WithoutIngestingThem()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var account = await app.AddImapAccountAsync("Support", "acme-hr");
        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors");
        var page = browser.Page;

        var before = await app.DocumentCountAsync(account);
        await AdminSignIn.ActionAsync(page, AdminSignIn.Row(page, "Support"), "action-preview");

        var items = page.GetByTestId("preview-item");
        await Assertions.Expect(items.First).ToBeVisibleAsync();
        (await items.CountAsync()).ShouldBeInRange(1, 5); // the fake mailbox's messages, at most the preview's five
        await Assertions.Expect(items.First.Locator("h3")).Not.ToBeEmptyAsync();
        await Assertions.Expect(items.First).ToContainTextAsync("@");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Nothing is stored");
        await page.EvaluateAsync("() => Promise.allSettled(document.getAnimations().map(a => a.finished))");
        await browser.ScreenshotAsync("account-preview-dialog");
        await page.GetByTestId("preview-close").ClickAsync();
        await Assertions.Expect(items).ToHaveCountAsync(0);
        (await app.DocumentCountAsync(account)).ShouldBe(before);
    }
}
