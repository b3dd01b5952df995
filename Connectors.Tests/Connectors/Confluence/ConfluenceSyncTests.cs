using Connectors.Domain.Connectors.Confluence;
using Connectors.Domain.Sync;
using Connectors.Tests.Fakes;
using Connectors.Tests.Infrastructure;

namespace Connectors.Tests.Connectors.Confluence;

/// <summary>Syncing a Confluence site through the sync runner: the first run lists every page across
/// pagination, later runs fetch only what changed and remove deleted pages.</summary>
public sealed class ConfluenceSyncTests : ConfluenceSiteTests
{
    private static readonly DateTimeOffset Monday = new(2026, 10, 5, 9, 0, 0, TimeSpan.Zero);

    protected override FakeConfluenceApi NewApi() => new() { MaxLimit = 25 };

    [Fact]
    public async Task FirstSync_PagesAcrossPagination_EveryPageIngestedAsText()
    {
        var welcome = Api.AddPage("ENG", "Welcome", "<h1>Hello</h1><p>Read <strong>this</strong> &amp; that.</p><ul><li>one</li><li>two</li></ul>",
            Monday, author: "Grace Hopper", email: "grace@acme.test");
        for (var i = 1; i < 60; i++)
        {
            Api.AddPage(i % 2 == 0 ? "ENG" : "HR", $"Page {i:00}", $"<p>Body {i}</p>", Monday.AddMinutes(i));
        }

        var run = await Bed.SyncAsync(await CreateAsync());

        (run.Status, run.Kind, run.Seen, run.Added, run.ProgressTotal).ShouldBe((SyncRunStatus.Succeeded, SyncKind.Full, 60, 60, (int?)60));
        Server.CountRequests("/wiki/rest/api/content/search").ShouldBe(3); // 25 + 25 + 10, following _links.next.
        var documents = await Bed.DocumentsAsync();
        documents.Count.ShouldBe(60);
        var document = documents.Single(d => d.ExternalId == welcome.Id);
        document.Title.ShouldBe("Welcome");
        document.Content.ShouldBe("Hello\n\nRead this & that.\n\n• one\n• two");
        document.SourceUrl.ShouldBe($"{Server.BaseUrl}/wiki/spaces/ENG/pages/{welcome.Id}/Welcome");
        document.Author.ShouldBe("grace@acme.test");
        document.SourceCreatedAt.ShouldBe(Monday.UtcDateTime);
        document.SourceUpdatedAt.ShouldBe(Monday.UtcDateTime);
        documents.Single(d => d.Title == "Page 07").Author.ShouldBe("Ada Lovelace"); // No visible email: the display name.
    }

    [Fact]
    public async Task FirstSync_SpaceKeys_OnlyThoseSpacesIngested()
    {
        Api.AddPage("ENG", "Runbook", "<p>Restart it.</p>", Monday);
        Api.AddPage("HR", "Holidays", "<p>Many.</p>", Monday);
        Api.AddPage("OPS", "Pager", "<p>Beep.</p>", Monday);

        await Bed.SyncAsync(await CreateAsync(spaces: "ENG, OPS"));

        (await Bed.DocumentsAsync()).Select(d => d.Title).ShouldBe(["Pager", "Runbook"]);
        Server.Requests.ShouldContain(r => r.Contains(Uri.EscapeDataString("space in (\"ENG\",\"OPS\")"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task IncrementalSync_EditedNewAndTrashedPages_OnlyChangesFetchedAndTheTrashedOneRemoved()
    {
        var kept = Api.AddPage("ENG", "Kept", "<p>Same.</p>", Monday);
        var edited = Api.AddPage("ENG", "Edited", "<p>Before.</p>", Monday.AddHours(1));
        var trashed = Api.AddPage("ENG", "Trashed", "<p>Soon gone.</p>", Monday.AddHours(2));
        for (var i = 0; i < 30; i++)
        {
            Api.AddPage("ENG", $"Old {i:00}", "<p>Old.</p>", Monday.AddMinutes(i));
        }

        var account = await CreateAsync();
        await Bed.SyncAsync(account);
        Api.Edit(edited.Id, "<p>After.</p>", Monday.AddDays(1));
        Api.AddPage("ENG", "Brand new", "<p>New.</p>", Monday.AddDays(1).AddMinutes(5));
        Api.Trash(trashed.Id);
        Server.Requests.Clear();

        var run = await Bed.SyncAsync(account);

        (run.Status, run.Kind, run.Seen, run.Added, run.Updated, run.Removed).ShouldBe((SyncRunStatus.Succeeded, SyncKind.Incremental, 2, 1, 1, 1));
        var documents = await Bed.DocumentsAsync();
        documents.Select(d => d.ExternalId).ShouldNotContain(trashed.Id);
        documents.Single(d => d.ExternalId == edited.Id).Content.ShouldBe("After.");
        documents.ShouldContain(d => d.ExternalId == kept.Id);
        documents.Count.ShouldBe(33);
        // The cursor is the latest version.when seen (11:00) minus the 10-minute overlap.
        var searches = Server.Requests.Where(r => r.Contains("/content/search", StringComparison.Ordinal)).ToList();
        searches.Where(r => r.Contains("expand=", StringComparison.Ordinal))
            .ShouldAllBe(r => r.Contains(Uri.EscapeDataString("lastmodified >= \"2026-10-05 10:50\""), StringComparison.Ordinal));
        // Deleted pages vanish from search: the ids of all 34 pages are listed without bodies (25 per answer).
        searches.Count(r => !r.Contains("expand=", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public async Task IncrementalSync_NothingChanged_OnlyTheOverlapReReadAndTheCursorStays()
    {
        Api.AddPage("ENG", "Quiet", "<p>Nothing happens.</p>", Monday);
        var account = await CreateAsync();
        await Bed.SyncAsync(account);
        var cursor = (await Bed.VaultAsync(account))!.Extra[ConfluenceCursor.Key]!.ToJsonString();

        var run = await Bed.SyncAsync(account);

        // The page at the cursor falls in the overlap window: read again, unchanged by its hash.
        (run.Kind, run.Seen, run.Added, run.Updated, run.Removed).ShouldBe((SyncKind.Incremental, 1, 0, 0, 0));
        (await Bed.VaultAsync(account))!.Extra[ConfluenceCursor.Key]!.ToJsonString().ShouldBe(cursor);
    }

    // CQL reads dates in the site's time zone: written in UTC, "09:10" in Los Angeles would be 16:10 UTC
    // and the edit at 09:30 UTC would be missed.
    [Fact]
    public async Task IncrementalSync_SiteInAnotherTimeZone_EditJustAfterTheCursorIsFetched()
    {
        Api.TimeZone = "America/Los_Angeles";
        var page = Api.AddPage("ENG", "Notes", "<p>v1</p>", Monday);
        var account = await CreateAsync();
        await Bed.SyncAsync(account);
        Api.Edit(page.Id, "<p>v2</p>", Monday.AddMinutes(30));

        var run = await Bed.SyncAsync(account);

        run.Updated.ShouldBe(1);
        (await Bed.DocumentsAsync()).Single().Content.ShouldBe("v2");
        Server.Requests.ShouldContain(r => r.Contains(Uri.EscapeDataString("lastmodified >= \"2026-10-05 01:50\""), StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_RateLimitedWithRetryAfter120_RateLimitedFailureAndRetryQueuedAt120Seconds()
    {
        Api.AddPage("ENG", "Busy", "<p>Busy.</p>", Monday);
        var account = await CreateAsync();
        Server.FailNext("/wiki/rest/api/content/search", 429, TimeSpan.FromSeconds(120));
        var now = Bed.Clock.GetUtcNow().UtcDateTime;

        var run = await Bed.SyncAsync(account);

        (run.Status, run.ErrorCategory).ShouldBe((SyncRunStatus.Failed, (SyncErrorCategory?)SyncErrorCategory.RateLimited));
        var retry = (await Bed.RunsAsync(account)).Single(r => r.Status == SyncRunStatus.Queued);
        (retry.Trigger, retry.NotBefore).ShouldBe((SyncTrigger.Retry, (DateTime?)now.AddSeconds(120)));
        (await Bed.DocumentsAsync()).ShouldBeEmpty();
        (await Bed.VaultAsync(account))!.Extra.ContainsKey(ConfluenceCursor.Key).ShouldBeFalse();
    }

    [Fact]
    public async Task FullSync_MoreResultPagesThanTheLimit_PartialSuccessWithoutRemovalsOrCursor()
    {
        await using var bed = await ConfluenceTestBed.CreateAsync(new Dictionary<string, string?> { ["Connectors:Confluence:MaxResultPages"] = "2" });
        for (var i = 0; i < 60; i++)
        {
            Api.AddPage("ENG", $"Page {i:00}", "<p>Body</p>", Monday.AddMinutes(i));
        }

        var outcome = await bed.CreateConfluenceAccountAsync(ConfluenceTestBed.Form(Server.BaseUrl));
        var run = await bed.SyncAsync(outcome.AccountId);

        (run.Status, run.Added, run.Removed).ShouldBe((SyncRunStatus.PartiallySucceeded, 50, 0));
        run.ErrorMessage.ShouldNotBeNull().ShouldContain("after 2 result pages");
        (await bed.VaultAsync(outcome.AccountId))!.Extra.ContainsKey(ConfluenceCursor.Key).ShouldBeFalse();
    }

    private async Task<Guid> CreateAsync(string? spaces = null)
    {
        var outcome = await Bed.CreateConfluenceAccountAsync(ConfluenceTestBed.Form(Server.BaseUrl, spaces: spaces));
        outcome.Succeeded.ShouldBeTrue(outcome.Error);
        return outcome.AccountId;
    }
}
