using System.Net.Http.Headers;
using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Account;

/// <summary>Personal access tokens in a real browser: made on the user's page, shown once, usable against the
/// API, and refused once revoked.</summary>
public sealed class AccessTokensTests
{
    [Fact]
    public async Task CreateUseAndRevoke_TokenShownOnceWorksAgainstTheApiUntilRevoked()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var login = new LoginPage(browser.Page, app.BaseUrl);
        await login.OpenAsync();
        await login.SignInAsync(LiveApp.AdminEmail, LiveApp.AdminPassword);
        var page = browser.Page;
        await page.GotoAsync($"{app.BaseUrl}/account/manage/tokens");

        await page.GetByTestId("token-name").FillAsync("nightly export");
        await page.GetByTestId("token-create").ClickAsync();

        var token = (await page.GetByTestId("token-value").TextContentAsync())!.Trim();
        token.ShouldStartWith("cka_");
        await Assertions.Expect(page.GetByTestId("token-row")).ToHaveAttributeAsync("data-name", "nightly export");
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await page.GetByTestId("token-copy").ClickAsync();
        await Assertions.Expect(page.GetByTestId("token-copy")).ToHaveTextAsync("Copied");
        (await page.EvaluateAsync<string>("() => navigator.clipboard.readText()")).ShouldBe(token);
        await browser.ScreenshotAsync("tokens-created");
        using var api = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await api.GetAsync("/api/admin/connectors", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(System.Net.HttpStatusCode.OK);

        await page.GotoAsync($"{app.BaseUrl}/account/manage/tokens"); // Coming back later: the token is not shown again.
        await Assertions.Expect(page.GetByTestId("token-value")).ToHaveCountAsync(0);
        (await page.ContentAsync()).ShouldNotContain(token);
        await page.GetByTestId("token-revoke").ClickAsync();

        await Assertions.Expect(page.GetByTestId("token-row")).ToHaveAttributeAsync("data-state", "revoked");
        await browser.ScreenshotAsync("tokens-revoked");
        (await api.GetAsync("/api/admin/connectors", TestContext.Current.CancellationToken)).StatusCode.ShouldBe(System.Net.HttpStatusCode.Unauthorized);
    }
}
