using Connectors.Domain.Connectors;
using Connectors.Domain.Vault;

namespace Connectors.Domain.Connectors.Imap;

/// <summary>
/// Syncs one folder: nothing to do when UIDNEXT shows no new UID under the same UIDVALIDITY (no
/// SELECT at all); a changed UIDVALIDITY starts the folder over (documents are keyed by Message-ID,
/// so nothing is duplicated); otherwise new UIDs are fetched in batches and the cursor is saved
/// after each batch, so an interrupted sync resumes where it stopped.
/// </summary>
internal sealed class ImapFolderSync(IImapMailbox mailbox, CredentialVault vault, SyncContext context, ImapAccountSettings settings, int batchSize)
{
    public async Task<SyncResult> RunAsync(ImapFolderStatus folder, ImapCursor? cursor, DateTime? since, CancellationToken ct)
    {
        var current = cursor is { } c && c.UidValidity == folder.UidValidity;
        var lastUid = current ? cursor!.LastUid : 0u;
        if (current && folder.UidNext > 0 && folder.UidNext <= lastUid + 1)
        {
            return SyncResult.Empty;
        }

        var uids = await mailbox.SearchAsync(folder.Name, lastUid, since, ct);
        var batches = uids.Chunk(Math.Max(1, batchSize)).ToList();
        int seen = 0, added = 0, updated = 0, done = 0;
        // Pipelined: the next batch is on the wire while this one is written to the database.
        var next = batches.Count > 0 ? mailbox.FetchAsync(folder.Name, batches[0], ct) : null;
        try
        {
            for (var i = 0; i < batches.Count; i++)
            {
                var messages = await next!;
                next = i + 1 < batches.Count ? mailbox.FetchAsync(folder.Name, batches[i + 1], ct) : null;
                var counts = await StoreAsync(folder, messages, ct);
                seen += messages.Count;
                added += counts.Added;
                updated += counts.Updated;
                done += batches[i].Length;
                await vault.SetExtraKeyAsync(context.Account.Id, ImapCursor.KeyFor(folder.Name),
                    new ImapCursor(folder.UidValidity, batches[i].Max()).ToJson(), ct);
                context.Progress.Report(new SyncProgress(done, uids.Count));
            }
        }
        finally
        {
            await ObserveAsync(next);
        }

        if (uids.Count == 0 && !current)
        {
            // Remember the UIDVALIDITY even of an empty folder, so the next run can skip it.
            await vault.SetExtraKeyAsync(context.Account.Id, ImapCursor.KeyFor(folder.Name),
                new ImapCursor(folder.UidValidity, folder.UidNext > 0 ? folder.UidNext - 1 : 0).ToJson(), ct);
        }

        return new SyncResult(seen, added, updated, 0, 0);
    }

    private Task<Documents.UpsertCounts> StoreAsync(ImapFolderStatus folder, IReadOnlyList<FetchedMessage> messages, CancellationToken ct) =>
        context.Documents.UpsertAsync([.. messages
            .Where(m => !ImapDocuments.IsFromExcludedSender(m.Message, settings))
            .Select(m => ImapDocuments.From(m.Message, settings, folder, m.Uid))], ct);

    /// <summary>A fetch still in flight when the loop stopped early must finish before the session closes.</summary>
    private static async Task ObserveAsync(Task<IReadOnlyList<FetchedMessage>>? pending)
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
}
