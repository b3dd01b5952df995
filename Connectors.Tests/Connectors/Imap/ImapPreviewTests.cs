using Connectors.Domain.Connectors;
using Connectors.Domain.Accounts;
using Connectors.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>Preview against a real Dovecot: the newest messages across the synced folders, newest first, honouring
/// the folder settings, the date window and excluded senders — and nothing stored, no cursor moved, no run.</summary>
public sealed class ImapPreviewTests(DovecotFixture dovecot) : DovecotTests(dovecot)
{
    [Fact]
    public async Task Preview_NewestAcrossFolders_HonoursExcludedFolderAndSender_AndStoresNothing()
    {
        var user = await Server.AddUserAsync("preview", Password);
        var day = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);
        await Server.AppendAsync(user, Password, "INBOX", Enumerable.Range(1, 8).Select(i =>
            ImapTestBed.Message($"Inbox {i}", $"Body of inbox mail {i}. " + new string('x', 400), date: day.AddHours(i))));
        await Server.AppendAsync(user, Password, "Projects", [ImapTestBed.Message("Project plan", "The plan.", date: day.AddHours(20))]);
        await Server.AppendAsync(user, Password, "Private", [ImapTestBed.Message("Private note", "Secret stuff.", date: day.AddHours(30))]);
        await Server.AppendAsync(user, Password, "INBOX", [ImapTestBed.Message("Newsletter", "Buy now.", from: "news@spam.test", date: day.AddHours(40))]);
        var account = (await Bed.CreateAccountAsync(Bed.Acme, "Preview", Mailbox(user))).AccountId;
        await Bed.SyncAsync(Bed.Acme, account);
        await using (var scope = Bed.As(Bed.Acme))
        {
            await scope.ServiceProvider.GetRequiredService<AccountSettingsService>().UpdateAsync(account, new Dictionary<string, object?>
            {
                ["folders.exclude"] = new[] { "Private", "Trash" },
                ["senders.exclude"] = new[] { "news@spam.test" },
            }, Ct);
        }

        var before = await PreviewFootprint.ReadAsync(Bed, Bed.Acme, account);
        var preview = await Bed.PreviewAsync(Bed.Acme, account, limit: 5);
        var after = await PreviewFootprint.ReadAsync(Bed, Bed.Acme, account);

        preview.Error.ShouldBeNull();
        preview.Items.Select(i => i.Title).ShouldBe(["Project plan", "Inbox 8", "Inbox 7", "Inbox 6", "Inbox 5"]);
        var newest = preview.Items[1];
        newest.Author.ShouldBe("customer@example.test");
        newest.Date.ShouldBe(day.AddHours(8).UtcDateTime);
        newest.Size!.Value.ShouldBeGreaterThan(400);
        newest.Excerpt.ShouldStartWith("Body of inbox mail 8.");
        newest.Excerpt.Length.ShouldBeLessThanOrEqualTo(PreviewItem.ExcerptLength + 1);
        newest.Excerpt.ShouldEndWith("…");
        after.ShouldBe(before);
    }

    [Fact]
    public async Task Preview_RefusedLogin_SaysWhatFailed_AndIsAudited()
    {
        var user = await Server.AddUserAsync("preview-refused", Password);
        var account = (await Bed.CreateAccountAsync(Bed.Acme, "Refused", Mailbox(user))).AccountId;
        await Server.ChangePasswordAsync(user, "another-Passw0rd");

        var preview = await Bed.PreviewAsync(Bed.Acme, account);

        preview.Items.ShouldBeEmpty();
        preview.Error.ShouldNotBeNull();
        preview.Error.ShouldContain("password", Case.Insensitive);
        (await Bed.AuditActionsAsync(Bed.Acme, account)).ShouldContain("account.previewed");
    }

    private Dictionary<string, object?> Mailbox(string user) =>
        ImapTestBed.Basic(DovecotServer.Host, Server.ImapsPort, "ssl", false, user, Password);
}
