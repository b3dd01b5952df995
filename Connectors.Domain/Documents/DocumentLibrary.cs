using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Documents;

/// <summary>Reads the tenant's ingested documents for the admin area (ViewConnectors). The
/// context's tenant filter scopes every query: another tenant's document reads as not found.</summary>
public sealed class DocumentLibrary(IDbContextFactory<ConnectorsDbContext> factory, ActorContext actor)
{
    /// <summary>The largest page a caller may ask for.</summary>
    public const int MaxPageSize = 100;

    /// <summary>How many documents the account ingested (what deleting it with its documents would remove).</summary>
    public async Task<int> CountOfAccountAsync(Guid accountId, CancellationToken ct)
    {
        actor.EnsureCanView();
        await using var db = factory.CreateDbContext();
        return await db.Documents.CountAsync(d => d.InstallationId == accountId, ct);
    }

    /// <summary>Documents in <paramref name="projectKey"/> — stored there, or of an account that has it as a further
    /// target project — whose title contains
    /// <paramref name="titleQuery"/> (case-insensitively; blank matches all), most recently updated at
    /// the source first. <paramref name="pageIndex"/> counts from 0.</summary>
    public async Task<DocumentPage> SearchAsync(string projectKey, string? titleQuery, int pageIndex, int pageSize, CancellationToken ct)
    {
        actor.EnsureCanView();
        ArgumentOutOfRangeException.ThrowIfNegative(pageIndex);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pageSize);
        pageSize = Math.Min(pageSize, MaxPageSize);
        await using var db = factory.CreateDbContext();
        var query = db.Documents.AsNoTracking().Where(d => d.ProjectKey == projectKey
            || db.AccountTargets.Any(t => t.InstallationId == d.InstallationId && t.ProjectKey == projectKey));
        if (!string.IsNullOrWhiteSpace(titleQuery))
        {
            var pattern = TextSearch.ContainsPattern(titleQuery);
            query = query.Where(d => EF.Functions.Like(d.Title.ToLower(), pattern, TextSearch.Escape));
        }

        var total = await query.CountAsync(ct);
        var items = await query
            .OrderByDescending(d => d.SourceUpdatedAt ?? d.SourceCreatedAt ?? d.IngestedAt).ThenByDescending(d => d.Id)
            .Skip(pageIndex * pageSize).Take(pageSize)
            .Select(d => new DocumentListItem(
                d.Id, d.Title, d.ConnectorKey,
                db.Installations.Where(i => i.Id == d.InstallationId).Select(i => i.Label).FirstOrDefault(),
                d.Author, d.SourceUpdatedAt ?? d.SourceCreatedAt, d.IngestedAt))
            .ToListAsync(ct);
        return new DocumentPage(items, total);
    }

    /// <summary>One document with its content and the further projects it appears in (its account's targets). Unknown
    /// ids and other tenants' ids are <see cref="NotFoundException"/>.</summary>
    public async Task<DocumentDetails> GetAsync(Guid id, CancellationToken ct)
    {
        actor.EnsureCanView();
        await using var db = factory.CreateDbContext();
        var document = await db.Documents.AsNoTracking().Where(d => d.Id == id)
            .Select(d => new DocumentDetails(
                d.Id, d.Title, d.ProjectKey, d.ConnectorKey,
                db.Installations.Where(i => i.Id == d.InstallationId).Select(i => i.Label).FirstOrDefault(),
                d.Author, d.MimeType, d.SourceUrl, d.SourceCreatedAt, d.SourceUpdatedAt, d.IngestedAt, d.UpdatedAt, d.Content))
            .SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"Document {id} was not found.");
        var alsoIn = await db.Documents.Where(d => d.Id == id)
            .SelectMany(d => db.AccountTargets.Where(t => t.InstallationId == d.InstallationId && t.ProjectKey != d.ProjectKey).Select(t => t.ProjectKey))
            .OrderBy(k => k).ToListAsync(ct);
        return document with { AlsoInProjects = alsoIn };
    }
}
