using MimeKit;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>The fixture itself: a user can log in and see what was appended.</summary>
public sealed class DovecotServerTests(DovecotFixture dovecot) : IClassFixture<DovecotFixture>
{
    [Fact]
    public async Task AppendAsync_Messages_AreInTheMailbox()
    {
        var server = dovecot.Server;
        var user = await server.AddUserAsync("probe", "probe-pass");

        await server.AppendAsync(user, "probe-pass", "INBOX", [new MimeMessage([new MailboxAddress("A", "a@acme.test")], [], "Hello", new TextPart("plain") { Text = "Hi" })]);

        using var client = await server.LoginAsync(user, "probe-pass");
        await client.Inbox.OpenAsync(MailKit.FolderAccess.ReadOnly, TestContext.Current.CancellationToken);
        client.Inbox.Count.ShouldBe(1);
    }
}
