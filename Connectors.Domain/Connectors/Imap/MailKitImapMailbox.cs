using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MimeKit;

namespace Connectors.Domain.Connectors.Imap;

/// <summary>A signed-in MailKit session. Folders are opened read-only (EXAMINE): a sync never
/// changes the mailbox, not even the \Seen flag (BODY.PEEK).</summary>
internal sealed class MailKitImapMailbox(ImapClient client, bool quickResync) : IImapMailbox
{
    private IMailFolder? _open;

    public bool QuickResync => quickResync;

    public async Task<IReadOnlyList<ImapFolderStatus>> ListFoldersAsync(CancellationToken ct)
    {
        var items = StatusItems.UidNext | StatusItems.UidValidity
            | (client.Capabilities.HasFlag(ImapCapabilities.CondStore) ? StatusItems.HighestModSeq : StatusItems.None);
        var folders = await client.GetFoldersAsync(client.PersonalNamespaces[0], items, subscribedOnly: false, ct);
        return [.. folders
            .Where(f => f.Exists && !f.Attributes.HasFlag(FolderAttributes.NoSelect) && !f.Attributes.HasFlag(FolderAttributes.NonExistent))
            .Select(f => new ImapFolderStatus(f.FullName, f.UidValidity, f.UidNext?.Id ?? 0, f.HighestModSeq))];
    }

    public async Task<ImapVanished> VanishedSinceAsync(string folder, uint uidValidity, ulong modSeq, CancellationToken ct)
    {
        var mailbox = await client.GetFolderAsync(folder, ct);
        var vanished = new List<uint>();
        void OnVanished(object? sender, MessagesVanishedEventArgs e) => vanished.AddRange(e.UniqueIds.Select(u => u.Id));
        mailbox.MessagesVanished += OnVanished;
        try
        {
            await mailbox.OpenAsync(FolderAccess.ReadOnly, uidValidity, modSeq, Array.Empty<UniqueId>(), ct);
        }
        finally
        {
            mailbox.MessagesVanished -= OnVanished;
        }

        _open = mailbox;
        return new ImapVanished([.. vanished.Distinct().Order()], mailbox.HighestModSeq);
    }

    public async Task<IReadOnlyList<uint>> SearchAsync(string folder, uint afterUid, uint? upToUid, DateTime? since, CancellationToken ct)
    {
        var mailbox = await OpenAsync(folder, ct);
        var upper = upToUid is { } to ? new UniqueId(to) : UniqueId.MaxValue;
        SearchQuery query = SearchQuery.Uids(new UniqueIdRange(new UniqueId(afterUid + 1), upper));
        if (since is { } date)
        {
            query = query.And(SearchQuery.DeliveredAfter(date.Date));
        }

        var uids = await mailbox.SearchAsync(query, ct);
        // "n:*" always matches the last message, even when its UID is below n.
        return [.. uids.Select(u => u.Id).Where(u => u > afterUid && (upToUid is null || u <= upToUid)).Order()];
    }

    public async Task<IReadOnlyList<T>> FetchAsync<T>(string folder, IReadOnlyList<uint> uids, Func<uint, MimeMessage, T> read, CancellationToken ct)
    {
        var mailbox = await OpenAsync(folder, ct);
        var fetched = new List<(uint Uid, T Item)>(uids.Count);
        await ((ImapFolder)mailbox).GetStreamsAsync(
            [.. uids.Select(u => new UniqueId(u))],
            async (_, _, uid, stream, token) => fetched.Add((uid.Id, read(uid.Id, await MimeMessage.LoadAsync(stream, token)))),
            ct);
        fetched.Sort((a, b) => a.Uid.CompareTo(b.Uid));
        return [.. fetched.Select(f => f.Item)];
    }

    public Task NoopAsync(CancellationToken ct) => client.NoOpAsync(ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true);
            }
        }
        catch (Exception e) when (e is IOException or ImapProtocolException or ImapCommandException or OperationCanceledException)
        {
            // The session is over either way; a failed LOGOUT changes nothing.
        }
        finally
        {
            client.Dispose();
        }
    }

    private async Task<IMailFolder> OpenAsync(string folder, CancellationToken ct)
    {
        if (_open?.FullName == folder && _open.IsOpen)
        {
            return _open;
        }

        var mailbox = await client.GetFolderAsync(folder, ct);
        await mailbox.OpenAsync(FolderAccess.ReadOnly, ct);
        _open = mailbox;
        return mailbox;
    }
}
