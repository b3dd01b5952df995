namespace Connectors.Domain.Documents;

/// <summary>A document as a connector hands it over; the store hashes and upserts it.</summary>
public sealed record DocumentInput(
    string ExternalId,
    string Title,
    string Content,
    string MimeType = "text/plain",
    string? SourceUrl = null,
    string? Author = null,
    DateTime? SourceCreatedAt = null,
    DateTime? SourceUpdatedAt = null);

public sealed record UpsertCounts(int Added, int Updated, int Unchanged)
{
    public static UpsertCounts operator +(UpsertCounts a, UpsertCounts b) =>
        new(a.Added + b.Added, a.Updated + b.Updated, a.Unchanged + b.Unchanged);
}

/// <summary>Where a sync writes documents: into the account's resolved project.</summary>
public interface IDocumentSink
{
    Task<UpsertCounts> UpsertAsync(IReadOnlyList<DocumentInput> documents, CancellationToken ct);
}
