using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Connectors.E2E.Infrastructure;

/// <summary>Headless system Chromium (never a downloaded browser) with one page. A Content-Security-Policy
/// violation on the page — Chromium's console report or the page's <c>securitypolicyviolation</c> event —
/// fails the test when the session is disposed, so every browser test runs the app's CSP as a check.</summary>
public sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>How the page's own violation listener prefixes what it logs.</summary>
    public const string ViolationMarker = "CSP violation:";

    private const string ViolationListener =
        "document.addEventListener('securitypolicyviolation', e => console.error('" + ViolationMarker + " ' + " +
        "e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' in ' + e.sourceFile + ':' + e.lineNumber));";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly ConcurrentQueue<string> _violations = new();
    private bool _disposed;

    private BrowserSession(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    /// <summary>How long an expectation may wait for its condition: generous, since it returns as soon as the
    /// condition holds — on two shared cores a circuit or a render can take seconds.</summary>
    public const float ExpectTimeoutMs = 30_000;

    /// <summary>For a condition that waits on a sync (or an OAuth round trip) to finish on a loaded machine.</summary>
    public const float SyncTimeoutMs = 60_000;

    public static async Task<BrowserSession> StartAsync()
    {
        BrowserRequirement.EnsureAvailable();
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserRequirement.ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        Assertions.SetDefaultExpectTimeout(ExpectTimeoutMs);
        page.SetDefaultTimeout(SyncTimeoutMs);
        var session = new BrowserSession(playwright, browser, page);
        page.Console += (_, message) =>
        {
            if (IsViolation(message.Text))
            {
                session._violations.Enqueue(message.Text);
            }
        };
        await page.AddInitScriptAsync(ViolationListener);
        return session;
    }

    public static bool IsViolation(string consoleText) =>
        consoleText.StartsWith(ViolationMarker, StringComparison.Ordinal)
        || consoleText.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase);

    /// <summary>The violations reported so far, which then no longer fail the test (for a test that
    /// provokes one on purpose).</summary>
    public IReadOnlyList<string> TakeCspViolations()
    {
        var taken = new List<string>();
        while (_violations.TryDequeue(out var violation))
        {
            taken.Add(violation);
        }

        return taken;
    }

    /// <summary>Waits until no animation or transition runs (a theme switch, a drawer, a popover opening), so a
    /// screenshot shows the settled page — a condition, not a fixed pause.</summary>
    public Task SettledAsync() => Settled(Page);

    public static Task Settled(IPage page) =>
        page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running')");

    /// <summary>Saves a full-page screenshot under the test output's <c>screenshots/</c> folder.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "screenshots", name + ".png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _browser.DisposeAsync();
        _playwright.Dispose();
        var violations = TakeCspViolations();
        if (violations.Count > 0)
        {
            Assert.Fail("The page broke the Content-Security-Policy:\n" + string.Join('\n', violations.Distinct()));
        }
    }
}
