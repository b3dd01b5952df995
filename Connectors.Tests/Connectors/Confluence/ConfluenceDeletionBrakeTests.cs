using Connectors.Tests.Infrastructure;

namespace Connectors.Tests.Connectors.Confluence;

/// <summary>Confluence's deletions (trashed pages, found by the id check) through the deletion brake: one trashed page
/// goes; a space that suddenly lost almost everything holds the removals until an admin decides.</summary>
public sealed class ConfluenceDeletionBrakeTests : ConfluenceSiteTests
{
    private static readonly DateTimeOffset Monday = new(2026, 10, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ASmallDeletionGoesThrough_AnAlmostEmptySpaceIsHeld_AndApplyingRemovesExactlyTheHeldSet()
    {
        var pages = Enumerable.Range(1, 60).Select(n => Api.AddPage("ENG", $"Page {n:00}", $"<p>Body {n}</p>", Monday.AddMinutes(n))).ToList();
        var outcome = await Bed.CreateConfluenceAccountAsync(ConfluenceTestBed.Form(Server.BaseUrl));
        outcome.Succeeded.ShouldBeTrue(outcome.Error);
        var account = outcome.AccountId;
        (await Bed.SyncAsync(account)).Added.ShouldBe(60);

        Api.Trash(pages[0].Id);
        DeletionBrakeChecks.ShouldHaveGoneThrough(await Bed.SyncAsync(account), removed: 1);

        pages.Skip(2).ToList().ForEach(p => Api.Trash(p.Id));
        var held = await Bed.SyncAsync(account);

        await DeletionBrakeChecks.ShouldBeHeldThenApplyRemovesExactlyTheHeldSetAsync(Bed, account, held, held: 58);
        (await Bed.DocumentsAsync()).ShouldHaveSingleItem().Title.ShouldBe("Page 02");
    }
}
