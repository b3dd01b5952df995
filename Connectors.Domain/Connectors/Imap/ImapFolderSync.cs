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
        int seen = 0, added = 0, updated = 0, done = 0;
        foreach (var batch in uids.Chunk(Math.Max(1, batchSize)))
        {
            var messages = await mailbox.FetchAsync(folder.Name, batch, ct);
            var documents = messages
                .Where(m => !ImapDocuments.IsFromExcludedSender(m.Message, settings))
                .Select(m => ImapDocuments.From(m.Message, settings, folder, m.Uid))
                .ToList();
            var counts = await context.Documents.UpsertAsync(documents, ct);
            seen += messages.Count;
            added += counts.Added;
            updated += counts.Updated;
            done += batch.Length;
            await vault.SetExtraKeyAsync(context.Account.Id, ImapCursor.KeyFor(folder.Name),
                new ImapCursor(folder.UidValidity, batch.Max()).ToJson(), ct);
            context.Progress.Report(new SyncProgress(done, uids.Count));
        }

        if (uids.Count == 0 && !current)
        {
            // Remember the UIDVALIDITY even of an empty folder, so the next run can skip it.
            await vault.SetExtraKeyAsync(context.Account.Id, ImapCursor.KeyFor(folder.Name),
                new ImapCursor(folder.UidValidity, folder.UidNext > 0 ? folder.UidNext - 1 : 0).ToJson(), ct);
        }

        return new SyncResult(seen, added, updated, 0, 0);
    }
}
