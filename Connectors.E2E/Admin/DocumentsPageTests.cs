using Connectors.E2E.Connectors;
using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Admin;

/// <summary>The documents page in a real browser, over documents a fake-ping IMAP sync ingested.</summary>
public sealed class DocumentsPageTests
{
    [Fact]
    public async Task AfterASync_ListsTheProjectsDocumentsAndOpensOneAsPlainText()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var account = await app.AddImapAccountAsync("Support", null);
        await app.RunSyncAsync(account);
        await AdminSignIn.OpenAsync(browser, app, "/admin/documents");
        var page = browser.Page;

        var rows = page.GetByTestId("document-row");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(rows.First).ToContainTextAsync("Support");
        await Assertions.Expect(page.GetByTestId("pager-range")).ToHaveTextAsync("1–3 of 3 documents");
        await browser.ScreenshotAsync("documents-page");

        await AdminSignIn.Input(page, "documents-search").FillAsync("INVOICE");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await rows.First.ClickAsync();

        var content = page.GetByTestId("document-content");
        await Assertions.Expect(page.GetByTestId("document-title")).ToHaveTextAsync("Invoice 2026-0042");
        await Assertions.Expect(content).ToContainTextAsync("Total: 120.00 EUR");
        await Assertions.Expect(page.GetByTestId("document-source-url")).ToContainTextAsync("imap://");
        await browser.ScreenshotAsync("document-dialog");
    }

    [Fact]
    public async Task AnotherProject_WithoutDocuments_ShowsTheEmptyState()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var account = await app.AddImapAccountAsync("Support", null);
        await app.RunSyncAsync(account);
        await AdminSignIn.OpenAsync(browser, app, "/admin/documents");
        var page = browser.Page;
        await Assertions.Expect(page.GetByTestId("document-row")).ToHaveCountAsync(3);

        await page.GetByTestId("documents-project").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "(engineering)" }).ClickAsync();

        await Assertions.Expect(page.GetByTestId("empty-state")).ToContainTextAsync("No document in this project yet.");
        await Assertions.Expect(page.GetByTestId("document-row")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("documents-empty");
    }

    [Fact]
    public async Task AFurtherProjectChosenInTheEditDialog_ShowsTheAccountsDocumentsThere_WithoutASync()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var account = await app.AddImapAccountAsync("Support", null);
        await app.RunSyncAsync(account);
        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors");
        var page = browser.Page;

        await AdminSignIn.ActionAsync(page, AdminSignIn.Row(page, "Support"), "action-edit");
        await page.GetByTestId("account-targets").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "(engineering)" }).ClickAsync();
        await page.GetByTestId("account-targets").ClickAsync(new() { Force = true }); // The list's overlay takes the click and closes it.
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("edit-account-targets");
        await page.GetByTestId("edit-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("edit-submit")).ToHaveCountAsync(0);

        await page.GotoAsync($"{app.BaseUrl}/admin/documents");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true"); // The circuit is live: the select opens.
        await Assertions.Expect(page.GetByTestId("document-row")).ToHaveCountAsync(3);
        await page.GetByTestId("documents-project").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "(engineering)" }).ClickAsync();

        var rows = page.GetByTestId("document-row");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await rows.First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("document-also-in")).ToHaveTextAsync("engineering");
        await browser.ScreenshotAsync("document-in-a-further-project");
    }
}
