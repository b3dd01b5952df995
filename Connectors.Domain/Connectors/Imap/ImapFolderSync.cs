using Connectors.Domain.Connectors;
using Connectors.Domain.Documents;
using Connectors.Domain.Vault;

namespace Connectors.Domain.Connectors.Imap;

/// <summary>
/// Syncs one folder: nothing to do when UIDNEXT shows no new UID under the same UIDVALIDITY (no
/// SELECT at all); a changed UIDVALIDITY starts the folder over (documents are keyed by Message-ID,
/// so nothing is duplicated); otherwise the UIDs from the cursor up to UIDNEXT are walked in windows of
/// <c>searchWindow</c> UIDs — one bounded SEARCH each, whatever the folder's size — and each window's messages
/// are fetched in batches. The cursor is saved after each batch (and after a window with nothing to fetch),
/// so an interrupted sync resumes from the last committed batch.
/// Deletions follow the server (<see cref="ImapDeletions"/>): with QRESYNC, the UIDs it reports vanished since the
/// cursor's modification sequence; without, the folder's UIDs compared with the stored ones every
/// <c>DeletionCheckMinutes</c>; after a UIDVALIDITY change, what the new walk did not see again.
/// </summary>
internal sealed class ImapFolderSync(
    IImapMailbox mailbox, CredentialVault vault, SyncContext context, ImapAccountSettings settings, ImapOptions options, DateTime now)
{
    private readonly int _batchSize = options.BatchSize;
    private readonly ImapDeletions _deletions = new(mailbox, context, settings, options.SearchWindow);

    /// <summary>The deletion state saved with the folder's cursor (see <see cref="ImapCursor"/>).</summary>
    private (ulong ModSeq, DateTime? CheckedAt) _deletionState;

    public async Task<SyncResult> RunAsync(ImapFolderStatus folder, ImapCursor? cursor, DateTime? since, CancellationToken ct)
    {
        var current = cursor is { } c && c.UidValidity == folder.UidValidity;
        var lastUid = current ? cursor!.LastUid : 0u;
        var removed = 0;
        if (current)
        {
            (removed, _deletionState) = await _deletions.FollowAsync(folder, cursor!, now.AddMinutes(-options.DeletionCheckMinutes), now, ct);
        }
        else
        {
            _deletionState = (mailbox.QuickResync ? folder.HighestModSeq : 0, now);
        }

        if (current && folder.UidNext > 0 && folder.UidNext <= lastUid + 1)
        {
            if (_deletionState != (cursor!.ModSeq, cursor.CheckedAt))
            {
                await SaveCursorAsync(folder, lastUid, ct);
            }

            return SyncResult.Empty with { Removed = removed };
        }

        var totals = new Totals();
        if (folder.UidNext == 0)
        {
            // The server did not say where the UIDs end: one open-ended search.
            await SyncWindowAsync(folder, lastUid, null, since, totals, ct);
        }
        else
        {
            var window = (uint)Math.Max(1, options.SearchWindow);
            for (var after = lastUid; after < folder.UidNext - 1; after = Math.Min(folder.UidNext - 1, after + window))
            {
                var upTo = Math.Min(folder.UidNext - 1, after + window);
                await SyncWindowAsync(folder, after, upTo, since, totals, ct);
                if (totals.LastSaved < upTo)
                {
                    // Nothing (left) to fetch up to the window's end: the next run starts after it.
                    await SaveCursorAsync(folder, upTo, ct);
                    totals.LastSaved = upTo;
                }
            }
        }

        if (totals.Seen == 0 && !current && totals.LastSaved == 0)
        {
            // Remember the UIDVALIDITY even of an empty folder, so the next run can skip it.
            await SaveCursorAsync(folder, folder.UidNext > 0 ? folder.UidNext - 1 : 0, ct);
        }

        if (cursor is not null && !current)
        {
            // A new UIDVALIDITY: the folder was walked again, and what it did not bring back is gone.
            removed += await _deletions.RemoveUnderAsync(ImapDocuments.ValidityPrefix(settings, folder.Name, cursor.UidValidity), ct);
        }

        return new SyncResult(totals.Seen, totals.Added, totals.Updated, removed, 0);
    }

    /// <summary>Searches one UID window and fetches what it found in batches, the next batch on the wire (and
    /// each message turned into its document as it arrives) while this one is written.</summary>
    private async Task SyncWindowAsync(ImapFolderStatus folder, uint after, uint? upTo, DateTime? since, Totals totals, CancellationToken ct)
    {
        var uids = await mailbox.SearchAsync(folder.Name, after, upTo, since, ct);
        var batches = uids.Chunk(Math.Max(1, _batchSize)).ToList();
        // What is left beyond this window is not known without searching it; the UID span is its upper bound.
        var beyond = upTo is { } end && folder.UidNext > 0 ? (int)Math.Max(0, folder.UidNext - 1 - end) : 0;
        var next = batches.Count > 0 ? FetchAsync(folder, batches[0], ct) : null;
        try
        {
            for (var i = 0; i < batches.Count; i++)
            {
                var messages = await next!;
                next = i + 1 < batches.Count ? FetchAsync(folder, batches[i + 1], ct) : null;
                var counts = await context.Documents.UpsertAsync([.. messages.OfType<DocumentInput>()], ct);
                totals.Seen += messages.Count;
                totals.Added += counts.Added;
                totals.Updated += counts.Updated;
                totals.Done += batches[i].Length;
                var saved = batches[i].Max();
                await SaveCursorAsync(folder, saved, ct);
                totals.LastSaved = saved;
                context.Progress.Report(new SyncProgress(totals.Done, totals.Done + (uids.Count - batches.Take(i + 1).Sum(b => b.Length)) + beyond));
            }
        }
        finally
        {
            await ObserveAsync(next);
        }
    }

    private Task SaveCursorAsync(ImapFolderStatus folder, uint lastUid, CancellationToken ct) =>
        vault.SetExtraKeyAsync(context.Account.Id, ImapCursor.KeyFor(folder.Name),
            new ImapCursor(folder.UidValidity, lastUid, _deletionState.ModSeq, _deletionState.CheckedAt).ToJson(), ct);

    /// <summary>One batch, each message mapped to its document on arrival (null: from an excluded sender).</summary>
    private Task<IReadOnlyList<DocumentInput?>> FetchAsync(ImapFolderStatus folder, IReadOnlyList<uint> uids, CancellationToken ct) =>
        mailbox.FetchAsync(folder.Name, uids, (uid, message) => ImapDocuments.IsFromExcludedSender(message, settings)
            ? null
            : ImapDocuments.From(message, settings, folder, uid), ct);

    /// <summary>A fetch still in flight when the loop stopped early must finish before the session closes.</summary>
    private static async Task ObserveAsync(Task<IReadOnlyList<DocumentInput?>>? pending)
    {
        if (pending is null)
        {
            return;
        }

        try
        {
            await pending;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The loop already failed or was cancelled; that error is the one reported.
        }
    }

    private sealed class Totals
    {
        public int Seen { get; set; }
        public int Added { get; set; }
        public int Updated { get; set; }
        public int Done { get; set; }
        public uint LastSaved { get; set; }
    }
}
