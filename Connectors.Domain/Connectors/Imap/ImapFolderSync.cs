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
/// </summary>
internal sealed class ImapFolderSync(
    IImapMailbox mailbox, CredentialVault vault, SyncContext context, ImapAccountSettings settings, int batchSize, int searchWindow)
{
    public async Task<SyncResult> RunAsync(ImapFolderStatus folder, ImapCursor? cursor, DateTime? since, CancellationToken ct)
    {
        var current = cursor is { } c && c.UidValidity == folder.UidValidity;
        var lastUid = current ? cursor!.LastUid : 0u;
        if (current && folder.UidNext > 0 && folder.UidNext <= lastUid + 1)
        {
            return SyncResult.Empty;
        }

        var totals = new Totals();
        if (folder.UidNext == 0)
        {
            // The server did not say where the UIDs end: one open-ended search.
            await SyncWindowAsync(folder, lastUid, null, since, totals, ct);
        }
        else
        {
            var window = (uint)Math.Max(1, searchWindow);
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

        return new SyncResult(totals.Seen, totals.Added, totals.Updated, 0, 0);
    }

    /// <summary>Searches one UID window and fetches what it found in batches, the next batch on the wire (and
    /// each message turned into its document as it arrives) while this one is written.</summary>
    private async Task SyncWindowAsync(ImapFolderStatus folder, uint after, uint? upTo, DateTime? since, Totals totals, CancellationToken ct)
    {
        var uids = await mailbox.SearchAsync(folder.Name, after, upTo, since, ct);
        var batches = uids.Chunk(Math.Max(1, batchSize)).ToList();
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
        vault.SetExtraKeyAsync(context.Account.Id, ImapCursor.KeyFor(folder.Name), new ImapCursor(folder.UidValidity, lastUid).ToJson(), ct);

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
