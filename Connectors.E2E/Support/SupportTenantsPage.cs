using Microsoft.Playwright;

namespace Connectors.E2E.Support;

/// <summary>Page object for <c>/support/tenants</c> and its impersonation dialog.</summary>
public sealed class SupportTenantsPage(IPage page, string baseUrl)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync($"{baseUrl}/support/tenants");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
    }

    /// <summary>Opens the dialog for <paramref name="slug"/>, fills it and starts; lands on the tenant's connectors page.</summary>
    public async Task ImpersonateAsync(string slug, string reason, bool fullAccess)
    {
        await page.GetByTestId($"impersonate-{slug}").ClickAsync();
        var start = page.GetByTestId("impersonation-start");
        await Assertions.Expect(start).ToBeDisabledAsync();
        await page.Locator("[data-testid='impersonation-reason'] textarea, textarea[data-testid='impersonation-reason']").First.FillAsync(reason);
        if (fullAccess)
        {
            await page.GetByTestId("mode-full-access").ClickAsync();
        }

        await Assertions.Expect(start).ToBeEnabledAsync();
        await start.ClickAsync();
        await page.WaitForURLAsync($"{baseUrl}/admin");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
    }

    public ILocator Banner => page.GetByTestId("impersonation-banner");
}
