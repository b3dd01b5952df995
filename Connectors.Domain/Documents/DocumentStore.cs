using System.Security.Cryptography;
using System.Text;
using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Documents;

/// <summary>Upserts documents by (account, external id), comparing a content hash: new → added,
/// changed → updated, same → unchanged. Documents land in the account's resolved project.</summary>
public sealed partial class DocumentStore(IDbContextFactory<ConnectorsDbContext> factory, TenantContext tenant, TimeProvider clock)
{
    /// <summary>One sync's writer for <paramref name="account"/>: upserts at once, collects removals until
    /// <see cref="DocumentSink.CommitRemovalsAsync"/> (the deletion brake decides there).</summary>
    public DocumentSink For(ConnectorAccount account) => new(this, account);

    public Task<UpsertCounts> UpsertAsync(ConnectorAccount account, IReadOnlyList<DocumentInput> documents, CancellationToken ct) =>
        documents.Count == 0 ? Task.FromResult(new UpsertCounts(0, 0, 0)) : UpsertLatestAsync(account, Latest(documents), ct);

    /// <summary>The last of each external id in the batch.</summary>
    internal static List<DocumentInput> Latest(IReadOnlyList<DocumentInput> documents) =>
        documents.GroupBy(d => d.ExternalId, StringComparer.Ordinal).Select(g => g.Last()).ToList();

    /// <summary>
    /// Inserts a batch the caller knows to be all new without looking for stored ones first (an account with no
    /// documents when its sync started, none of these ids written by it since). Returns null when the database
    /// disagrees (the unique index refused a row: nothing of the batch was kept), so the caller upserts as usual.
    /// </summary>
    internal async Task<UpsertCounts?> TryInsertNewAsync(ConnectorAccount account, List<DocumentInput> latest, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var created = latest.ConvertAll(input => Create(account, input, Hash(input), now));
        await using var db = factory.CreateDbContext();
        try
        {
            await InsertAsync(db, account, created, ct);
            return new UpsertCounts(created.Count, 0, 0);
        }
        catch (Exception e) when (e is DbUpdateException update ? UniqueIndex.IsViolation(update) : UniqueIndex.IsViolation(e))
        {
            return null; // The prepared insert's transaction rolled back, or SaveChanges wrote nothing.
        }
    }

    internal async Task<bool> HasDocumentsAsync(ConnectorAccount account, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await db.Documents.AnyAsync(d => d.InstallationId == account.Id, ct);
    }

    internal async Task<UpsertCounts> UpsertLatestAsync(ConnectorAccount account, List<DocumentInput> latest, CancellationToken ct)
    {
        var ids = latest.Select(d => d.ExternalId).ToList();
        await using var db = factory.CreateDbContext();
        // Every change below goes through Add or a tracked property set; no snapshot scan is needed.
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var existing = await db.Documents
            .Where(d => d.InstallationId == account.Id && ids.Contains(d.ExternalId))
            .ToDictionaryAsync(d => d.ExternalId, StringComparer.Ordinal, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var created = new List<Document>();
        int updated = 0, unchanged = 0, touched = 0;
        foreach (var input in latest)
        {
            var hash = Hash(input);
            if (!existing.TryGetValue(input.ExternalId, out var document))
            {
                created.Add(Create(account, input, hash, now));
            }
            else if (document.ContentHash != hash || document.ProjectKey != account.ProjectKey)
            {
                Apply(document, account, input, hash, now);
                updated++;
            }
            else
            {
                unchanged++;
                // The same text modified at the source (a Sheet's formatting, a file uploaded again): its time is kept up to
                // date, or a later listing would read it again and an age limit would count it old.
                if (input.SourceUpdatedAt is { } at && document.SourceUpdatedAt != at)
                {
                    document.SourceUpdatedAt = at;
                    touched++;
                }
            }
        }

        if (updated > 0 || touched > 0)
        {
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync(ct);
        }

        await InsertAsync(db, account, created, ct);
        return new UpsertCounts(created.Count, updated, unchanged);
    }

    /// <summary>New documents: one prepared statement per row on embedded SQLite (the sync's hot path),
    /// EF's batched inserts elsewhere.</summary>
    private async Task InsertAsync(ConnectorsDbContext db, ConnectorAccount account, List<Document> created, CancellationToken ct)
    {
        if (created.Count == 0)
        {
            return;
        }

        if (account.TenantId != tenant.TenantId)
        {
            throw new CrossTenantWriteException(nameof(Document));
        }

        if (db.Database.IsSqlite())
        {
            await PreparedInsert.InsertAsync(db, created, ct);
        }
        else
        {
            db.Documents.AddRange(created);
            await db.SaveChangesAsync(ct);
        }
    }

    public static string Hash(DocumentInput input)
    {
        var canonical = string.Join('\u001f', input.Title, input.Content, input.MimeType, input.SourceUrl ?? "", input.Author ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static Document Create(ConnectorAccount account, DocumentInput input, string hash, DateTime now)
    {
        var document = new Document
        {
            TenantId = account.TenantId,
            InstallationId = account.Id,
            ConnectorKey = account.ConnectorKey,
            ExternalId = input.ExternalId,
            ProjectKey = account.ProjectKey,
            Title = input.Title,
            ContentHash = hash,
            IngestedAt = now,
        };
        Apply(document, account, input, hash, now);
        return document;
    }

    private static void Apply(Document document, ConnectorAccount account, DocumentInput input, string hash, DateTime now)
    {
        document.ProjectKey = account.ProjectKey;
        document.Title = Truncate(input.Title, 1024);
        document.Content = input.Content;
        document.ContentHash = hash;
        document.MimeType = input.MimeType;
        document.SourceUrl = input.SourceUrl;
        document.Author = input.Author is null ? null : Truncate(input.Author, 512);
        document.SourceCreatedAt = input.SourceCreatedAt;
        document.SourceUpdatedAt = input.SourceUpdatedAt;
        document.UpdatedAt = now;
    }

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    /// <summary>The account's stored documents with these external ids (in chunks, so a long list never exceeds a
    /// provider's parameter limit).</summary>
    internal async Task<List<(string ExternalId, Guid Id)>> FindAsync(ConnectorAccount account, IReadOnlyCollection<string> externalIds, CancellationToken ct)
    {
        var found = new List<(string, Guid)>();
        await using var db = factory.CreateDbContext();
        foreach (var chunk in externalIds.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            found.AddRange((await db.Documents.AsNoTracking()
                    .Where(d => d.InstallationId == account.Id && chunk.Contains(d.ExternalId))
                    .Select(d => new { d.ExternalId, d.Id }).ToListAsync(ct))
                .Select(d => (d.ExternalId, d.Id)));
        }

        return found;
    }

    /// <summary>The account's stored documents whose external id is not in <paramref name="present"/>.</summary>
    internal async Task<List<(string ExternalId, Guid Id)>> GoneAsync(ConnectorAccount account, IReadOnlySet<string> present, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return [.. (await db.Documents.AsNoTracking().Where(d => d.InstallationId == account.Id).Select(d => new { d.ExternalId, d.Id }).ToListAsync(ct))
            .Where(d => !present.Contains(d.ExternalId)).Select(d => (d.ExternalId, d.Id))];
    }

    internal async Task<IReadOnlyList<StoredSource>> StoredUnderAsync(ConnectorAccount account, string prefix, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await db.Documents.AsNoTracking()
            .Where(d => d.InstallationId == account.Id && d.SourceUrl != null && d.SourceUrl.StartsWith(prefix))
            .Select(d => new StoredSource(d.ExternalId, d.SourceUrl!)).ToListAsync(ct);
    }

    internal async Task<IReadOnlySet<string>> StoredIdsAsync(ConnectorAccount account, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return (await db.Documents.AsNoTracking().Where(d => d.InstallationId == account.Id).Select(d => d.ExternalId).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
    }

    internal async Task<IReadOnlyDictionary<string, DateTime?>> StoredVersionsAsync(ConnectorAccount account, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await db.Documents.AsNoTracking().Where(d => d.InstallationId == account.Id)
            .Select(d => new { d.ExternalId, d.SourceUpdatedAt })
            .ToDictionaryAsync(d => d.ExternalId, d => d.SourceUpdatedAt, StringComparer.Ordinal, ct);
    }

    internal async Task<int> CountAsync(Guid accountId, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await db.Documents.CountAsync(d => d.InstallationId == accountId, ct);
    }

    /// <summary>Deletes the account's documents with these ids, in chunks.</summary>
    internal async Task<int> DeleteAsync(Guid accountId, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var removed = 0;
        await using var db = factory.CreateDbContext();
        foreach (var chunk in ids.Chunk(500))
        {
            removed += await db.Documents.Where(d => d.InstallationId == accountId && chunk.Contains(d.Id)).ExecuteDeleteAsync(ct);
        }

        return removed;
    }

    /// <summary>Makes <paramref name="ids"/> the account's held set (replacing an earlier one): the documents stay.</summary>
    internal async Task HoldAsync(ConnectorAccount account, Guid runId, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (account.TenantId != tenant.TenantId)
        {
            throw new CrossTenantWriteException(nameof(HeldRemoval));
        }

        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = factory.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.HeldRemovals.Where(h => h.InstallationId == account.Id).ExecuteDeleteAsync(ct);
        foreach (var chunk in ids.Chunk(1000))
        {
            db.HeldRemovals.AddRange(chunk.Select(id => new HeldRemoval
            {
                TenantId = account.TenantId, InstallationId = account.Id, DocumentId = id, RunId = runId, HeldAt = now,
            }));
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        await transaction.CommitAsync(ct);
    }

    /// <summary>Takes documents seen again out of the account's held set.</summary>
    internal async Task ReleaseHeldAsync(Guid accountId, IReadOnlyCollection<string> externalIds, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        foreach (var chunk in externalIds.Chunk(500))
        {
            await db.HeldRemovals
                .Where(h => h.InstallationId == accountId && db.Documents.Any(d => d.Id == h.DocumentId && chunk.Contains(d.ExternalId)))
                .ExecuteDeleteAsync(ct);
        }
    }

    /// <summary>After a complete listing: releases the held removals of documents the listing found present (every held
    /// document not in <paramref name="gone"/>), whether or not they were read again.</summary>
    internal async Task ReleaseHeldExceptAsync(Guid accountId, IReadOnlySet<Guid> gone, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var present = (await db.HeldRemovals.AsNoTracking().Where(h => h.InstallationId == accountId)
            .Select(h => new { h.Id, h.DocumentId }).ToListAsync(ct)).Where(h => !gone.Contains(h.DocumentId)).Select(h => h.Id).ToList();
        foreach (var chunk in present.Chunk(500))
        {
            await db.HeldRemovals.Where(h => chunk.Contains(h.Id)).ExecuteDeleteAsync(ct);
        }
    }

    internal async Task<bool> HasHeldAsync(Guid accountId, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await db.HeldRemovals.AnyAsync(h => h.InstallationId == accountId, ct);
    }
}
