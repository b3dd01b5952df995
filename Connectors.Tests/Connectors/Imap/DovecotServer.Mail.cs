using MailKit;
using MailKit.Net.Imap;
using MimeKit;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>What a test does to a user's mail: append, delete or move messages, recreate a folder — over IMAP, as a
/// mail client would.</summary>
public sealed partial class DovecotServer
{
    /// <summary>Appends messages over IMAP as the user (the real protocol, as a mail client would).</summary>
    public async Task AppendAsync(string user, string password, string folder, IEnumerable<MimeMessage> messages)
    {
        using var client = await LoginAsync(user, password);
        var target = folder == "INBOX" ? client.Inbox : await OpenOrCreateAsync(client, folder);
        foreach (var message in messages)
        {
            await target.AppendAsync(message, MessageFlags.None);
        }

        await client.DisconnectAsync(true);
    }

    /// <summary>Deletes (expunges) the messages of <paramref name="folder"/> whose subject is one of <paramref name="subjects"/>,
    /// or moves them to <paramref name="moveTo"/> (IMAP MOVE: a new UID there, vanished here).</summary>
    public async Task ExpungeAsync(string user, string password, string folder, IReadOnlyCollection<string> subjects, string? moveTo = null)
    {
        using var client = await LoginAsync(user, password);
        var source = folder == "INBOX" ? client.Inbox : await client.GetFolderAsync(folder);
        await source.OpenAsync(FolderAccess.ReadWrite);
        var uids = new List<UniqueId>();
        foreach (var summary in await source.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Envelope))
        {
            if (subjects.Contains(summary.Envelope!.Subject))
            {
                uids.Add(summary.UniqueId);
            }
        }

        if (moveTo is not null)
        {
            await source.MoveToAsync(uids, moveTo == "INBOX" ? client.Inbox : await OpenOrCreateAsync(client, moveTo));
        }
        else
        {
            await source.AddFlagsAsync(uids, MessageFlags.Deleted, silent: true);
            await source.ExpungeAsync(uids);
        }

        await client.DisconnectAsync(true);
    }

    /// <summary>Deletes and recreates a folder: the server gives it a new UIDVALIDITY.</summary>
    public async Task<uint> RecreateFolderAsync(string user, string password, string folder)
    {
        using var client = await LoginAsync(user, password);
        var existing = await client.GetFolderAsync(folder);
        await existing.DeleteAsync();
        var created = await client.GetFolder(client.PersonalNamespaces[0]).CreateAsync(folder, true)
            ?? throw new InvalidOperationException($"Could not create {folder}.");
        await created.OpenAsync(FolderAccess.ReadOnly);
        var validity = created.UidValidity;
        await client.DisconnectAsync(true);
        return validity;
    }

    private static async Task<IMailFolder> OpenOrCreateAsync(ImapClient client, string folder)
    {
        try
        {
            return await client.GetFolderAsync(folder);
        }
        catch (FolderNotFoundException)
        {
            return await client.GetFolder(client.PersonalNamespaces[0]).CreateAsync(folder, true)
                ?? throw new InvalidOperationException($"Could not create {folder}.");
        }
    }
}
