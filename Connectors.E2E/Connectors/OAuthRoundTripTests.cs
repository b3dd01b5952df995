using Connectors.E2E.Infrastructure;
using Connectors.Tests.Fakes;
using Microsoft.Playwright;

namespace Connectors.E2E.Connectors;

/// <summary>
/// The whole OAuth round trip in a real browser against the local fake Google (consent page, token endpoint
/// with PKCE, Drive API): Add account → the provider's consent page → Allow → the app's callback → the
/// account is Active and its first sync ingests the fake Drive's documents into the chosen project.
/// </summary>
public sealed class OAuthRoundTripTests
{
    [Fact]
    public async Task AddGoogleDriveAccount_ConsentAtTheProvider_AccountActiveAndFirstSyncIngestsIntoTheProject()
    {
        var drive = new FakeGoogleDriveApi();
        drive.AddDoc("Onboarding handbook", "Welcome to Acme. Your first week starts with a tour.");
        drive.AddTextFile("release-notes.md", "# 2.4\n- Faster sync", "text/markdown");
        drive.AddSheet("Holiday calendar", "date,name\n2026-12-24,Christmas Eve");
        await using var provider = await StartProviderAsync(drive);
        await using var browser = await BrowserSession.StartAsync();
        await using var app = DriveApp(provider);
        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors");
        var page = browser.Page;
        var dialog = new AddAccountDialogPage(page);

        await dialog.OpenAsync("google-drive");
        await dialog.LabelAsync("Team drive");
        await dialog.ProjectAsync("engineering");
        await browser.ScreenshotAsync("oauth-add-account");
        await dialog.SubmitAsync();

        await Assertions.Expect(page.GetByTestId("consent-text")).ToContainTextAsync("drive.readonly", new() { Timeout = BrowserSession.SyncTimeoutMs });
        page.Url.ShouldStartWith(provider.BaseUrl);
        page.Url.ShouldContain("code_challenge_method=S256");
        await browser.ScreenshotAsync("oauth-consent");
        await AllowAtTheProviderAsync(page, app);
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("“Team drive” is connected to Google Drive");
        var row = AdminSignIn.Row(page, "Team drive");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "active");
        await Assertions.Expect(row.Locator("[data-col='Project']")).ToContainTextAsync("engineering");
        await Assertions.Expect(row.Locator("[data-col='Last outcome']")).ToContainTextAsync("Succeeded", new() { Timeout = BrowserSession.SyncTimeoutMs });
        await browser.ScreenshotAsync("oauth-connected");
        provider.OAuth.CodeExchanges.ShouldHaveSingleItem().CodeVerifier.ShouldNotBeNullOrEmpty();

        await page.GotoAsync($"{app.BaseUrl}/admin/documents");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        await page.GetByTestId("documents-project").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "(engineering)" }).ClickAsync();
        var rows = page.GetByTestId("document-row");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByText("Onboarding handbook")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Holiday calendar")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("oauth-documents");
    }

    [Fact]
    public async Task RevokedGrant_SyncTurnsTheAccountToNeedsReconnect_ReconnectAtTheProviderMakesItActiveAgain()
    {
        var drive = new FakeGoogleDriveApi();
        drive.AddDoc("Onboarding handbook", "Welcome to Acme.");
        await using var provider = await StartProviderAsync(drive);
        await using var browser = await BrowserSession.StartAsync();
        await using var app = DriveApp(provider);
        var page = await AddTeamDriveAsync(browser, app);
        await AllowAtTheProviderAsync(page, app);
        var row = AdminSignIn.Row(page, "Team drive");
        await Assertions.Expect(row.Locator("[data-col='Last outcome']")).ToContainTextAsync("Succeeded", new() { Timeout = BrowserSession.SyncTimeoutMs });

        provider.OAuth.RevokeAll(); // The user removes the app's access at the provider.
        await AdminSignIn.ActionAsync(page, row, "action-sync");

        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "needs-reconnect", new() { Timeout = BrowserSession.SyncTimeoutMs });
        await browser.ScreenshotAsync("oauth-needs-reconnect");
        await AdminSignIn.ActionAsync(page, row, "action-reconnect");
        await AllowAtTheProviderAsync(page, app);

        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "active");
        await Assertions.Expect(page.GetByTestId("account-row")).ToHaveCountAsync(1); // The same account, re-armed.
        await Assertions.Expect(row.Locator("[data-col='Last outcome']")).ToContainTextAsync("Succeeded", new() { Timeout = BrowserSession.SyncTimeoutMs });
        await browser.ScreenshotAsync("oauth-reconnected");
    }

    [Fact]
    public async Task DenyAtTheProvider_ShowsConnectionNotCompleted_AccountStaysPendingWithContinue()
    {
        await using var provider = await StartProviderAsync(new FakeGoogleDriveApi());
        await using var browser = await BrowserSession.StartAsync();
        await using var app = DriveApp(provider);
        var page = await AddTeamDriveAsync(browser, app);

        await page.GetByTestId("consent-deny").ClickAsync(new() { Timeout = BrowserSession.SyncTimeoutMs });

        await Assertions.Expect(page.GetByTestId("oauth-error-message")).ToHaveTextAsync("Access was not granted at the provider (access_denied).");
        await browser.ScreenshotAsync("oauth-denied");
        await page.GetByText("Back to connectors").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        var row = AdminSignIn.Row(page, "Team drive");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "pending");
        await row.GetByTestId("account-menu").ClickAsync();
        await Assertions.Expect(page.GetByTestId("action-reconnect")).ToContainTextAsync("Continue");
        provider.OAuth.TokenRequests.ShouldBeEmpty();
    }

    /// <summary>Signs in and submits the add-account dialog of Google Drive for "Team drive" (tenant default):
    /// the browser is then on the provider's consent page.</summary>
    private static async Task<IPage> AddTeamDriveAsync(BrowserSession browser, LiveApp app)
    {
        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors");
        var dialog = new AddAccountDialogPage(browser.Page);
        await dialog.OpenAsync("google-drive");
        await dialog.LabelAsync("Team drive");
        await dialog.SubmitAsync();
        return browser.Page;
    }

    /// <summary>Clicks Allow on the provider's consent page and waits for the connectors page's circuit.</summary>
    internal static async Task AllowAtTheProviderAsync(IPage page, LiveApp app)
    {
        await page.GetByTestId("consent-allow").ClickAsync(new() { Timeout = BrowserSession.SyncTimeoutMs });
        await page.WaitForURLAsync($"{app.BaseUrl}/admin/connectors**", new() { Timeout = BrowserSession.SyncTimeoutMs });
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
    }

    internal static async Task<FakeProviderServer> StartProviderAsync(FakeGoogleDriveApi drive)
    {
        var provider = await FakeProviderServer.StartAsync(drive);
        provider.OAuth.RequirePkce.Add(FakeGoogleDriveApi.Provider);
        return provider;
    }

    internal static LiveApp DriveApp(FakeProviderServer provider) => new(new Dictionary<string, string>
    {
        ["Connectors:OAuth:google-drive:ClientId"] = FakeOAuthServer.ClientId,
        ["Connectors:OAuth:google-drive:ClientSecret"] = FakeOAuthServer.ClientSecret,
        ["Connectors:OAuth:google-drive:AuthorizeEndpoint"] = provider.OAuth.AuthorizeEndpoint(FakeGoogleDriveApi.Provider),
        ["Connectors:OAuth:google-drive:TokenEndpoint"] = provider.OAuth.TokenEndpoint(FakeGoogleDriveApi.Provider),
        ["Connectors:OAuth:google-drive:RevocationEndpoint"] = provider.OAuth.RevocationEndpoint(FakeGoogleDriveApi.Provider),
        ["Connectors:OAuth:google-drive:ApiBaseUrl"] = provider.BaseUrl + "/",
        ["Connectors:Network:AllowPrivateHosts"] = "true", // The fake provider listens on loopback.
    });
}
