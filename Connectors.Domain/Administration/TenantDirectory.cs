using System.Text.RegularExpressions;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Administration;

public sealed record TenantSummary(Guid Id, string Slug, string Name, string? DefaultProjectKey);

/// <summary>Creates and lists tenants (platform operations: the CLI and seeding). A new tenant gets
/// its default project created in its registry, so bindings and resolution agree from the start.</summary>
public sealed partial class TenantDirectory(IDbContextFactory<ConnectorsDbContext> factory, TenantContext tenant, TimeProvider clock)
{
    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex SlugPattern();

    public async Task<TenantSummary> AddAsync(string slug, string name, string? defaultProjectKey, CancellationToken ct)
    {
        var parsedSlug = slug.Trim();
        if (parsedSlug.Length is 0 or > 64 || !SlugPattern().IsMatch(parsedSlug))
        {
            throw new ValidationFailedException("slug", $"Tenant slug '{slug}' is not valid: use 1–64 lowercase letters, digits and single hyphens.");
        }

        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 200)
        {
            throw new ValidationFailedException("name", "Tenant name is required (at most 200 characters).");
        }

        var projectKey = ProjectKey.Parse(defaultProjectKey ?? ProjectKey.Default, "defaultProject");
        var created = new Tenant { Slug = parsedSlug, Name = name.Trim(), DefaultProjectKey = projectKey, CreatedAt = clock.GetUtcNow().UtcDateTime };
        using var _ = tenant.Enter(created.Id);
        await using var db = factory.CreateDbContext();
        db.Tenants.Add(created);
        db.Projects.Add(new KbProject { Key = projectKey, Name = projectKey == ProjectKey.Default ? "Default" : projectKey, CreatedAt = created.CreatedAt });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueIndex.IsViolation(e))
        {
            throw new ValidationFailedException("slug", $"A tenant with slug '{parsedSlug}' already exists.");
        }

        return new TenantSummary(created.Id, created.Slug, created.Name, created.DefaultProjectKey);
    }

    public async Task<IReadOnlyList<TenantSummary>> ListAsync(CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await db.Tenants.OrderBy(t => t.Slug)
            .Select(t => new TenantSummary(t.Id, t.Slug, t.Name, t.DefaultProjectKey)).ToListAsync(ct);
    }

    /// <summary>The tenant with this id, or null.</summary>
    public async Task<TenantSummary?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await db.Tenants.Where(t => t.Id == id)
            .Select(t => new TenantSummary(t.Id, t.Slug, t.Name, t.DefaultProjectKey)).SingleOrDefaultAsync(ct);
    }

    public async Task<TenantSummary> GetBySlugAsync(string slug, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await db.Tenants.Where(t => t.Slug == slug.Trim())
            .Select(t => new TenantSummary(t.Id, t.Slug, t.Name, t.DefaultProjectKey)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"Tenant '{slug}' does not exist.");
    }
}
