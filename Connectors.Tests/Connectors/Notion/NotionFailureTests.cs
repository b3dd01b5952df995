using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Tests.Fakes;
using static Connectors.Tests.Fakes.FakeNotionBlock;

namespace Connectors.Tests.Connectors.Notion;

/// <summary>Notion's failures as the sync engine sees them: rate limits retried at Notion's time,
/// revoked access needing a reconnect.</summary>
public sealed class NotionFailureTests : NotionTests
{
    [Fact]
    public async Task Sync_SearchRateLimitedWithRetryAfter90_FailsRateLimitedRetriesAt90SecondsWithTheCursorKept()
    {
        var page = Notion.AddPage("Handbook", Paragraph("v1"));
        var (account, _, _) = await ConnectAsync();
        await RunAsync(account);
        var cursor = await CursorAsync(account);
        Notion.Edit(page, p => p.Blocks[0] = Paragraph("v2"));
        Server.FailNext("/v1/search", 429, TimeSpan.FromSeconds(90));

        var limited = await RunAsync(account);

        (limited.Status, limited.ErrorCategory).ShouldBe((SyncRunStatus.Failed, SyncErrorCategory.RateLimited));
        var retry = (await RunsAsync(account)).Single(r => r.Status == SyncRunStatus.Queued);
        (retry.Trigger, retry.Attempt, retry.NotBefore).ShouldBe((SyncTrigger.Retry, 2, Now.AddSeconds(90))); // Retry-After beats the 60 s backoff.
        (await CursorAsync(account)).ShouldBe(cursor);

        var retried = await RunQueuedRetryAsync(account);

        (retried.Status, retried.Updated).ShouldBe((SyncRunStatus.Succeeded, 1));
        (await DocumentsAsync()).ShouldHaveSingleItem().Content.ShouldBe("v2");
        (await CursorAsync(account)).ShouldBe(new DateTimeOffset(page.LastEditedTime));
    }

    [Fact]
    public async Task Sync_AccessRevoked_FailsWithAuthAndTheAccountNeedsReconnect()
    {
        Notion.AddPage("Handbook", Paragraph("v1"));
        var (account, _, _) = await ConnectAsync();
        Server.OAuth.RevokeAll();

        var run = await RunAsync(account);

        (run.Status, run.ErrorCategory).ShouldBe((SyncRunStatus.Failed, SyncErrorCategory.Auth));
        (await AccountAsync(account)).Status.ShouldBe(InstallationStatus.NeedsReconnect);
        (await RunsAsync(account)).ShouldNotContain(r => r.Status == SyncRunStatus.Queued);
        (await DocumentsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Sync_ExpiredTokenRevoked_RefreshRefusedFailsWithAuth()
    {
        Notion.AddPage("Handbook", Paragraph("v1"));
        var (account, _, _) = await ConnectAsync();
        Bed.Clock.Advance(TimeSpan.FromHours(2)); // The stored access token has expired: a refresh is due.
        Server.OAuth.RevokeAll();

        var run = await RunAsync(account);

        (run.Status, run.ErrorCategory).ShouldBe((SyncRunStatus.Failed, SyncErrorCategory.Auth));
        Server.OAuth.RefreshCount(FakeNotionApi.Provider).ShouldBe(1);
        Notion.TokenRequests.Last().ShouldBe(new FakeNotionTokenRequest(true, true, false, "refresh_token"));
        (await AccountAsync(account)).Status.ShouldBe(InstallationStatus.NeedsReconnect);
    }
}
