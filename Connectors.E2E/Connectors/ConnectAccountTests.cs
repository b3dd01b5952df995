using Connectors.E2E.Account;
using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Connectors;

/// <summary>Connecting IMAP accounts through the schema-driven dialog (fake ping server).</summary>
public sealed class ConnectAccountTests
{
    [Fact]
    public async Task Connect_SupportBoundToAcmeHr_RowTurnsActive()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var dialog = await OpenDialogAsync(browser, app);

        await dialog.LabelAsync("Support");
        await dialog.ProjectAsync("acme-hr");
        await dialog.FieldAsync("host", "imap.acme.test");
        await dialog.FieldAsync("username", "support@acme.test");
        await dialog.FieldAsync("password", "app-password-123");
        await browser.ScreenshotAsync("add-account-dialog");
        await dialog.SubmitAsync();

        var row = browser.Page.GetByTestId("account-row");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "active");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-label", "Support");
        await Assertions.Expect(row).ToContainTextAsync("acme-hr");
        (await browser.Page.ContentAsync()).ShouldNotContain("app-password-123");
    }

    [Fact]
    public async Task Connect_HostThatFails_ShowsTheErrorInlineKeepsValuesButTheSecret()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var dialog = await OpenDialogAsync(browser, app);

        await dialog.LabelAsync("Support");
        await dialog.FieldAsync("host", "fail.example.com");
        await dialog.FieldAsync("username", "support@acme.test");
        await dialog.FieldAsync("password", "app-password-123");
        await dialog.SubmitAsync();

        await Assertions.Expect(dialog.FormError).ToContainTextAsync("refused the login");
        await Assertions.Expect(dialog.Input("field-host")).ToHaveValueAsync("fail.example.com");
        await Assertions.Expect(dialog.Input("field-password")).ToHaveValueAsync("");
        await browser.ScreenshotAsync("add-account-error");
        await Assertions.Expect(browser.Page.Locator("[data-testid='account-row'][data-status='active']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Connect_LabelAlreadyTaken_NamesTheLabel()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await app.AddImapAccountAsync("Support", "acme-hr");
        var dialog = await OpenDialogAsync(browser, app);

        await dialog.LabelAsync("Support");
        await dialog.FieldAsync("host", "imap.acme.test");
        await dialog.FieldAsync("username", "other@acme.test");
        await dialog.FieldAsync("password", "app-password-123");
        await dialog.SubmitAsync();

        await Assertions.Expect(dialog.Dialog).ToContainTextAsync("An account labelled 'Support' already exists for this connector.");
    }

    [Fact]
    public async Task WorkedExample_SupportAndSalesThenASecondSupport_TwoRowsAndADuplicateError()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var dialog = await OpenDialogAsync(browser, app);
        await FillAsync(dialog, "Support", "acme-hr", "support@acme.test");
        await dialog.SubmitAsync();
        await Assertions.Expect(AdminSignIn.Row(browser.Page, "Support")).ToHaveAttributeAsync("data-status", "active");

        await dialog.OpenAsync("imap");
        await FillAsync(dialog, "Sales", null, "sales@acme.test");
        await dialog.SubmitAsync();
        var sales = AdminSignIn.Row(browser.Page, "Sales");
        await Assertions.Expect(sales).ToHaveAttributeAsync("data-status", "active");
        await Assertions.Expect(sales).ToContainTextAsync("tenant default (default)");

        await dialog.OpenAsync("imap");
        await FillAsync(dialog, "support", "engineering", "other@acme.test");
        await dialog.SubmitAsync();

        await Assertions.Expect(dialog.Dialog).ToContainTextAsync("An account labelled 'support' already exists for this connector.");
        await browser.ScreenshotAsync("add-account-duplicate");
        await browser.Page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(browser.Page.GetByTestId("account-row")).ToHaveCountAsync(2);
        await Assertions.Expect(AdminSignIn.Row(browser.Page, "Support")).ToContainTextAsync("acme-hr");
    }

    private static async Task FillAsync(AddAccountDialogPage dialog, string label, string? project, string username)
    {
        await dialog.LabelAsync(label);
        if (project is not null)
        {
            await dialog.ProjectAsync(project);
        }

        await dialog.FieldAsync("host", "imap.acme.test");
        await dialog.FieldAsync("username", username);
        await dialog.FieldAsync("password", "app-password-123");
    }

    [Fact]
    public async Task Dialog_SwitchingToOAuth2_HidesTheServerAndPasswordFields()
    {
        await using var browser = await BrowserSession.StartAsync();
        // OAuth2 is offered only where the deployment has a client for a provider.
        await using var app = new LiveApp(new Dictionary<string, string> { ["Connectors:OAuth:google:ClientId"] = "e2e-client" });
        var dialog = await OpenDialogAsync(browser, app);
        await Assertions.Expect(dialog.Input("field-host")).ToBeVisibleAsync();

        await browser.Page.GetByTestId("field-auth_mode").ClickAsync();
        await browser.Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "OAuth2" }).ClickAsync();

        await Assertions.Expect(browser.Page.Locator("[data-testid='field-host']")).ToHaveCountAsync(0);
        await Assertions.Expect(browser.Page.Locator("[data-testid='field-password']")).ToHaveCountAsync(0);
        await Assertions.Expect(browser.Page.GetByTestId("field-xoauth2_provider")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Dialog_WithoutAnOAuth2Client_ShowsOAuth2DisabledWithAPlainReason_AndTheSettingOnlyForOperators()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await OpenDialogAsync(browser, app);

        await browser.Page.GetByTestId("field-auth_mode").ClickAsync();
        var option = browser.Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "OAuth2" });
        await Assertions.Expect(option).ToContainTextAsync("not available on this deployment");
        await Assertions.Expect(option).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("mud-list-item-disabled"));
        await browser.Page.Keyboard.PressAsync("Escape");
        var reason = browser.Page.GetByTestId("unavailable-auth_mode-xoauth2");
        await Assertions.Expect(reason).ToContainTextAsync("ask your platform administrator");
        await Assertions.Expect(reason.Locator("details")).Not.ToHaveAttributeAsync("open", "");
        await Assertions.Expect(reason.Locator("details")).ToContainTextAsync("Connectors:OAuth:google:ClientId");
    }

    private static async Task<AddAccountDialogPage> OpenDialogAsync(BrowserSession browser, LiveApp app)
    {
        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors");
        var dialog = new AddAccountDialogPage(browser.Page);
        await dialog.OpenAsync("imap");
        return dialog;
    }
}
