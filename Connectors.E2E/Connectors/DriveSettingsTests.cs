using Connectors.E2E.Accessibility;
using Connectors.E2E.Infrastructure;
using Connectors.Tests.Fakes;
using Microsoft.Playwright;

namespace Connectors.E2E.Connectors;

/// <summary>
/// A Google Drive account's Settings in a real browser, against the fake Drive: the folders listed live by path, the
/// shared drives' list appearing only once "Chosen shared drives" is picked (with its own options, not those of the field
/// that was in its place), the choice saved and shown again on reopening — then the next sync holds exactly the files of
/// the chosen folders, one of them in the chosen shared drive. The dialog passes axe at desktop and phone
/// width.
/// </summary>
public sealed class DriveSettingsTests
{
    [Fact]
    public async Task ChoosingAFolderAndASharedDrive_InTheSettingsDialog_IsKeptAndTheNextSyncHoldsExactlyThose()
    {
        var drive = new FakeGoogleDriveApi();
        var projects = drive.AddFolder("Projects");
        drive.AddDoc("Roadmap", "Q1: filters.", parent: projects);
        drive.AddDoc("Lunch menu", "Soup.");
        var engineering = drive.AddSharedDrive("Engineering");
        drive.AddSharedDrive("Finance");
        var specs = drive.AddFolder("Specs", parent: engineering);
        drive.AddDoc("Design notes", "Shared drives are opt-in.", parent: specs);
        await using var provider = await OAuthRoundTripTests.StartProviderAsync(drive);
        await using var browser = await BrowserSession.StartAsync();
        await using var app = OAuthRoundTripTests.DriveApp(provider);
        await AdminSignIn.OpenAsync(browser, app, "/admin/connectors");
        var page = browser.Page;
        var add = new AddAccountDialogPage(page);
        await add.OpenAsync("google-drive");
        await add.LabelAsync("Team drive");
        await add.SubmitAsync();
        await OAuthRoundTripTests.AllowAtTheProviderAsync(page, app);
        var row = AdminSignIn.Row(page, "Team drive");
        await Assertions.Expect(row.Locator("[data-col='Last outcome']")).ToContainTextAsync("Succeeded", new() { Timeout = BrowserSession.SyncTimeoutMs });
        await page.Locator(".mud-snackbar-close-button").First.ClickAsync();

        await AdminSignIn.ActionAsync(page, row, "action-settings");
        var folders = page.GetByTestId("list-folders.include");
        await Assertions.Expect(folders.GetByTestId("discovered-option")).ToHaveTextAsync(["Engineering / Specs", "Projects"]);
        await Assertions.Expect(page.GetByTestId("list-shared_drives.include")).ToHaveCountAsync(0);
        await folders.Locator($"[data-testid='discovered-option'][data-value='{projects}']").ClickAsync();
        await folders.Locator($"[data-testid='discovered-option'][data-value='{specs}']").ClickAsync();
        await add.SelectAsync("field-shared_drives", "Chosen shared drives");
        var drives = page.GetByTestId("list-shared_drives.include");
        await Assertions.Expect(drives.GetByTestId("discovered-option")).ToHaveTextAsync(["Engineering", "Finance"]);
        await drives.Locator($"[data-testid='discovered-option'][data-value='{engineering}']").ClickAsync();
        await Assertions.Expect(drives.GetByTestId("list-value")).ToHaveTextAsync(["Engineering"]); // Its name, not its id.
        var audit = new AxeAudit();
        await audit.ScanAsync(page, "drive settings dialog (desktop)");
        await browser.ScreenshotAsync("drive-settings-dialog");
        await page.SetViewportSizeAsync(390, 844);
        await audit.ScanAsync(page, "drive settings dialog (phone)");
        await browser.ScreenshotAsync("drive-settings-dialog-phone");
        await page.SetViewportSizeAsync(1280, 900);
        audit.AssertNoSeriousViolation();
        await page.GetByTestId("settings-submit").ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Settings of “Team drive” saved.");

        await AdminSignIn.ActionAsync(page, row, "action-settings");
        await Assertions.Expect(page.GetByTestId("list-folders.include").GetByTestId("list-value")).ToHaveCountAsync(2);
        await Assertions.Expect(page.GetByTestId("list-shared_drives.include").Locator($"[data-testid='list-value'][data-value='{engineering}']")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByTestId("settings-submit")).ToHaveCountAsync(0);

        var account = await app.AccountIdAsync("Team drive");
        await app.RunSyncAsync(account);
        (await app.DocumentTitlesAsync(account)).ShouldBe(["Design notes", "Roadmap"]);
    }
}
