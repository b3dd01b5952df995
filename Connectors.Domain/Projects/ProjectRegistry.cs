using Connectors.Domain.Auditing;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Projects;

/// <summary>A project as the dropdowns show it: its immutable key and its display name.</summary>
public sealed record ProjectSummary(string Key, string Name);

/// <summary>The tenant's knowledge-base projects. The project dropdown and the binding validator
/// both read this list, so a key offered in the UI is exactly a key the services accept.</summary>
public sealed partial class ProjectRegistry(
    IDbContextFactory<ConnectorsDbContext> factory, ActorContext actor, AuditLog audit)
{
    private const int NameMaxLength = 200;

    /// <summary>The tenant's projects sorted by key.</summary>
    public async Task<IReadOnlyList<ProjectSummary>> ListAsync(CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await db.Projects.OrderBy(p => p.Key).Select(p => new ProjectSummary(p.Key, p.Name)).ToListAsync(ct);
    }

    /// <summary>Adds a project (ManageConnectors). The key follows <see cref="ProjectKey"/>'s rules;
    /// a key already taken in the tenant is a validation error on <c>key</c> naming it.</summary>
    public async Task<ProjectSummary> AddAsync(string key, string name, CancellationToken ct)
    {
        actor.EnsureCanManage();
        var parsedKey = ProjectKey.Parse(key, "key");
        var parsedName = ParseName(name);

        await using var db = factory.CreateDbContext();
        db.Projects.Add(new KbProject { Key = parsedKey, Name = parsedName });
        audit.Record(db, "project.added", "project", parsedKey, $"Added project '{parsedKey}'.");
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (UniqueIndex.IsViolation(e))
        {
            throw new ValidationFailedException("key", $"Project '{parsedKey}' already exists.");
        }

        return new ProjectSummary(parsedKey, parsedName);
    }

    private static string ParseName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > NameMaxLength)
        {
            throw new ValidationFailedException("name", $"Project name is required (at most {NameMaxLength} characters).");
        }

        return name.Trim();
    }

    /// <summary>Null or blank means "no binding"; anything else must be a project of this tenant.</summary>
    internal static async Task<string?> ValidateBindingAsync(ConnectorsDbContext db, string? projectKey, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(projectKey))
        {
            return null;
        }

        var key = projectKey.Trim();
        if (!await db.Projects.AnyAsync(p => p.Key == key, ct))
        {
            throw new ValidationFailedException("projectKey", $"Project '{key}' does not exist in this tenant.");
        }

        return key;
    }
}
