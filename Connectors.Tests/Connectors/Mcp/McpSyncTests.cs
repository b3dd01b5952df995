using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Mcp;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.Mcp;

/// <summary>Syncing an MCP server's resources: every page by cursor, text and text-like blobs as documents keyed by URI,
/// binaries counted and skipped; unchanged content not rewritten; removals only after a complete listing; 429 → the
/// rate-limited retry; a resource the server will not read counted as failed; preview of the first resources.</summary>
public sealed class McpSyncTests : IAsyncLifetime
{
    private McpTestBed _mcp = null!;

    private DateTime Now => _mcp.Bed.Clock.GetUtcNow().UtcDateTime;

    public async ValueTask InitializeAsync() => _mcp = await McpTestBed.CreateAsync();

    public async ValueTask DisposeAsync() => await _mcp.DisposeAsync();

    [Fact]
    public async Task FirstSync_EveryPage_TextAndTextLikeAsDocumentsKeyedByUri_BinariesSkipped_InTheChosenProject()
    {
        _mcp.Mcp.AddText("docs://handbook", "Handbook", "Welcome aboard");
        _mcp.Mcp.AddText("docs://notes", "Notes", "# Notes", "text/markdown");
        _mcp.Mcp.AddBlob("docs://config", "Config", "{\"a\":1}"u8.ToArray(), "application/json");
        _mcp.Mcp.AddBlob("docs://logo", "Logo", [0x89, 0x50, 0x4E, 0x47], "image/png");
        _mcp.Mcp.AddText("https://wiki.example.com/page/1", "Page one", "First page");
        var accountId = await _mcp.ConnectAsync();

        var run = await _mcp.RunAsync(accountId);

        (run.Status, run.Seen, run.Added, run.Removed).ShouldBe((SyncRunStatus.Succeeded, 5, 4, 0));
        var documents = await _mcp.DocumentsAsync();
        documents.Select(d => (d.ExternalId, d.Title, d.Content)).ShouldBe([
            ("docs://config", "Config", "{\"a\":1}"),
            ("docs://handbook", "Handbook", "Welcome aboard"),
            ("docs://notes", "Notes", "# Notes"),
            ("https://wiki.example.com/page/1", "Page one", "First page"),
        ]);
        documents.ShouldAllBe(d => d.ProjectKey == "acme-hr" && d.ConnectorKey == McpConnector.ConnectorKey);
        documents.Single(d => d.ExternalId.StartsWith("https", StringComparison.Ordinal)).SourceUrl.ShouldBe("https://wiki.example.com/page/1");
        documents.Single(d => d.ExternalId == "docs://notes").MimeType.ShouldBe("text/markdown");
        _mcp.Mcp.Calls.Count(c => c.StartsWith("list", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(3);
        _mcp.Mcp.Calls.ShouldNotContain("read docs://logo");
    }

    [Fact]
    public async Task NextSync_UnchangedNotRewritten_ChangedUpdated_GoneRemoved_ButAStoppedListingRemovesNothing()
    {
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            _mcp.Mcp.AddText($"docs://{name}", name.ToUpperInvariant(), $"Text of {name}");
        }

        var accountId = await _mcp.ConnectAsync();
        await _mcp.RunAsync(accountId);
        var before = (await _mcp.DocumentsAsync()).ToDictionary(d => d.ExternalId, d => d.UpdatedAt);
        _mcp.Bed.Clock.Advance(TimeSpan.FromMinutes(5));
        _mcp.Mcp.AddText("docs://b", "B", "Text of b, edited");
        _mcp.Mcp.Resources.TryRemove("docs://c", out _);

        var second = await _mcp.RunAsync(accountId);

        (second.Seen, second.Added, second.Updated, second.Removed).ShouldBe((4, 0, 1, 1));
        var after = await _mcp.DocumentsAsync();
        after.Select(d => d.ExternalId).ShouldBe(["docs://a", "docs://b", "docs://d", "docs://e"]);
        after.Where(d => d.ExternalId != "docs://b").ShouldAllBe(d => d.UpdatedAt == before[d.ExternalId]);

        _mcp.Mcp.Resources.TryRemove("docs://e", out _);
        _mcp.Mcp.FailAfterListings(1); // The server fails after the first listing page.
        var stopped = await _mcp.RunAsync(accountId);

        stopped.Status.ShouldBe(SyncRunStatus.Failed);
        (await _mcp.DocumentsAsync()).Select(d => d.ExternalId).ShouldContain("docs://e");
    }

    [Fact]
    public async Task RateLimited_429WithRetryAfter_IsTheRateLimitedRetry()
    {
        _mcp.Mcp.AddText("docs://a", "A", "Alpha");
        var accountId = await _mcp.ConnectAsync();
        _mcp.Mcp.RateLimitNext(TimeSpan.FromSeconds(120), times: 50);

        var failed = await _mcp.RunAsync(accountId);

        (failed.Status, failed.ErrorCategory).ShouldBe((SyncRunStatus.Failed, SyncErrorCategory.RateLimited));
        var retry = (await _mcp.RunsAsync(accountId)).Where(r => r.Status == SyncRunStatus.Queued).ShouldHaveSingleItem();
        (retry.Trigger, retry.NotBefore).ShouldBe((SyncTrigger.Retry, Now.AddSeconds(120)));
        failed.ErrorMessage.ShouldNotBeNull().ShouldContain("rate limiting");
    }

    [Fact]
    public async Task AResourceTheServerWillNotRead_IsCountedAsFailed_KeptAndTriedAgain()
    {
        _mcp.Mcp.AddText("docs://a", "A", "Alpha");
        _mcp.Mcp.AddText("docs://b", "B", "Beta");
        var accountId = await _mcp.ConnectAsync();
        await _mcp.RunAsync(accountId);
        _mcp.Mcp.Unreadable["docs://b"] = true;

        var run = await _mcp.RunAsync(accountId);

        (run.Status, run.Failed, run.Removed).ShouldBe((SyncRunStatus.PartiallySucceeded, 1, 0));
        run.ErrorMessage.ShouldBe("The MCP server would not read 1 resource(s); they are tried again on the next sync.");
        (await _mcp.DocumentsAsync()).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Preview_TheFirstTextResources_ReadAsASyncReadsThem_NothingStored()
    {
        _mcp.Mcp.AddBlob("docs://0-logo", "Logo", [1, 2, 3], "image/png");
        _mcp.Mcp.AddText("docs://a", "A", "Alpha text");
        _mcp.Mcp.AddText("docs://b", "B", "Beta text");
        _mcp.Mcp.AddText("docs://c", "C", "Gamma text");
        var accountId = await _mcp.ConnectAsync();

        var items = await _mcp.InScopeAsync(async sp =>
        {
            var account = await AccountAsync(sp, accountId);
            return await ((ISupportsPreview)sp.GetRequiredService<McpConnector>()).PreviewAsync(account, 2, TestContext.Current.CancellationToken);
        });

        items.Select(i => (i.Title, i.Excerpt)).ShouldBe([("A", "Alpha text"), ("B", "Beta text")]);
        (await _mcp.DocumentsAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task Health_SignedInServer_IsHealthy_ARevokedGrant_IsAnAuthFailure()
    {
        var accountId = await _mcp.ConnectAsync();

        var healthy = await _mcp.InScopeAsync(async sp =>
            await sp.GetRequiredService<McpConnector>().HealthAsync(await AccountAsync(sp, accountId), TestContext.Current.CancellationToken));
        _mcp.OAuth.RevokeAll();
        var refused = await _mcp.InScopeAsync(async sp =>
            await sp.GetRequiredService<McpConnector>().HealthAsync(await AccountAsync(sp, accountId), TestContext.Current.CancellationToken));

        healthy.State.ShouldBe(HealthState.Healthy);
        (refused.State, refused.Failure).ShouldBe((HealthState.Unhealthy, HealthFailure.Auth));
    }

    private async Task<ConnectorAccount> AccountAsync(IServiceProvider sp, Guid accountId)
    {
        var summary = await sp.GetRequiredService<global::Connectors.Domain.Accounts.AccountQueries>().GetAccountAsync(accountId, TestContext.Current.CancellationToken);
        return new ConnectorAccount(summary.Id, _mcp.Bed.Acme, summary.ConnectorKey, summary.Label, summary.ResolvedProjectKey, summary.Config);
    }
}
