using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors.Imap;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>
/// Deleted mail leaves the knowledge base, against a real Dovecot: with QRESYNC the server's VANISHED answer says which
/// (no listing of the folder); without it, the folder's UIDs are compared on the slower deletion-check cadence; a message
/// moved to another synced folder is kept; a folder taken out of the selection counts as its messages removed; and a
/// mailbox that suddenly looks almost empty is held by the deletion brake.
/// </summary>
public sealed class ImapDeletionTests(DovecotFixture dovecot) : DovecotTests(dovecot)
{
    private readonly CapturingProtocolLoggers _imapLog = new();

    public override async ValueTask InitializeAsync() =>
        await InitializeBedAsync(ImapTestBed.CreateAsync(configure: services => services.AddSingleton<IProtocolLoggerFactory>(_imapLog)));

    [Fact]
    public async Task WithQuickResync_ADeletedMessageIsRemovedFromTheServersVanishedAnswer_AMovedOneIsKept()
    {
        var (user, account) = await MailboxWithAsync("qresync", "INBOX", "One", "Two", "Three");
        await Server.AppendAsync(user, Password, "Archive", [ImapTestBed.Message("Archived", "Old")]);
        await Bed.SyncAsync(Bed.Acme, account);
        _imapLog.Clear();

        await Server.ExpungeAsync(user, Password, "INBOX", ["One"]);
        await Server.ExpungeAsync(user, Password, "INBOX", ["Two"], moveTo: "Archive");
        var run = await Bed.SyncAsync(Bed.Acme, account);

        run.Removed.ShouldBe(1);
        (await TitlesAsync()).ShouldBe(["Archived", "Three", "Two"]);
        _imapLog.Transcript.ShouldContain("(QRESYNC (");
        _imapLog.Transcript.ShouldContain("VANISHED (EARLIER)");
        _imapLog.Transcript.ShouldNotContain("UID SEARCH UID 1:", customMessage: "the folder's UIDs are not listed");

        _imapLog.Clear();
        (await Bed.SyncAsync(Bed.Acme, account)).Removed.ShouldBe(0);
        _imapLog.Transcript.ShouldNotContain("(QRESYNC (", customMessage: "nothing changed: HIGHESTMODSEQ did not move, the folder is not opened");
    }

    [Fact]
    public async Task WithoutQuickResync_TheFolderIsComparedOnTheDeletionCheckCadence()
    {
        await InitializeBedAsync(ImapTestBed.CreateAsync(new Dictionary<string, string?>
        {
            ["Connectors:Imap:UseQuickResync"] = "false",
            ["Connectors:Imap:DeletionCheckMinutes"] = "60",
        }, services => services.AddSingleton<IProtocolLoggerFactory>(_imapLog)));
        var (user, account) = await MailboxWithAsync("compare", "INBOX", "One", "Two", "Three");
        await Bed.SyncAsync(Bed.Acme, account);

        await Server.ExpungeAsync(user, Password, "INBOX", ["Two"]);
        (await Bed.SyncAsync(Bed.Acme, account)).Removed.ShouldBe(0, "the check is not due yet");
        Bed.Clock.Advance(TimeSpan.FromMinutes(61));
        var run = await Bed.SyncAsync(Bed.Acme, account);

        run.Removed.ShouldBe(1);
        (await TitlesAsync()).ShouldBe(["One", "Three"]);
        _imapLog.Transcript.ShouldNotContain("ENABLE QRESYNC");
    }

    [Fact]
    public async Task AFolderTakenOutOfTheSelection_CountsAsItsMessagesRemoved()
    {
        var (user, account) = await MailboxWithAsync("folders", "INBOX", "Inbox mail");
        await Server.AppendAsync(user, Password, "Archive", [ImapTestBed.Message("Archived 1", "a"), ImapTestBed.Message("Archived 2", "b")]);
        await Bed.SyncAsync(Bed.Acme, account);
        (await TitlesAsync()).Count.ShouldBe(3);

        await Bed.InScopeAsync(sp => sp.GetRequiredService<AccountSettingsService>()
            .UpdateAsync(account, new Dictionary<string, object?> { ["folders.include"] = new[] { "INBOX" } }, Ct));
        var run = await Bed.SyncAsync(Bed.Acme, account);

        run.Removed.ShouldBe(2);
        (await TitlesAsync()).ShouldBe(["Inbox mail"]);
    }

    [Fact]
    public async Task AMailboxThatSuddenlyLooksAlmostEmpty_IsHeldByTheBrake_AndApplyingRemovesExactlyTheHeldSet()
    {
        var subjects = Enumerable.Range(1, 60).Select(n => $"Message {n:00}").ToArray();
        var (user, account) = await MailboxWithAsync("brake", "INBOX", subjects);
        (await RunAsync(account)).Added.ShouldBe(60);

        await Server.ExpungeAsync(user, Password, "INBOX", ["Message 01"]);
        DeletionBrakeChecks.ShouldHaveGoneThrough(await RunAsync(account), removed: 1);

        await Server.ExpungeAsync(user, Password, "INBOX", subjects[2..]);
        var held = await RunAsync(account);

        await DeletionBrakeChecks.ShouldBeHeldThenApplyRemovesExactlyTheHeldSetAsync(Bed, account, held, held: 58);
        (await TitlesAsync()).ShouldBe(["Message 02"]);
    }

    private async Task<(string User, Guid Account)> MailboxWithAsync(string prefix, string folder, params string[] subjects)
    {
        var user = await Server.AddUserAsync(prefix, Password);
        await Server.AppendAsync(user, Password, folder, subjects.Select(s => ImapTestBed.Message(s, $"Body of {s}")));
        var account = (await Bed.CreateAccountAsync(Bed.Acme, prefix, ImapTestBed.Basic(DovecotServer.Host, Server.ImapsPort, "ssl", false, user, Password))).AccountId;
        return (user, account);
    }

    private async Task<Domain.Sync.SyncRun> RunAsync(Guid account)
    {
        await using var scope = Bed.As(Bed.Acme);
        return await scope.ServiceProvider.GetRequiredService<Domain.Sync.SyncRunner>().RunAsync(account, Domain.Sync.SyncTrigger.Manual, Ct);
    }

    private Task<List<string>> TitlesAsync() =>
        Bed.QueryAsync(db => db.Documents.OrderBy(d => d.Title).Select(d => d.Title).ToListAsync(Ct));
}
