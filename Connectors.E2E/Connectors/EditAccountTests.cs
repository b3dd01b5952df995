using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Connectors;

/// <summary>The edit dialog: rebinding and renaming an account, and the server's refusal inline.</summary>
public sealed class EditAccountTests
{
    [Fact]
    public async Task Edit_RebindFromAcmeHrToEngineering_RowShowsEngineering()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await app.AddImapAccountAsync("Support", "acme-hr");
        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors");
        var row = AdminSignIn.Row(browser.Page, "Support");
        await Assertions.Expect(row).ToContainTextAsync("acme-hr");

        await AdminSignIn.ActionAsync(browser.Page, row, "action-edit");
        var dialog = new AddAccountDialogPage(browser.Page);
        await Assertions.Expect(dialog.Input("account-label")).ToHaveValueAsync("Support");
        await dialog.ProjectAsync("engineering");
        await browser.ScreenshotAsync("edit-account-dialog");
        await browser.Page.GetByTestId("edit-submit").ClickAsync();

        await Assertions.Expect(browser.Page.GetByTestId("edit-submit")).ToHaveCountAsync(0);
        await Assertions.Expect(row).ToContainTextAsync("engineering");
        await Assertions.Expect(row).Not.ToContainTextAsync("acme-hr");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "active");
        await browser.ScreenshotAsync("edit-account-rebound");
    }

    [Fact]
    public async Task Edit_LabelHeldByAnotherAccount_NamesTheLabelAndStaysOpen()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await app.AddImapAccountAsync("Support", "acme-hr");
        await app.AddImapAccountAsync("Sales", null);
        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors");

        await AdminSignIn.ActionAsync(browser.Page, AdminSignIn.Row(browser.Page, "Sales"), "action-edit");
        var dialog = new AddAccountDialogPage(browser.Page);
        await dialog.LabelAsync("support");
        await browser.Page.GetByTestId("edit-submit").ClickAsync();

        await Assertions.Expect(dialog.Dialog).ToContainTextAsync("An account labelled 'support' already exists for this connector.");
        await Assertions.Expect(browser.Page.GetByTestId("edit-submit")).ToBeVisibleAsync();
        await Assertions.Expect(dialog.Input("account-label")).ToHaveValueAsync("support");
        await browser.ScreenshotAsync("edit-account-duplicate");
        await Assertions.Expect(AdminSignIn.Row(browser.Page, "Sales")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Edit_CustomCadenceBelowFiveMinutes_ShowsTheFieldErrorAndAPresetSaves()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await app.AddImapAccountAsync("Support", "acme-hr");
        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors");

        await AdminSignIn.ActionAsync(browser.Page, AdminSignIn.Row(browser.Page, "Support"), "action-edit");
        var dialog = new AddAccountDialogPage(browser.Page);
        await browser.Page.GetByTestId("account-cadence-choice").ClickAsync();
        await Assertions.Expect(browser.Page.Locator(".mud-popover-open .mud-list-item").First).ToHaveTextAsync("Inherit (15 min default)");
        await browser.SettledAsync();
        await browser.ScreenshotAsync("edit-account-cadence-choices");
        await browser.Page.Locator(".mud-popover-open .mud-list-item").GetByText("Custom…", new() { Exact = true }).ClickAsync();
        await dialog.Input("account-cadence").FillAsync("4");
        await dialog.Input("account-cadence").BlurAsync();
        await browser.Page.GetByTestId("edit-submit").ClickAsync();

        await Assertions.Expect(dialog.Dialog).ToContainTextAsync("The sync cadence must be between 5 minutes and 7 days (10080 minutes)");
        await Assertions.Expect(browser.Page.GetByTestId("edit-submit")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("edit-account-cadence-error");

        await dialog.SelectAsync("account-cadence-choice", "Every 1 day");
        await browser.Page.GetByTestId("edit-submit").ClickAsync();
        await Assertions.Expect(browser.Page.GetByTestId("edit-submit")).ToHaveCountAsync(0);
    }
}
