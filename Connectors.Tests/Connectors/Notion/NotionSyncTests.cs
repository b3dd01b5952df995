using Connectors.Domain.Sync;
using Connectors.Tests.Fakes;
using static Connectors.Tests.Fakes.FakeNotionBlock;

namespace Connectors.Tests.Connectors.Notion;

/// <summary>Syncing a Notion workspace: the first full walk, incremental runs that read only what was
/// edited, and removal of pages archived, trashed or deleted upstream.</summary>
public sealed class NotionSyncTests : NotionTests
{
    private const string OnboardingText = """
        # Welcome
        First day checklist
        - Laptop
          - Charger
          - Badge
        [x] Sign contract
        Ask for a buddy
        Lunch at noon
        """;

    [Fact]
    public async Task FirstSync_PagesAcrossSearchPages_IngestsEveryPageWithNestedBlockTextIntoTheBoundProject()
    {
        var w = Seed();
        var (account, _, _) = await ConnectAsync(projectKey: "engineering");

        var run = await RunAsync(account);

        (run.Status, run.Kind, run.Seen, run.Added).ShouldBe((SyncRunStatus.Succeeded, SyncKind.Full, 5, 5));
        run.ProgressCurrent.ShouldBe(5);
        Server.CountRequests("/v1/search").ShouldBe(3); // five pages, two per answer
        var documents = await DocumentsAsync();
        documents.Select(d => d.Title).ShouldBe(["On-call", "Onboarding", "Roadmap Q3", "Runbook", "Team"]);
        documents.ShouldAllBe(d => d.ProjectKey == "engineering");
        var onboarding = documents.Single(d => d.ExternalId == w.Onboarding.Id);
        onboarding.Content.ShouldBe(OnboardingText);
        (onboarding.SourceUrl, onboarding.SourceUpdatedAt, onboarding.SourceCreatedAt)
            .ShouldBe((w.Onboarding.Url, w.Onboarding.LastEditedTime, w.Onboarding.CreatedTime));
        // Six top-level blocks, two per answer; the list item's children are read on their own.
        BlockReads(w.Onboarding.Id).ShouldBe(3);
        BlockReads(w.Onboarding.Blocks[2].Id).ShouldBe(1);
        documents.Single(d => d.ExternalId == w.Runbook.Id).Content.ShouldBe("```bash\nsystemctl restart api\n```\n> Page the on-call first");
        // A sub-page is its own document: listed by title in its parent, its blocks read once.
        documents.Single(d => d.ExternalId == w.Team.Id).Content.ShouldBe("Who we are\nPage: On-call");
        documents.Single(d => d.ExternalId == w.OnCall.Id).Content.ShouldBe("Rotation is weekly");
        BlockReads(w.OnCall.Id).ShouldBe(1);
    }

    [Fact]
    public async Task IncrementalSync_AfterEditAddAndArchive_ReadsBlocksOnlyOfChangedPagesAndRemovesTheArchivedOne()
    {
        var w = Seed();
        var (account, _, _) = await ConnectAsync();
        await RunAsync(account);
        var newestBefore = Notion.Pages.MaxBy(p => p.LastEditedTime)!;
        Notion.Edit(w.Runbook, p => p.Blocks[0] = Code("bash", "systemctl restart api worker"));
        var added = Notion.AddPage("Postmortem", Paragraph("Root cause: disk full"));
        Notion.Archive(w.Team);
        var before = Server.Requests.Count;

        var run = await RunAsync(account);

        (run.Status, run.Kind).ShouldBe((SyncRunStatus.Succeeded, SyncKind.Incremental));
        (run.Added, run.Updated, run.Removed).ShouldBe((1, 1, 1));
        // Notion rounds edit times down to the minute, so the page at the cursor's minute is read again
        // (unchanged: no update); the untouched others cost no block call.
        BlockReadsSince(before).ShouldBe([w.Runbook.Id, added.Id, newestBefore.Id], ignoreOrder: true);
        var documents = await DocumentsAsync();
        documents.Select(d => d.Title).ShouldBe(["On-call", "Onboarding", "Postmortem", "Roadmap Q3", "Runbook"]);
        documents.Single(d => d.ExternalId == w.Runbook.Id).Content.ShouldStartWith("```bash\nsystemctl restart api worker\n```");
        documents.Single(d => d.ExternalId == added.Id).Content.ShouldBe("Root cause: disk full");
    }

    [Fact]
    public async Task IncrementalSync_NothingChanged_ReadsOnlyTheCursorsMinute()
    {
        Seed();
        var (account, _, _) = await ConnectAsync();
        await RunAsync(account);
        var before = Server.Requests.Count;

        var run = await RunAsync(account);

        (run.Added, run.Updated, run.Removed).ShouldBe((0, 0, 0));
        BlockReadsSince(before).ShouldBe([Notion.Pages.MaxBy(p => p.LastEditedTime)!.Id]);
        Server.Requests.Skip(before).Count(r => r.StartsWith("POST /v1/search", StringComparison.Ordinal)).ShouldBe(3);
    }

    [Fact]
    public async Task IncrementalSync_EditLaterInTheCursorsMinute_IsNotMissed()
    {
        Notion.Tick = TimeSpan.FromSeconds(10); // All of this happens within one minute.
        var page = Notion.AddPage("Notes", Paragraph("draft"));
        Notion.AddPage("Other", Paragraph("other"));
        var (account, _, _) = await ConnectAsync();
        await RunAsync(account);

        Notion.Edit(page, p => p.Blocks[0] = Paragraph("final"));
        var run = await RunAsync(account);

        run.Updated.ShouldBe(1);
        (await DocumentsAsync()).Single(d => d.Title == "Notes").Content.ShouldBe("final");
    }

    [Fact]
    public async Task IncrementalSync_PageDeletedUpstream_RemovesItsDocumentAfterTheCompleteListing()
    {
        var w = Seed();
        var (account, _, _) = await ConnectAsync();
        await RunAsync(account);

        Notion.Delete(w.Roadmap);
        var run = await RunAsync(account);

        run.Removed.ShouldBe(1);
        (await DocumentsAsync()).ShouldNotContain(d => d.ExternalId == w.Roadmap.Id);
    }

    [Fact]
    public async Task IncrementalSync_FailingMidway_KeepsWhatWasIngestedRemovesNothingKeepsTheCursorAndTheRetryCatchesUp()
    {
        var w = Seed();
        var (account, _, _) = await ConnectAsync();
        await RunAsync(account);
        var cursor = await CursorAsync(account);
        Notion.Delete(w.Roadmap);
        Notion.Edit(w.OnCall, p => p.Title = "On-call rota");
        Notion.Edit(w.Onboarding, p => p.Title = "Onboarding guide");
        Notion.Edit(w.Runbook, p => p.Title = "Runbook v2");
        Server.FailNext($"/v1/blocks/{w.OnCall.Id}", 503); // On the second page of the listing.

        var failed = await RunAsync(account);

        (failed.Status, failed.ErrorCategory).ShouldBe((SyncRunStatus.Failed, SyncErrorCategory.Transient));
        var documents = await DocumentsAsync();
        documents.Select(d => d.Title).ShouldBe(["On-call", "Onboarding guide", "Roadmap Q3", "Runbook v2", "Team"]);
        (await CursorAsync(account)).ShouldBe(cursor);

        var retried = await RunQueuedRetryAsync(account);

        (retried.Status, retried.Updated, retried.Removed).ShouldBe((SyncRunStatus.Succeeded, 1, 1));
        (await DocumentsAsync()).Select(d => d.Title).ShouldBe(["On-call rota", "Onboarding guide", "Runbook v2", "Team"]);
        (await CursorAsync(account)).ShouldBe(new DateTimeOffset(w.Runbook.LastEditedTime));
    }

    [Fact]
    public async Task Sync_PageWhoseBlocksAreNotFound_IsCountedFailedAndReadAgainNextTime()
    {
        var w = Seed();
        Server.FailNext($"/v1/blocks/{w.Runbook.Id}", 404);
        var (account, _, _) = await ConnectAsync();

        var first = await RunAsync(account);
        var second = await RunAsync(account);

        (first.Status, first.Added, first.Failed).ShouldBe((SyncRunStatus.PartiallySucceeded, 4, 1));
        first.ErrorMessage.ShouldNotBeNull().ShouldContain("1 Notion page(s) could not be read");
        (second.Status, second.Added).ShouldBe((SyncRunStatus.Succeeded, 1));
        (await DocumentsAsync()).Count.ShouldBe(5);
    }

    private string[] BlockReadsSince(int before) =>
        [.. Server.Requests.Skip(before).Where(r => r.Contains("/children", StringComparison.Ordinal))
            .Select(r => r.Split('/')[3]).Distinct()];

    /// <summary>Five pages (two per search answer, two blocks per children answer), oldest edit first.</summary>
    private Workspace Seed()
    {
        Notion.MaxPageSize = 2;
        var onCall = Notion.AddPage("On-call", Paragraph("Rotation is weekly"));
        var onboarding = Notion.AddPage("Onboarding",
            Heading(1, "Welcome"),
            Paragraph("First day ", "checklist"),
            Bullet("Laptop", Bullet("Charger"), Bullet("Badge")),
            ToDo("Sign contract", done: true),
            Paragraph("Ask for a buddy"),
            Paragraph("Lunch at noon"));
        var team = Notion.AddPage("Team", Paragraph("Who we are"), SubPage(onCall));
        var runbook = Notion.AddPage("Runbook", Code("bash", "systemctl restart api"), new FakeNotionBlock("quote", "Page the on-call first"));
        var roadmap = Notion.AddPage("Roadmap Q3", Paragraph("Ship search"));
        roadmap.TitleProperty = "Name"; // A database row: its title property has the database's name.
        return new Workspace(onCall, onboarding, team, runbook, roadmap);
    }

    private sealed record Workspace(FakeNotionPage OnCall, FakeNotionPage Onboarding, FakeNotionPage Team, FakeNotionPage Runbook, FakeNotionPage Roadmap);
}
