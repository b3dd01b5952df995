using Connectors.Domain.Tenancy;
using Connectors.E2E.Account;
using Connectors.E2E.Infrastructure;
using Connectors.E2E.Support;
using Microsoft.Playwright;

namespace Connectors.E2E.Connectors;

/// <summary>A member is refused the admin area; hostile strings typed into the UI render as text.</summary>
public sealed class AccessAndEscapingTests
{
    private const string Xss = "<img src=x onerror=\"window.__xss=1\">";

    [Fact]
    public async Task Member_OpeningTheAdminArea_GetsTheForbiddenPage()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        await app.AddUserAsync("member@acme.test", "Member-Passw0rd-1", TenantRole.Member);
        var login = new LoginPage(browser.Page, app.BaseUrl);
        await login.OpenAsync();
        await login.SignInAsync("member@acme.test", "Member-Passw0rd-1");
        await Assertions.Expect(browser.Page.GetByTestId("signed-in-email")).ToBeVisibleAsync();
        await Assertions.Expect(browser.Page.GetByTestId("open-admin")).ToHaveCountAsync(0);

        var response = await browser.Page.GotoAsync($"{app.BaseUrl}/admin/connectors");

        response!.Status.ShouldBe(403);
        await Assertions.Expect(browser.Page.Locator("h1")).ToHaveTextAsync("Access denied");
        await Assertions.Expect(browser.Page.GetByTestId("connector-card-imap")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("member-forbidden");
    }

    [Fact]
    public async Task XssStringAsLabel_IsRefusedByTheFieldAndNothingRuns()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var page = browser.Page;
        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors");
        var dialog = new AddAccountDialogPage(page);
        await dialog.OpenAsync("imap");

        await dialog.LabelAsync(Xss);
        await dialog.FieldAsync("host", "imap.acme.test");
        await dialog.FieldAsync("username", "support@acme.test");
        await dialog.FieldAsync("password", "app-password-123");
        await dialog.SubmitAsync();

        await Assertions.Expect(dialog.Dialog).ToContainTextAsync("Label must start with a letter or digit");
        await Assertions.Expect(dialog.Input("account-label")).ToHaveValueAsync(Xss);
        await Assertions.Expect(page.Locator("img[src='x']")).ToHaveCountAsync(0);
        (await page.EvaluateAsync<bool>("() => window.__xss === undefined")).ShouldBeTrue();
        await Assertions.Expect(page.GetByTestId("account-row")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("xss-label");
    }

    [Fact]
    public async Task XssStringAsImpersonationReason_ShowsInTheBannerAsText()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var page = browser.Page;
        var login = new LoginPage(page, app.BaseUrl);
        await login.OpenAsync();
        await login.SignInAsync(LiveApp.SupportEmail, LiveApp.SupportPassword);
        await Assertions.Expect(page.GetByTestId("open-support")).ToBeVisibleAsync();
        var tenants = new SupportTenantsPage(page, app.BaseUrl);
        await tenants.OpenAsync();

        await tenants.ImpersonateAsync("acme", Xss, fullAccess: false);

        await Assertions.Expect(tenants.Banner).ToContainTextAsync(Xss);
        await Assertions.Expect(page.Locator("img[src='x']")).ToHaveCountAsync(0);
        (await page.EvaluateAsync<bool>("() => window.__xss === undefined")).ShouldBeTrue();
    }
}
