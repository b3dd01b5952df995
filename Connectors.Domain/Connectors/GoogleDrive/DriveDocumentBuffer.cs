using Connectors.Domain.Documents;

namespace Connectors.Domain.Connectors.GoogleDrive;

/// <summary>Collects read files and writes them in batches — at the end of each API page, or sooner
/// once the texts held reach a few megabytes, so a page of large files never piles up in memory.</summary>
internal sealed class DriveDocumentBuffer(IDocumentSink sink, DriveTally tally)
{
    private const long MaxBufferedChars = 8 * 1024 * 1024;
    private readonly List<DocumentInput> _documents = [];
    private long _chars;

    public async Task AddAsync(DocumentInput document, CancellationToken ct)
    {
        _documents.Add(document);
        _chars += document.Content.Length;
        if (_chars >= MaxBufferedChars)
        {
            await FlushAsync(ct);
        }
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        if (_documents.Count == 0)
        {
            return;
        }

        tally.Wrote(await sink.UpsertAsync([.. _documents], ct));
        _documents.Clear();
        _chars = 0;
    }
}
