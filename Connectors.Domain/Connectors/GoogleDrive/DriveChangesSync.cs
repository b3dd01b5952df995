using Connectors.Domain.Connectors;
using Connectors.Domain.Errors;

namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary>
/// An incremental sync: the changes feed from the stored page token, page after page until Drive hands
/// out the next start token. A removed or trashed file loses its document; a changed one is read again
/// (and loses its document if it is no longer readable as text). The new token is saved only at the
/// end, so a run that fails half-way (a 429) is retried from the old one — re-reading a change is harmless.
/// </summary>
internal sealed class DriveChangesSync(DriveClient client, DriveFileReader reader, DriveCursor cursor, SyncContext context, int pageSize, long maxBytes)
{
    /// <summary>The changes since <paramref name="pageToken"/>; null when Drive refuses that token (a 4xx
    /// on the first page), which only a full sync can recover from.</summary>
    public async Task<SyncResult?> RunAsync(string pageToken, CancellationToken ct)
    {
        if (await FirstPageAsync(pageToken, ct) is not { } page)
        {
            return null;
        }

        var tally = new DriveTally(maxBytes);
        var buffer = new DriveDocumentBuffer(context.Documents, tally);
        var token = pageToken;
        while (true)
        {
            await ApplyAsync(page, tally, buffer, ct);
            if (page.NewStartPageToken is { Length: > 0 } next)
            {
                if (next != pageToken)
                {
                    await cursor.SaveAsync(next, ct); // An idle Drive hands the same token back: nothing to write.
                }

                return tally.ToResult();
            }

            token = page.NextPageToken is { Length: > 0 } more && more != token
                ? more
                : throw new ConnectorApiException($"{DriveClient.ProviderName} answered a changes page with neither a next page nor a new start token.");
            page = await client.ListChangesAsync(token, pageSize, ct);
        }
    }

    private async Task<DriveChangeList?> FirstPageAsync(string pageToken, CancellationToken ct)
    {
        try
        {
            return await client.ListChangesAsync(pageToken, pageSize, ct);
        }
        catch (ConnectorConfigurationException)
        {
            return null;
        }
    }

    private async Task ApplyAsync(DriveChangeList page, DriveTally tally, DriveDocumentBuffer buffer, CancellationToken ct)
    {
        var gone = new List<string>();
        foreach (var change in LatestPerFile(page.Changes))
        {
            if (change.Removed || change.File is null || change.File.Trashed)
            {
                tally.SawRemoval();
                gone.Add(change.FileId!);
            }
            else
            {
                var read = await reader.ReadAsync(change.File, ct);
                tally.Saw(change.File, read);
                if (read.Document is { } document)
                {
                    await buffer.AddAsync(document, ct);
                }
                else if (read.Outcome is DriveReadOutcome.NotText or DriveReadOutcome.TooLarge)
                {
                    gone.Add(change.File.Id);
                }
            }

            context.Progress.Report(new SyncProgress(tally.Seen, null));
        }

        await buffer.FlushAsync(ct);
        tally.RemovedDocuments(await context.Documents.RemoveAsync(gone, ct));
    }

    /// <summary>File changes only (shared-drive changes have no file id), the last one per file.</summary>
    private static IEnumerable<DriveChange> LatestPerFile(IReadOnlyList<DriveChange>? changes) =>
        (changes ?? []).Where(c => !string.IsNullOrEmpty(c.FileId)).GroupBy(c => c.FileId, StringComparer.Ordinal).Select(g => g.Last());
}
