using Connectors.Tests.Fakes;
using Connectors.Tests.Infrastructure;

namespace Connectors.Tests.Connectors.Confluence;

/// <summary>Preview against the fake Confluence: the most recently modified pages of the account's spaces, newest
/// first, in one search (<c>order by lastmodified desc</c>) — and nothing stored or moved.</summary>
public sealed class ConfluencePreviewTests : ConfluenceSiteTests
{
    private static readonly DateTimeOffset Monday = new(2026, 10, 5, 9, 0, 0, TimeSpan.Zero);

    protected override FakeConfluenceApi NewApi() => new() { MaxLimit = 25 };

    [Fact]
    public async Task Preview_NewestPagesOfTheAccountsSpaces_StoresNothing()
    {
        var runbook = Api.AddPage("ENG", "Runbook", "<p>Restart it.</p>", Monday);
        Api.AddPage("ENG", "Design", "<p>Boxes and arrows.</p>", Monday.AddHours(1));
        Api.AddPage("HR", "Holidays", "<p>Many.</p>", Monday.AddHours(5));
        Api.AddPage("ENG", "Old notes", "<p>Stale.</p>", Monday.AddDays(-10));
        var account = (await Bed.CreateConfluenceAccountAsync(ConfluenceTestBed.Form(Server.BaseUrl, spaces: "ENG"))).AccountId;
        await Bed.SyncAsync(account);
        Api.Edit(runbook.Id, "<p>Restart it, then <strong>page</strong> the on-call.</p>", Monday.AddHours(9));
        var before = await PreviewFootprint.ReadAsync(Bed, Bed.Acme, account);
        var searches = Server.CountRequests("/wiki/rest/api/content/search");

        var preview = await Bed.PreviewAsync(Bed.Acme, account, limit: 2);

        preview.Error.ShouldBeNull();
        preview.Items.Select(i => i.Title).ShouldBe(["Runbook", "Design"]);
        preview.Items[0].Excerpt.ShouldBe("Restart it, then page the on-call.");
        preview.Items[0].Date.ShouldBe(Monday.AddHours(9).UtcDateTime);
        Server.CountRequests("/wiki/rest/api/content/search").ShouldBe(searches + 1);
        (await PreviewFootprint.ReadAsync(Bed, Bed.Acme, account)).ShouldBe(before);
        (await Bed.DocumentsAsync()).Single(d => d.Title == "Runbook").Content.ShouldBe("Restart it.");
    }
}
