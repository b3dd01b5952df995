using Connectors.Domain.Data;
using Connectors.Domain.Documents;
using Connectors.Domain.Errors;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>Syncing real mailboxes into documents: the worked example, incremental cursors,
/// UIDVALIDITY changes and HTML-only mail.</summary>
public sealed class ImapSyncTests(DovecotFixture dovecot) : DovecotTests(dovecot)
{

    [Fact]
    public async Task WorkedExample_TwoMailboxesTwoProjects_EachMailboxLandsInItsOwnProject()
    {
        var support = await Server.AddUserAsync("support", Password);
        var sales = await Server.AddUserAsync("sales", Password);
        await Server.AppendAsync(support, Password, "INBOX", [ImapTestBed.Message("Printer broken", "The printer on floor 2 is broken."), ImapTestBed.Message("VPN", "VPN drops every hour.")]);
        await Server.AppendAsync(sales, Password, "INBOX", [ImapTestBed.Message("Quote request", "Please send a quote for 40 seats.")]);
        var supportAccount = await Bed.CreateAccountAsync(Bed.Acme, "Support", Mailbox(support), projectKey: "acme-hr");
        var salesAccount = await Bed.CreateAccountAsync(Bed.Acme, "Sales", Mailbox(sales));

        await Bed.SyncAsync(Bed.Acme, supportAccount.AccountId);
        await Bed.SyncAsync(Bed.Acme, salesAccount.AccountId);

        var documents = await DocumentsAsync();
        documents.Where(d => d.ProjectKey == "acme-hr").Select(d => d.Title).Order().ShouldBe(["Printer broken", "VPN"]);
        documents.Where(d => d.ProjectKey == "default").Select(d => d.Title).ShouldBe(["Quote request"]);
        documents.ShouldAllBe(d => d.ConnectorKey == "imap");
        var error = await Should.ThrowAsync<DuplicateLabelException>(() => Bed.CreateAccountAsync(Bed.Acme, "Support", Mailbox(sales)));
        error.Label.ShouldBe("Support");
    }

    [Fact]
    public async Task Sync_NewMessagesThenNothingThenThreeMore_AddsExactlyWhatArrived()
    {
        var user = await Server.AddUserAsync("inbox", Password);
        await Server.AppendAsync(user, Password, "INBOX", Enumerable.Range(1, 7).Select(i => ImapTestBed.Message($"Message {i}", $"Body {i}")));
        var account = (await Bed.CreateAccountAsync(Bed.Acme, "Inbox", Mailbox(user))).AccountId;

        var first = await Bed.SyncAsync(Bed.Acme, account);
        var second = await Bed.SyncAsync(Bed.Acme, account);
        await Server.AppendAsync(user, Password, "INBOX", Enumerable.Range(8, 3).Select(i => ImapTestBed.Message($"Message {i}", $"Body {i}")));
        var third = await Bed.SyncAsync(Bed.Acme, account);

        (first.Seen, first.Added).ShouldBe((7, 7));
        (second.Seen, second.Added).ShouldBe((0, 0));
        (third.Seen, third.Added).ShouldBe((3, 3));
        (await DocumentsAsync()).Count.ShouldBe(10);
    }

    [Fact]
    public async Task Sync_AfterUidValidityChange_ResyncsTheFolderWithoutDuplicates()
    {
        var user = await Server.AddUserAsync("archive", Password);
        var messages = Enumerable.Range(1, 4).Select(i => ImapTestBed.Message($"Archived {i}", $"Old mail {i}")).ToList();
        await Server.AppendAsync(user, Password, "Archive", messages);
        var account = (await Bed.CreateAccountAsync(Bed.Acme, "Archive", Mailbox(user))).AccountId;
        var first = await Bed.SyncAsync(Bed.Acme, account);
        var urlBefore = (await DocumentsAsync())[0].SourceUrl!;

        var validity = await Server.RecreateFolderAsync(user, Password, "Archive");
        await Server.AppendAsync(user, Password, "Archive", messages);
        var resync = await Bed.SyncAsync(Bed.Acme, account);

        first.Added.ShouldBe(4);
        // Every message is read again; each keeps its document (keyed by Message-ID), whose source URL moves to the new UIDVALIDITY.
        (resync.Seen, resync.Added).ShouldBe((4, 0));
        var documents = await DocumentsAsync();
        documents.Count.ShouldBe(4);
        urlBefore.ShouldNotContain($";UIDVALIDITY={validity}/");
        documents.ShouldAllBe(d => d.SourceUrl!.Contains($";UIDVALIDITY={validity}/"));
    }

    [Fact]
    public async Task Sync_HtmlOnlyMessage_YieldsReadableText()
    {
        var user = await Server.AddUserAsync("html", Password);
        var html = new MimeMessage([MailboxAddress.Parse("news@example.test")], [MailboxAddress.Parse("html@acme.test")], "Newsletter",
            new TextPart("html")
            {
                Text = "<html><head><style>p{color:red}</style></head><body><h1>Release&nbsp;notes</h1>" +
                       "<p>Version <b>2.0</b> is out &amp; ready.</p><ul><li>Faster sync</li><li>New dialog</li></ul>" +
                       "<script>alert('x')</script></body></html>",
            });
        await Server.AppendAsync(user, Password, "INBOX", [html]);
        var account = (await Bed.CreateAccountAsync(Bed.Acme, "Html", Mailbox(user))).AccountId;

        await Bed.SyncAsync(Bed.Acme, account);

        var document = (await DocumentsAsync()).ShouldHaveSingleItem();
        document.Content.ShouldBe("Release notes\n\nVersion 2.0 is out & ready.\n\n• Faster sync\n• New dialog");
        document.Author.ShouldBe("news@example.test");
    }

    [Fact]
    public async Task Sync_MessageFields_BecomeTheDocument()
    {
        var user = await Server.AddUserAsync("fields", Password);
        var sent = new DateTimeOffset(2026, 11, 20, 8, 30, 0, TimeSpan.Zero);
        await Server.AppendAsync(user, Password, "INBOX", [ImapTestBed.Message("Invoice 42", "Total: 10 EUR", from: "Billing Team <billing@example.test>", date: sent)]);
        var account = (await Bed.CreateAccountAsync(Bed.Acme, "Fields", Mailbox(user))).AccountId;

        await Bed.SyncAsync(Bed.Acme, account);

        var document = (await DocumentsAsync()).ShouldHaveSingleItem();
        (document.Title, document.Content, document.Author, document.SourceCreatedAt).ShouldBe(
            ("Invoice 42", "Total: 10 EUR", "Billing Team <billing@example.test>", sent.UtcDateTime));
        document.SourceUrl.ShouldStartWith($"imap://{user}@127.0.0.1/INBOX;UIDVALIDITY=");
    }

    private Dictionary<string, object?> Mailbox(string user) =>
        ImapTestBed.Basic(DovecotServer.Host, Server.ImapsPort, "ssl", false, user, Password);

    private async Task<List<Document>> DocumentsAsync()
    {
        await using var scope = Bed.As(Bed.Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await db.Documents.OrderBy(d => d.Title).ToListAsync(Ct);
    }
}
