using Connectors.Domain.Connectors;

namespace Connectors.Domain.Connectors.Imap;

/// <summary>
/// Finds the messages deleted (or moved away) from a folder since the last sync and hands them to the sink as removals —
/// which the deletion brake may hold. Stored messages are found by where they were read from (their source URL carries
/// folder, UIDVALIDITY and UID), so a message kept in another synced folder, last read from there, is not touched.
/// <list type="bullet">
/// <item>With QRESYNC (RFC 7162; Dovecot, most servers): the folder is opened from the cursor's modification sequence and
/// the server says which UIDs vanished — nothing to list, and nothing at all when HIGHESTMODSEQ did not move.</item>
/// <item>Without: every <c>DeletionCheckMinutes</c>, the folder's UIDs up to the cursor are listed in bounded UID ranges
/// and compared with the stored ones.</item>
/// </list>
/// </summary>
internal sealed class ImapDeletions(IImapMailbox mailbox, SyncContext context, ImapAccountSettings settings, int searchWindow)
{
    /// <summary>Removes what left the folder; returns how many, and the deletion state to save with the cursor.</summary>
    public async Task<(int Removed, (ulong ModSeq, DateTime? CheckedAt) State)> FollowAsync(
        ImapFolderStatus folder, ImapCursor cursor, DateTime dueBefore, DateTime now, CancellationToken ct)
    {
        if (mailbox.QuickResync && cursor.ModSeq > 0)
        {
            if (folder.HighestModSeq == cursor.ModSeq)
            {
                return (0, (cursor.ModSeq, cursor.CheckedAt));
            }

            var vanished = await mailbox.VanishedSinceAsync(folder.Name, folder.UidValidity, cursor.ModSeq, ct);
            var gone = vanished.Uids.Where(u => u <= cursor.LastUid).ToHashSet();
            return (await RemoveUidsAsync(folder, cursor.UidValidity, gone.Contains, ct), (vanished.HighestModSeq, cursor.CheckedAt));
        }

        var modSeq = mailbox.QuickResync ? folder.HighestModSeq : 0;
        if (cursor.CheckedAt is { } checkedAt && checkedAt > dueBefore)
        {
            return (0, (modSeq == 0 ? cursor.ModSeq : modSeq, checkedAt));
        }

        // No QRESYNC (or the first run with it): compare the folder's UIDs with the stored ones.
        var present = new HashSet<uint>();
        var window = (uint)Math.Max(1, searchWindow);
        for (var after = 0u; after < cursor.LastUid; after = Math.Min(cursor.LastUid, after + window))
        {
            present.UnionWith(await mailbox.SearchAsync(folder.Name, after, Math.Min(cursor.LastUid, after + window), null, ct));
        }

        return (await RemoveUidsAsync(folder, cursor.UidValidity, uid => uid <= cursor.LastUid && !present.Contains(uid), ct), (modSeq, now));
    }

    /// <summary>Removes every stored message read from under <paramref name="sourceUrlPrefix"/>.</summary>
    public async Task<int> RemoveUnderAsync(string sourceUrlPrefix, CancellationToken ct)
    {
        var stored = await context.Documents.StoredUnderAsync(sourceUrlPrefix, ct);
        return stored.Count == 0 ? 0 : await context.Documents.RemoveAsync([.. stored.Select(s => s.ExternalId)], ct);
    }

    private async Task<int> RemoveUidsAsync(ImapFolderStatus folder, uint uidValidity, Func<uint, bool> gone, CancellationToken ct)
    {
        var stored = await context.Documents.StoredUnderAsync(ImapDocuments.ValidityPrefix(settings, folder.Name, uidValidity), ct);
        var removed = stored.Where(s => ImapDocuments.UidOf(s.SourceUrl) is { } uid && gone(uid)).Select(s => s.ExternalId).ToList();
        return removed.Count == 0 ? 0 : await context.Documents.RemoveAsync(removed, ct);
    }
}
