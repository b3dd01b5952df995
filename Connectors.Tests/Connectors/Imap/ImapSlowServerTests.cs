using System.Diagnostics;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>
/// The real Dovecot behind a loopback proxy that makes it slow. Each command after sign-in has its own limit
/// (3 s here), not the sync as a whole: a sync whose every answer comes late still completes, though it takes
/// longer than the limit; a server that stops answering mid-sync is a transient failure in the product's words,
/// and the next run fetches only what was not committed.
/// </summary>
public sealed class ImapSlowServerTests(DovecotFixture dovecot) : DovecotTests(dovecot), IAsyncDisposable
{
    private const int CommandTimeoutSeconds = 3;
    private DelayingProxy _proxy = null!;

    public override async ValueTask InitializeAsync()
    {
        _proxy = DelayingProxy.Start(Server.ImapPort);
        await InitializeBedAsync(ImapTestBed.CreateAsync(new Dictionary<string, string?>
        {
            ["Connectors:Imap:CommandTimeoutSeconds"] = CommandTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Connectors:Imap:SearchWindow"] = "10",
            ["Connectors:Imap:BatchSize"] = "5",
        }));
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public async Task Sync_EveryAnswerArrivesLate_CompletesAlthoughTheWholeSyncOutlastsTheCommandLimit()
    {
        var account = await AccountWithMessagesAsync("slow", 30);
        _proxy.Delay = TimeSpan.FromMilliseconds(400);

        var clock = Stopwatch.StartNew();
        var result = await Bed.SyncAsync(Bed.Acme, account);

        (result.Seen, result.Added).ShouldBe((30, 30));
        // 3 SEARCH and 6 FETCH among the answers, each at least 400 ms late.
        clock.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(CommandTimeoutSeconds));
        (await DocumentCountAsync()).ShouldBe(30);
    }

    [Fact]
    public async Task Sync_ServerStopsAnsweringMidSync_TransientInTheProductsWords_TheNextRunFetchesOnlyTheRest()
    {
        var account = await AccountWithMessagesAsync("hang", 30);
        // From the 4th FETCH on nothing comes back: batches 1–3 (UIDs 1–15) are committed.
        _proxy.StallAtFetch = 4;

        var failure = await Should.ThrowAsync<ConnectorApiException>(() => Bed.SyncAsync(Bed.Acme, account));
        var afterStall = await DocumentCountAsync();
        _proxy.StallAtFetch = 0;
        var resumed = await Bed.SyncAsync(Bed.Acme, account);

        failure.Message.ShouldBe($"The IMAP server {DovecotServer.Host}:{_proxy.Port} did not answer in time.");
        afterStall.ShouldBe(15);
        (resumed.Seen, resumed.Added).ShouldBe((30 - afterStall, 30 - afterStall));
        (await DocumentCountAsync()).ShouldBe(30);
    }

    private async Task<Guid> AccountWithMessagesAsync(string prefix, int count)
    {
        var user = await Server.AddUserAsync(prefix, Password);
        await Server.AppendAsync(user, Password, "INBOX", Enumerable.Range(1, count).Select(i => ImapTestBed.Message($"Message {i}", $"Body {i}")));
        return (await Bed.CreateAccountAsync(Bed.Acme, prefix, ImapTestBed.Basic(DovecotServer.Host, _proxy.Port, "none", false, user, Password))).AccountId;
    }

    private async Task<int> DocumentCountAsync()
    {
        await using var scope = Bed.As(Bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.Documents.CountAsync(Ct);
    }
}
