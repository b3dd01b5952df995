using Microsoft.Playwright;

namespace Connectors.E2E.Accessibility;

/// <summary>A page brought into a state worth scanning on its own — a dialog or a menu open — by a tenant admin.
/// Nothing here submits a change: the app is shared by the accessibility tests.</summary>
public sealed record AuditedState(AuditedPage Page, string Name, Func<IPage, Task> BringAbout);

/// <summary>The main dialogs and menus of the admin pages.</summary>
public static class AuditedStates
{
    public static readonly AuditedState[] Admin =
    [
        new(Page("connectors"), "user menu", async p =>
        {
            await p.GetByTestId("user-menu").ClickAsync();
            await Visible(p.GetByTestId("sign-out"));
        }),
        new(Page("connectors"), "account menu", async p =>
        {
            await Row(p, "Support").GetByTestId("account-menu").ClickAsync();
            await Visible(p.GetByTestId("action-edit"));
        }),
        new(Page("connectors"), "add account dialog", async p =>
        {
            await p.GetByTestId("add-account-imap").ClickAsync();
            await Assertions.Expect(p.GetByTestId("connect-submit")).ToBeEnabledAsync(); // The form is loaded.
        }),
        new(Page("credentials"), "add credential dialog", async p =>
        {
            await p.GetByTestId("credential-add").ClickAsync();
            await Visible(p.GetByTestId("credential-submit"));
        }),
        new(Page("credentials"), "rotate credential dialog", async p =>
        {
            await p.GetByTestId("credential-rotate").First.ClickAsync();
            await Visible(p.GetByTestId("rotate-hint"));
        }),
        new(Page("credentials"), "own OAuth app dialog", async p =>
        {
            await p.GetByTestId("oauth-app-set").First.ClickAsync();
            await Visible(p.GetByTestId("oauth-app-submit"));
        }),
        new(Page("connectors"), "add MCP server dialog", async p =>
        {
            await p.GetByTestId("add-account-mcp").ClickAsync();
            await Assertions.Expect(p.GetByTestId("connect-submit")).ToBeEnabledAsync();
        }),
        new(Page("connectors"), "edit account dialog", async p =>
        {
            await RowActionAsync(p, "Support", "action-edit");
            await Visible(p.GetByTestId("edit-submit"));
        }),
        new(Page("connectors"), "settings dialog", async p =>
        {
            await RowActionAsync(p, "Support", "action-settings");
            await Visible(p.GetByTestId("list-folders.include").GetByTestId("discovered-option").First);
        }),
        new(Page("connectors"), "preview dialog", async p =>
        {
            await RowActionAsync(p, "Support", "action-preview");
            await Visible(p.GetByTestId("preview-item").First);
        }),
        new(Page("connectors"), "reconnect dialog", async p =>
        {
            await RowActionAsync(p, "Billing", "action-reconnect");
            await Visible(p.GetByTestId("last-error"));
        }),
        new(Page("connectors"), "delete dialog", async p =>
        {
            await RowActionAsync(p, "Billing", "action-delete");
            await Visible(p.GetByTestId("confirm-delete"));
        }),
        new(Page("accounts table"), "bulk dry run dialog", async p =>
        {
            await Row(p, "Support").GetByTestId("select-account").CheckAsync();
            await Row(p, "Billing").GetByTestId("select-account").CheckAsync();
            await p.GetByTestId("bulk-pause").ClickAsync();
            await Visible(p.GetByTestId("bulk-confirm"));
            await Assertions.Expect(p.GetByTestId("bulk-item")).ToHaveCountAsync(2);
        }),
        new(Page("accounts table"), "bulk move dialog", async p =>
        {
            await Row(p, "Support").GetByTestId("select-account").CheckAsync();
            await p.GetByTestId("bulk-move").ClickAsync();
            await Visible(p.GetByTestId("bulk-review"));
        }),
        new(Page("projects"), "new project dialog", async p =>
        {
            await p.GetByTestId("project-create").ClickAsync();
            await Visible(p.GetByTestId("project-submit"));
        }),
        new(Page("notifications"), "inbox menu", async p =>
        {
            await p.GetByTestId("notifications-bell").ClickAsync();
            await Visible(p.GetByTestId("inbox-item").First);
        }),
        new(Page("notifications"), "add channel dialog", async p =>
        {
            await p.GetByTestId("channel-add").ClickAsync();
            await Visible(p.GetByTestId("channel-submit"));
        }),
        new(Page("notifications"), "add rule dialog", async p =>
        {
            await p.GetByTestId("rule-add").ClickAsync();
            await Visible(p.GetByTestId("rule-submit"));
        }),
        new(Page("documents"), "document dialog", async p =>
        {
            await p.GetByTestId("document-row").First.ClickAsync();
            await Visible(p.GetByTestId("document-content"));
        }),
    ];

    private static AuditedPage Page(string name) => AuditedPages.Admin.Single(p => p.Name == name);

    private static ILocator Row(IPage page, string label) => page.Locator($"[data-testid='account-row'][data-label='{label}']");

    private static async Task RowActionAsync(IPage page, string label, string action)
    {
        await Row(page, label).GetByTestId("account-menu").ClickAsync();
        await page.GetByTestId(action).ClickAsync();
    }

    private static Task Visible(ILocator locator) => Assertions.Expect(locator).ToBeVisibleAsync();
}
