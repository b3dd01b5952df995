using Connectors.Domain.Auditing;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Accounts;

/// <summary>
/// Deletes a project of the tenant. Refused while any account ingests into it — bound to it, or having it as a further
/// target project (409 naming the accounts) — and for the tenant's default project (accounts without a binding land
/// there). Otherwise the project goes with the documents still stored in it (those of accounts deleted with "keep
/// documents"); the audit entry says how many.
/// </summary>
public sealed class ProjectDeletion(AccountStore store, ActorContext actor, TenantContext tenant, AuditLog audit)
{
    /// <summary>Deletes the project; returns how many documents went with it.</summary>
    public async Task<int> DeleteAsync(string key, CancellationToken ct)
    {
        actor.EnsureCanManage();
        var tenantId = tenant.RequireTenantId();
        var lookup = key?.Trim() ?? "";
        await using var db = store.Open();
        var project = await db.Projects.SingleOrDefaultAsync(p => p.Key == lookup, ct)
            ?? throw new NotFoundException($"Project '{key}' was not found.");
        var tenantDefault = ProjectKeyResolver.Resolve(null, null, await store.TenantDefaultProjectAsync(db, tenantId, ct));
        if (project.Key == tenantDefault)
        {
            throw new ValidationFailedException("key", $"'{project.Key}' is the tenant's default project: accounts without a project of their own ingest into it. Make another project the default first.");
        }

        var legacy = "\"project_key\":" + System.Text.Json.JsonSerializer.Serialize(project.Key);
        var users = await db.Installations.AsNoTracking()
            .Where(i => i.ProjectKey == project.Key || i.Targets.Any(t => t.ProjectKey == project.Key) || (i.ProjectKey == null && i.ConfigJson.Contains(legacy)))
            .OrderBy(i => i.NormalizedLabel).Select(i => i.Label).ToListAsync(ct);
        if (users.Count > 0)
        {
            throw new InUseException(
                $"Project '{project.Key}' is where {string.Join(", ", users.Take(10).Select(l => $"'{l}'"))}{(users.Count > 10 ? $" and {users.Count - 10} more" : "")} "
                + "ingest; move those accounts to another project (or remove it from their further projects) first.", users);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var documents = await db.Documents.Where(d => d.ProjectKey == project.Key).ExecuteDeleteAsync(ct);
        db.Projects.Remove(project);
        audit.Record(db, "project.deleted", "project", project.Key,
            $"Deleted project '{project.Key}'{(documents > 0 ? $" with its {documents} document{(documents == 1 ? "" : "s")} of deleted accounts" : "")}.");
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return documents;
    }
}
