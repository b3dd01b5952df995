using Connectors.Domain.Accounts;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Connectors.Tests.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Installations;

/// <summary>The connectors page's bounded cards (issue 15, item 4): each connector with its count and only its first
/// accounts by label, for a constant number of SQL commands whatever the tenant's size.</summary>
public sealed class ConnectorCardsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetCards_ThousandAccounts_EachCardHoldsItsFirstRowsByLabelAndTheCount_InConstantSql()
    {
        var capture = new CommandCapture();
        await using var bed = await SummaryBenchmark.CreateBedAsync(capture, productionLogging: false);
        await SummarySeed.SeedAsync(bed, bed.Acme, 10, Ct);
        var small = await CountAsync(bed, capture);
        var seeded = await SummarySeed.SeedAsync(bed, bed.Acme, 990, Ct, labelPrefix: "More");
        var large = await CountAsync(bed, capture);

        var cards = await CardsAsync(bed);
        var all = await SummaryAsync(bed);

        TestContext.Current.TestOutputHelper?.WriteLine($"SQL commands: {small} at 10 accounts, {large} at 1,000.");
        large.ShouldBe(small);
        cards.Sum(c => c.AccountCount).ShouldBe(1_000);
        foreach (var card in cards)
        {
            var full = all.Single(c => c.Key == card.Key);
            card.AccountCount.ShouldBe(full.Accounts.Count);
            card.Accounts.Count.ShouldBe(Math.Min(5, full.Accounts.Count));
            card.Accounts.Select(a => a.Id).ShouldBe(full.Accounts.Take(5).Select(a => a.Id), $"{card.Key}: the first rows by label");
            card.Accounts.ShouldBe(full.Accounts.Take(5), $"{card.Key}: the same rows as the full summary, newest runs included");
        }

        seeded.Accounts.Count.ShouldBe(990);
    }

    private static async Task<int> CountAsync(ConnectorsTestBed bed, CommandCapture capture)
    {
        await CardsAsync(bed);
        capture.Clear();
        capture.Recording = true;
        await CardsAsync(bed);
        capture.Recording = false;
        return capture.Commands.Count;
    }

    private static async Task<IReadOnlyList<ConnectorSummary>> CardsAsync(ConnectorsTestBed bed)
    {
        await using var scope = bed.As(bed.Acme, TenantRole.Admin);
        return await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetCardsAsync(5, Ct);
    }

    private static async Task<IReadOnlyList<ConnectorSummary>> SummaryAsync(ConnectorsTestBed bed)
    {
        await using var scope = bed.As(bed.Acme, TenantRole.Admin);
        return await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetSummaryAsync(Ct);
    }
}
