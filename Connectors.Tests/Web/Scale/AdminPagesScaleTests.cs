using System.Globalization;
using Connectors.Domain.Data;
using Connectors.Tests.Infrastructure;
using Connectors.Tests.Installations;
using Connectors.Tests.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Web.Scale;

/// <summary>
/// Issue 15, item 4, for the server's part of a page load: the overview, the accounts table and the connectors page
/// cost the same SQL commands at 10, 1,000 and 5,000 accounts in a tenant, and their HTML stays far under 300 KB —
/// the table pages on the server, the cards show their first rows, the overview lists its most urgent items. The
/// figures print side by side.
/// </summary>
public sealed class AdminPagesScaleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Pages = ["/admin", "/admin/accounts", "/admin/connectors"];

    private const int MaxHtmlBytes = 300 * 1024;

    [Fact]
    public async Task AdminPages_TenThousandAndFiveThousandAccounts_ConstantSqlAndBoundedHtml()
    {
        var capture = new CommandCapture();
        await using var app = new ConnectorsAppFactory(new Dictionary<string, string?>
        {
            ["Connectors:Sync:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        }, services: s => s.ConfigureDbContext<SqliteConnectorsDbContext>(o => o.AddInterceptors(capture)));
        using var browser = await WebSession.StartAsync(app, Who.SuperAdmin);
        var acme = await WebSession.AcmeAsync(app);
        var figures = new List<(int Accounts, string Page, int Commands, int Bytes)>();
        var seeded = 0;
        foreach (var size in new[] { 10, 1_000, 5_000 })
        {
            await SummarySeed.SeedAsync(app.Services, acme, size - seeded, Ct, labelPrefix: $"Scale{size}");
            seeded = size;
            foreach (var page in Pages)
            {
                (await browser.GetAsync(page, Ct)).EnsureSuccessStatusCode();
                capture.Clear();
                capture.Recording = true;
                using var response = await browser.GetAsync(page, Ct);
                capture.Recording = false;
                response.EnsureSuccessStatusCode();
                var html = await response.Content.ReadAsByteArrayAsync(Ct);
                figures.Add((size, page, capture.Commands.Count, html.Length));
            }
        }

        var table = string.Join("\n", Pages.Select(page => string.Create(CultureInfo.InvariantCulture,
            $"{page,-18} {string.Join("   ", figures.Where(f => f.Page == page).Select(f => $"{f.Accounts,5:N0}: {f.Commands,2} SQL, {f.Bytes / 1024.0,6:0.0} KiB HTML"))}")));
        TestContext.Current.TestOutputHelper?.WriteLine($"Server side of a page load (prerendered HTML; 300 KiB is the goal):\n{table}");
        foreach (var page in Pages)
        {
            var counts = figures.Where(f => f.Page == page).Select(f => f.Commands).Distinct().ToList();
            counts.Count.ShouldBe(1, $"{page}: the SQL commands must not grow with the accounts ({table})");
        }

        figures.ShouldAllBe(f => f.Bytes < MaxHtmlBytes, table);
    }
}
