using Connectors.E2E.Account;
using Connectors.E2E.Infrastructure;
using Microsoft.Playwright;

namespace Connectors.E2E.Accessibility;

/// <summary>Issue 15, item 10: an admin who uses only the keyboard adds an account and runs a bulk action. Every step
/// moves focus with Tab (or Shift+Tab) and acts with Enter or Space — no click; focus is visible on each control it
/// lands on, the password's reveal button is reached by Tab, and a menu closes with Escape.</summary>
public sealed class KeyboardOnlyTests
{
    private const int MaxTabs = 80;

    [Fact]
    public async Task KeyboardOnly_AddsAnAccount_ThenPausesItWithABulkAction()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var page = browser.Page;
        var login = new LoginPage(page, app.BaseUrl);
        await login.OpenAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(LiveApp.AdminEmail);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(LiveApp.AdminPassword);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("attention-count")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");

        // The user menu opens with Enter and closes with Escape.
        await TabToAsync(page, "[data-testid='user-menu'] button");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("sign-out")).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.GetByTestId("sign-out")).ToBeHiddenAsync();

        await TabToAsync(page, "[data-testid='nav-connectors']");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"{app.BaseUrl}/admin/connectors");
        await TabToAsync(page, "[data-testid='add-account-imap']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("input[data-testid='account-label']")).ToBeVisibleAsync(); // The form shows once loaded.
        await TabToAsync(page, "input[data-testid='account-label']");
        await page.Keyboard.TypeAsync("Keyboard");
        await TabToAsync(page, "input[data-testid='field-host']");
        await page.Keyboard.TypeAsync("imap.acme.test");
        await TabToAsync(page, "input[data-testid='field-username']");
        await page.Keyboard.TypeAsync("keyboard@acme.test");
        await TabToAsync(page, "input[data-testid='field-password']");
        await page.Keyboard.TypeAsync(LiveApp.ImapPassword);
        // The reveal button is the next stop after the password.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator(":focus")).ToHaveAttributeAsync("aria-label", "Show or hide the password");
        await TabToAsync(page, "[data-testid='connect-submit']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid='account-row'][data-label='Keyboard']")).ToBeVisibleAsync();

        await page.GotoAsync($"{app.BaseUrl}/admin/accounts?q=keyboard");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        await Assertions.Expect(page.GetByTestId("account-row")).ToHaveCountAsync(1);
        await TabToAsync(page, "[data-testid='select-account']");
        await page.Keyboard.PressAsync("Space");
        await Assertions.Expect(page.GetByTestId("bulk-bar")).ToBeVisibleAsync();
        await TabToAsync(page, "[data-testid='bulk-pause']", backwards: true);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("bulk-item")).ToHaveAttributeAsync("data-outcome", "will-apply");
        await TabToAsync(page, "[data-testid='bulk-confirm']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.GetByTestId("bulk-item")).ToHaveAttributeAsync("data-outcome", "applied");
        await TabToAsync(page, "[data-testid='bulk-done']");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid='account-row'][data-label='Keyboard']")).ToHaveAttributeAsync("data-status", "paused");
    }

    /// <summary>Presses Tab (Shift+Tab backwards) until the focused element matches <paramref name="selector"/>, then
    /// checks the focus is visible there (an outline or a box shadow).</summary>
    private static async Task TabToAsync(IPage page, string selector, bool backwards = false)
    {
        for (var i = 0; i < MaxTabs; i++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                // Text boxes show focus with the caret and their field's highlighted border; every other control needs a ring.
                var ring = await page.EvaluateAsync<string>(
                    "() => { const a = document.activeElement; if (a.matches('input:not([type=checkbox]):not([type=radio]), textarea')) return 'text box';"
                    + " const s = getComputedStyle(a); return s.outlineStyle + ' ' + s.outlineWidth + ' | ' + s.boxShadow; }");
                ring.ShouldNotBe("none 0px | none", $"focus on {selector} must be visible");
                return;
            }

            await page.Keyboard.PressAsync(backwards ? "Shift+Tab" : "Tab");
        }

        throw new ShouldAssertException($"{selector} was not reached with {MaxTabs} presses of {(backwards ? "Shift+Tab" : "Tab")}.");
    }
}
