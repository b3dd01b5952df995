using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Connectors.Tests.Web;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

/// <summary>The seed works on the real app's database too, so a test of a surface over the summary (the API's
/// list endpoint) can time it at 1,000 accounts.</summary>
public sealed class SummarySeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SeedAsync_RealAppDatabase_SpreadsTheAccountsOverTheShippedConnectors()
    {
        await using var app = new ConnectorsAppFactory();
        var acme = await WebSession.AcmeAsync(app);

        var seeded = await SummarySeed.SeedAsync(app.Services, acme, 40, Ct);

        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(acme);
        scope.ServiceProvider.GetRequiredService<ActorContext>().Use("test-admin", TenantRole.Admin);
        var summary = await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetSummaryAsync(Ct);
        summary.Select(c => (c.Key, c.Accounts.Count)).OrderBy(c => c.Key).ShouldBe(
            [("confluence", 8), ("google-drive", 8), ("imap", 8), ("mcp", 8), ("notion", 8)]);
        summary.SelectMany(c => c.Accounts).Select(a => (a.Id, a.LastRun?.Id)).ShouldBe(
            seeded.Accounts.Select(a => (a.Id, a.LastRunId)), ignoreOrder: true);
    }
}
