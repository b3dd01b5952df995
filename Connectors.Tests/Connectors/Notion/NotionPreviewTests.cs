using Connectors.Tests.Infrastructure;
using static Connectors.Tests.Fakes.FakeNotionBlock;

namespace Connectors.Tests.Connectors.Notion;

/// <summary>Preview against the fake Notion: the most recently edited pages, newest first, read with their block
/// text as a sync reads them; archived pages left out — and nothing stored or moved.</summary>
public sealed class NotionPreviewTests : NotionTests
{
    [Fact]
    public async Task Preview_RecentlyEditedPagesFirst_WithBlockText_StoresNothing()
    {
        var runbook = Notion.AddPage("Runbook", Paragraph("Restart the api"));
        Notion.AddPage("Roadmap", Paragraph("Ship search"));
        var (account, _, _) = await ConnectAsync();
        await RunAsync(account);
        var team = Notion.AddPage("Team", Paragraph("Who we are"));
        Notion.Edit(runbook, p => p.Blocks[0] = Paragraph("Restart the api and the worker"));
        Notion.Archive(team);
        var before = await PreviewFootprint.ReadAsync(Bed, Bed.Acme, account);

        var preview = await Bed.PreviewAsync(Bed.Acme, account, limit: 2);

        preview.Error.ShouldBeNull();
        preview.Items.Select(i => i.Title).ShouldBe(["Runbook", "Roadmap"]);
        preview.Items[0].Excerpt.ShouldBe("Restart the api and the worker");
        preview.Items[0].Date.ShouldBe(DateTime.SpecifyKind(runbook.LastEditedTime, DateTimeKind.Utc));
        (await PreviewFootprint.ReadAsync(Bed, Bed.Acme, account)).ShouldBe(before);
        (await DocumentsAsync()).Single(d => d.Title == "Runbook").Content.ShouldBe("Restart the api");
    }
}
