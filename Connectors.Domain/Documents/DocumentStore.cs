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
public sealed class DocumentStore(IDbContextFactory<ConnectorsDbContext> factory, TenantContext tenant, TimeProvider clock)
{
    public IDocumentSink For(ConnectorAccount account) => new Sink(this, account);

    public Task<UpsertCounts> UpsertAsync(ConnectorAccount account, IReadOnlyList<DocumentInput> documents, CancellationToken ct) =>
        documents.Count == 0 ? Task.FromResult(new UpsertCounts(0, 0, 0)) : UpsertLatestAsync(account, Latest(documents), ct);

    /// <summary>The last of each external id in the batch.</summary>
    private static List<DocumentInput> Latest(IReadOnlyList<DocumentInput> documents) =>
        documents.GroupBy(d => d.ExternalId, StringComparer.Ordinal).Select(g => g.Last()).ToList();

    /// <summary>
    /// Inserts a batch the caller knows to be all new without looking for stored ones first (an account with no
    /// documents when its sync started, none of these ids written by it since). Returns null when the database
    /// disagrees (the unique index refused a row: nothing of the batch was kept), so the caller upserts as usual.
    /// </summary>
    private async Task<UpsertCounts?> TryInsertNewAsync(ConnectorAccount account, List<DocumentInput> latest, CancellationToken ct)
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

    private async Task<bool> HasDocumentsAsync(ConnectorAccount account, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await db.Documents.AnyAsync(d => d.InstallationId == account.Id, ct);
    }

    private async Task<UpsertCounts> UpsertLatestAsync(ConnectorAccount account, List<DocumentInput> latest, CancellationToken ct)
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
        int updated = 0, unchanged = 0;
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
            }
        }

        if (updated > 0)
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

    /// <summary>Deletes the account's documents with these external ids (in chunks, so a long list
    /// never exceeds a provider's parameter limit).</summary>
    public async Task<int> RemoveAsync(ConnectorAccount account, IReadOnlyCollection<string> externalIds, CancellationToken ct)
    {
        if (externalIds.Count == 0)
        {
            return 0;
        }

        var removed = 0;
        await using var db = factory.CreateDbContext();
        foreach (var chunk in externalIds.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            removed += await db.Documents
                .Where(d => d.InstallationId == account.Id && chunk.Contains(d.ExternalId))
                .ExecuteDeleteAsync(ct);
        }

        return removed;
    }

    /// <summary>Deletes the account's documents whose external id is not in <paramref name="present"/>.</summary>
    public async Task<int> RemoveAllExceptAsync(ConnectorAccount account, IReadOnlySet<string> present, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var stored = await db.Documents.Where(d => d.InstallationId == account.Id).Select(d => d.ExternalId).ToListAsync(ct);
        var gone = stored.Where(id => !present.Contains(id)).ToList();
        return gone.Count == 0 ? 0 : await RemoveAsync(account, gone, ct);
    }

    /// <summary>
    /// One sync's writer for one account. A first sync (the account had no documents when the sink first wrote)
    /// skips the lookup for stored documents while every batch is new to it: it remembers the ids it wrote, and a
    /// batch that repeats one (the same message in two folders) — or that the unique index refuses — goes
    /// through the usual lookup and compare.
    /// </summary>
    private sealed class Sink(DocumentStore store, ConnectorAccount account) : IDocumentSink
    {
        private bool? _startedEmpty;

        /// <summary>The ids written, as 64-bit keys (two string hashes): a few MB for 200,000 documents. Two ids
        /// sharing a key only send a batch through the lookup.</summary>
        private readonly HashSet<long> _written = [];

        public async Task<UpsertCounts> UpsertAsync(IReadOnlyList<DocumentInput> documents, CancellationToken ct)
        {
            if (documents.Count == 0)
            {
                return new UpsertCounts(0, 0, 0);
            }

            var latest = Latest(documents);
            _startedEmpty ??= !await store.HasDocumentsAsync(account, ct);
            if (_startedEmpty == true && !latest.Exists(d => _written.Contains(Key(d.ExternalId)))
                && await store.TryInsertNewAsync(account, latest, ct) is { } inserted)
            {
                _written.UnionWith(latest.Select(d => Key(d.ExternalId)));
                return inserted;
            }

            var counts = await store.UpsertLatestAsync(account, latest, ct);
            if (_startedEmpty == true)
            {
                _written.UnionWith(latest.Select(d => Key(d.ExternalId)));
            }

            return counts;
        }

        private static long Key(string externalId) =>
            ((long)externalId.GetHashCode(StringComparison.Ordinal) << 32) | (uint)externalId.GetHashCode(StringComparison.OrdinalIgnoreCase);

        public Task<int> RemoveAsync(IReadOnlyCollection<string> externalIds, CancellationToken ct) =>
            store.RemoveAsync(account, externalIds, ct);

        public Task<int> RemoveAllExceptAsync(IReadOnlySet<string> present, CancellationToken ct) =>
            store.RemoveAllExceptAsync(account, present, ct);
    }
}
