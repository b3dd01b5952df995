using Connectors.Domain.Connectors;

namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary>
/// A full sync: the changes feed's start token is taken first (so whatever changes during the listing
/// is replayed by the next incremental sync), then every page of <c>files.list</c> is read; documents of
/// files that are gone — or are no longer readable as text — are removed; the token is saved last.
/// </summary>
internal sealed class DriveFullSync(DriveClient client, DriveFileReader reader, DriveCursor cursor, SyncContext context, int pageSize, long maxBytes)
{
    public async Task<SyncResult> RunAsync(CancellationToken ct)
    {
        var startPageToken = await client.StartPageTokenAsync(ct);
        var tally = new DriveTally(maxBytes);
        var buffer = new DriveDocumentBuffer(context.Documents, tally);
        // Files Drive refused this time keep their document: the refusal says nothing about the content.
        var keep = new HashSet<string>(StringComparer.Ordinal);
        string? pageToken = null;
        do
        {
            var page = await client.ListFilesAsync(pageSize, pageToken, ct);
            foreach (var file in page.Files ?? [])
            {
                var read = await reader.ReadAsync(file, ct);
                tally.Saw(file, read);
                if (read.Outcome is DriveReadOutcome.Read or DriveReadOutcome.Unreadable)
                {
                    keep.Add(file.Id);
                }

                if (read.Document is { } document)
                {
                    await buffer.AddAsync(document, ct);
                }

                context.Progress.Report(new SyncProgress(tally.Seen, null));
            }

            await buffer.FlushAsync(ct);
            pageToken = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(pageToken));

        tally.RemovedDocuments(await context.Documents.RemoveAllExceptAsync(keep, ct));
        await cursor.SaveAsync(startPageToken, ct);
        return tally.ToResult();
    }
}
