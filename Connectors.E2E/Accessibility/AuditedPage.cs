using Microsoft.Playwright;

namespace Connectors.E2E.Accessibility;

/// <summary>A page the accessibility audit opens: the <c>@page</c> route it covers, its address, and the condition
/// that says its content has loaded. Static pages never mark <c>data-interactive</c>, so they are not waited on for it.</summary>
public sealed record AuditedPage(string Name, string Route, Func<AuditData, string> Path, Func<IPage, Task> Loaded, bool Interactive = true)
{
    public async Task OpenAsync(IPage page, string baseUrl, AuditData data)
    {
        await page.GotoAsync(baseUrl + Path(data));
        if (Interactive)
        {
            await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("data-interactive", "true");
        }

        await Loaded(page);
    }
}

/// <summary>What the seeded app holds that a page's address needs.</summary>
public sealed record AuditData(Guid SyncedAccountId);
