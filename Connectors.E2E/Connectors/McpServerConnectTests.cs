using Connectors.E2E.Infrastructure;
using Connectors.Tests.Fakes;
using Microsoft.Playwright;

namespace Connectors.E2E.Connectors;

/// <summary>
/// A remote MCP server as a source, end to end in a real browser: a server built with the official SDK, protected by a
/// local OAuth authorization server that publishes its metadata, registers clients dynamically and shows a consent page.
/// Add account (only the server's URL typed) → discovery and registration → the consent page, with PKCE and the resource
/// → Allow → the app's callback → the account is Active and its first sync lists the server's text resources as
/// documents in the chosen project.
/// </summary>
public sealed class McpServerConnectTests
{
    [Fact]
    public async Task AddMcpServer_OnlyItsUrlTyped_ConsentAtItsAuthorizationServer_FirstSyncIngestsItsResourcesIntoTheProject()
    {
        var authorization = new FakeMcpAuthorization();
        await using var auth = await FakeProviderServer.StartAsync(authorization);
        await using var mcp = await FakeMcpResourceServer.StartAsync();
        mcp.ProtectWith(auth);
        auth.OAuth.RequirePkce.Add(FakeMcpAuthorization.ProviderKey);
        auth.OAuth.RequireResource[FakeMcpAuthorization.ProviderKey] = mcp.Url;
        mcp.AddText("wiki://handbook", "Onboarding handbook", "Welcome to Acme. Your first week starts with a tour.");
        mcp.AddText("wiki://runbook", "Incident runbook", "# Paging\nCall the on-call engineer.", "text/markdown");
        mcp.AddBlob("wiki://settings", "Team settings", "{\"standup\":\"09:30\"}"u8.ToArray(), "application/json");
        mcp.AddBlob("wiki://logo", "Logo", [0x89, 0x50, 0x4E, 0x47], "image/png");
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp(new Dictionary<string, string>
        {
            ["Connectors:Network:AllowPrivateHosts"] = "true", // The fake servers listen on loopback.
        });
        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors");
        var page = browser.Page;
        var dialog = new AddAccountDialogPage(page);

        await dialog.OpenAsync("mcp");
        await dialog.LabelAsync("Team wiki");
        await dialog.ProjectAsync("engineering");
        await dialog.FieldAsync("server_url", mcp.Url);
        await browser.ScreenshotAsync("mcp-add-account");
        await dialog.SubmitAsync();

        await Assertions.Expect(page.GetByTestId("consent-text")).ToContainTextAsync("resources:read", new() { Timeout = BrowserSession.SyncTimeoutMs });
        page.Url.ShouldStartWith(auth.OAuth.AuthorizeEndpoint(FakeMcpAuthorization.ProviderKey));
        page.Url.ShouldContain("code_challenge_method=S256");
        page.Url.ShouldContain($"resource={Uri.EscapeDataString(mcp.Url)}");
        var clientId = authorization.Clients.Keys.ShouldHaveSingleItem();
        page.Url.ShouldContain($"client_id={clientId}");
        await browser.ScreenshotAsync("mcp-consent");
        await page.GetByTestId("consent-allow").ClickAsync(new() { Timeout = BrowserSession.SyncTimeoutMs });
        await page.WaitForURLAsync($"{app.BaseUrl}/admin/connectors**", new() { Timeout = BrowserSession.SyncTimeoutMs });
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");

        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("“Team wiki” is connected to MCP server");
        var row = AdminSignIn.Row(page, "Team wiki");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "active");
        await Assertions.Expect(row.Locator("[data-col='Project']")).ToContainTextAsync("engineering");
        await Assertions.Expect(row.Locator("[data-col='Last outcome']")).ToContainTextAsync("Succeeded", new() { Timeout = BrowserSession.SyncTimeoutMs });
        await browser.ScreenshotAsync("mcp-connected");
        auth.OAuth.CodeExchanges.ShouldHaveSingleItem().CodeVerifier.ShouldNotBeNullOrEmpty();

        await page.GotoAsync($"{app.BaseUrl}/admin/documents");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        await page.GetByTestId("documents-project").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasText = "(engineering)" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("document-row")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByText("Onboarding handbook")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Incident runbook")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Team settings")).ToBeVisibleAsync();
        await browser.ScreenshotAsync("mcp-documents");
    }
}
