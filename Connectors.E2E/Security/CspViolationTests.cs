using Connectors.E2E.Account;
using Connectors.E2E.Infrastructure;

namespace Connectors.E2E.Security;

/// <summary>The browser tests' CSP check itself: an injected inline script is blocked by the app's policy,
/// reported, and would fail the test that caused it.</summary>
public sealed class CspViolationTests
{
    [Fact]
    public async Task InlineScriptInjection_OnAnAppPage_IsBlockedAndFailsTheTest()
    {
        await using var browser = await BrowserSession.StartAsync();
        await using var app = new LiveApp();
        var page = browser.Page;
        await new LoginPage(page, app.BaseUrl).OpenAsync();

        var reported = page.WaitForConsoleMessageAsync(new() { Predicate = m => BrowserSession.IsViolation(m.Text) });
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.injected = true'; document.body.appendChild(s); }");
        await reported;

        (await page.EvaluateAsync<bool>("() => window.injected === true")).ShouldBeFalse();
        var failure = await Should.ThrowAsync<Exception>(browser.DisposeAsync().AsTask());
        failure.Message.ShouldContain("Content-Security-Policy");
        failure.Message.ShouldContain("script-src");
    }
}
