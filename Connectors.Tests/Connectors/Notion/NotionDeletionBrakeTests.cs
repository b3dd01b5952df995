using Connectors.Tests.Infrastructure;
using static Connectors.Tests.Fakes.FakeNotionBlock;

namespace Connectors.Tests.Connectors.Notion;

/// <summary>Notion's complete listing through the deletion brake: one page deleted goes; a workspace that suddenly
/// shares almost nothing (an expired share) holds the removals until an admin decides.</summary>
public sealed class NotionDeletionBrakeTests : NotionTests
{
    [Fact]
    public async Task ASmallDeletionGoesThrough_AnAlmostEmptyListingIsHeld_AndApplyingRemovesExactlyTheHeldSet()
    {
        var pages = Enumerable.Range(1, 60).Select(n => Notion.AddPage($"Page {n:00}", Paragraph($"Text {n}"))).ToList();
        var (account, _, _) = await ConnectAsync();
        (await RunAsync(account)).Added.ShouldBe(60);

        Notion.Delete(pages[0]);
        DeletionBrakeChecks.ShouldHaveGoneThrough(await RunAsync(account), removed: 1);

        pages.Skip(2).ToList().ForEach(Notion.Delete);
        var held = await RunAsync(account);

        await DeletionBrakeChecks.ShouldBeHeldThenApplyRemovesExactlyTheHeldSetAsync(Bed, account, held, held: 58);
        (await DocumentsAsync()).ShouldHaveSingleItem().Title.ShouldBe("Page 02");
    }
}
