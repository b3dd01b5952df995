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

    /// <summary>Removes the account's documents with these external ids (deleted or trashed upstream);
    /// returns how many were removed.</summary>
    Task<int> RemoveAsync(IReadOnlyCollection<string> externalIds, CancellationToken ct);

    /// <summary>After a full listing: removes the account's documents whose external id is not in
    /// <paramref name="present"/> (gone upstream); returns how many were removed.</summary>
    Task<int> RemoveAllExceptAsync(IReadOnlySet<string> present, CancellationToken ct);

    /// <summary>The account's stored documents whose source URL starts with <paramref name="sourceUrlPrefix"/>: for a
    /// connector whose source reports deletions by location (an IMAP folder's UIDs) rather than by document id.</summary>
    Task<IReadOnlyList<StoredSource>> StoredUnderAsync(string sourceUrlPrefix, CancellationToken ct);

    /// <summary>The external ids of the account's stored documents: a connector whose filter was widened reads the items now
    /// matching that it does not hold yet, and only those.</summary>
    Task<IReadOnlySet<string>> StoredIdsAsync(CancellationToken ct);

    /// <summary>The account's stored documents: external id → the source's modification time they were read at. A
    /// connector listing its source again reads only what is new or modified since.</summary>
    Task<IReadOnlyDictionary<string, DateTime?>> StoredVersionsAsync(CancellationToken ct);
}

/// <summary>A stored document's id at its source and where it was last read from.</summary>
public sealed record StoredSource(string ExternalId, string SourceUrl);
