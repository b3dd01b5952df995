using Connectors.Tests.Fakes;
using Connectors.Tests.Infrastructure;

namespace Connectors.Tests.Connectors.Confluence;

/// <summary>Preview against the fake Confluence: the most recently modified pages of the account's spaces, newest
/// first, in one search (<c>order by lastmodified desc</c>) — and nothing stored or moved.</summary>
public sealed class ConfluencePreviewTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Monday = new(2026, 10, 5, 9, 0, 0, TimeSpan.Zero);

    private FakeConfluenceApi _api = null!;
    private FakeProviderServer _server = null!;
    private ConnectorsTestBed _bed = null!;

    public async ValueTask InitializeAsync()
    {
        _api = new FakeConfluenceApi { MaxLimit = 25 };
        _server = await FakeProviderServer.StartAsync(_api);
        _bed = await ConfluenceTestBed.CreateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _bed.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Preview_NewestPagesOfTheAccountsSpaces_StoresNothing()
    {
        var runbook = _api.AddPage("ENG", "Runbook", "<p>Restart it.</p>", Monday);
        _api.AddPage("ENG", "Design", "<p>Boxes and arrows.</p>", Monday.AddHours(1));
        _api.AddPage("HR", "Holidays", "<p>Many.</p>", Monday.AddHours(5));
        _api.AddPage("ENG", "Old notes", "<p>Stale.</p>", Monday.AddDays(-10));
        var account = (await _bed.CreateConfluenceAccountAsync(ConfluenceTestBed.Form(_server.BaseUrl, spaces: "ENG"))).AccountId;
        await _bed.SyncAsync(account);
        _api.Edit(runbook.Id, "<p>Restart it, then <strong>page</strong> the on-call.</p>", Monday.AddHours(9));
        var before = await PreviewFootprint.ReadAsync(_bed, _bed.Acme, account);
        var searches = _server.CountRequests("/wiki/rest/api/content/search");

        var preview = await _bed.PreviewAsync(_bed.Acme, account, limit: 2);

        preview.Error.ShouldBeNull();
        preview.Items.Select(i => i.Title).ShouldBe(["Runbook", "Design"]);
        preview.Items[0].Excerpt.ShouldBe("Restart it, then page the on-call.");
        preview.Items[0].Date.ShouldBe(Monday.AddHours(9).UtcDateTime);
        _server.CountRequests("/wiki/rest/api/content/search").ShouldBe(searches + 1);
        (await PreviewFootprint.ReadAsync(_bed, _bed.Acme, account)).ShouldBe(before);
        (await _bed.DocumentsAsync()).Single(d => d.Title == "Runbook").Content.ShouldBe("Restart it.");
    }
}
