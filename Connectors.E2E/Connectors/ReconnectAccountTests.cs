using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Connectors;

/// <summary>Reconnect re-runs the schema dialog on the same account: label fixed, non-secret values
/// prefilled from its config, the secret asked again.</summary>
public sealed class ReconnectAccountTests
{
    [Fact]
    public async Task Reconnect_PendingAccountAfterFixingTheHost_SameRowTurnsActive()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var id = await app.AddPendingImapAccountAsync("Support", "acme-hr");
        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors");
        var row = AdminSignIn.Row(browser.Page, "Support");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "pending");

        await AdminSignIn.ActionAsync(browser.Page, row, "action-reconnect");
        var dialog = new AddAccountDialogPage(browser.Page);
        await Assertions.Expect(dialog.Input("account-label")).ToHaveValueAsync("Support");
        await Assertions.Expect(dialog.Input("account-label")).Not.ToBeEditableAsync();
        await Assertions.Expect(dialog.Input("field-host")).ToHaveValueAsync("fail.example.com");
        await Assertions.Expect(dialog.Input("field-username")).ToHaveValueAsync("support@acme.test");
        await Assertions.Expect(dialog.Input("field-password")).ToHaveValueAsync("");
        await Assertions.Expect(browser.Page.GetByTestId("account-project")).ToContainTextAsync("acme-hr");
        await dialog.FieldAsync("host", "imap.acme.test");
        await dialog.FieldAsync("password", "app-password-123");
        await browser.ScreenshotAsync("reconnect-dialog");
        await dialog.SubmitAsync();

        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "active");
        await Assertions.Expect(browser.Page.GetByTestId("account-row")).ToHaveCountAsync(1);
        await Assertions.Expect(row.GetByTestId("account-link")).ToHaveAttributeAsync("href", $"/admin/connectors/accounts/{id}");
        await Assertions.Expect(row).ToContainTextAsync("acme-hr");
        await browser.ScreenshotAsync("reconnect-active");
        (await browser.Page.ContentAsync()).ShouldNotContain("app-password-123");
    }
}
