using Connectors.Domain.Auditing;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Administration;

/// <summary>
/// Records the start and end of a support impersonation in the impersonated tenant's audit log, so
/// the tenant sees who looked at its data, why, in which mode and until when. Both
/// entries carry the support user as actor and impersonator; everything done meanwhile is audited
/// the same way by the services.
/// </summary>
public sealed class ImpersonationJournal(IDbContextFactory<ConnectorsDbContext> factory, TenantContext tenant, TimeProvider clock)
{
    /// <summary>Checks the tenant exists and records the start. Throws <see cref="NotFoundException"/>
    /// for an unknown tenant.</summary>
    public async Task<TenantSummary> RecordStartAsync(string supportUserId, Guid tenantId, bool fullAccess, DateTimeOffset expiresAt, string reason, CancellationToken ct)
    {
        using var _ = tenant.Enter(tenantId);
        await using var db = factory.CreateDbContext();
        var target = await db.Tenants.Where(t => t.Id == tenantId)
            .Select(t => new TenantSummary(t.Id, t.Slug, t.Name, t.DefaultProjectKey)).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"Tenant {tenantId} does not exist.");
        var mode = fullAccess ? "full access" : "read-only";
        Add(db, supportUserId, "impersonation.started", tenantId,
            $"Support started a {mode} impersonation until {expiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC. Reason: {reason}");
        await db.SaveChangesAsync(ct);
        return target;
    }

    public async Task RecordStopAsync(string supportUserId, Guid tenantId, CancellationToken ct)
    {
        using var _ = tenant.Enter(tenantId);
        await using var db = factory.CreateDbContext();
        Add(db, supportUserId, "impersonation.stopped", tenantId, "Support stopped the impersonation.");
        await db.SaveChangesAsync(ct);
    }

    private void Add(ConnectorsDbContext db, string supportUserId, string action, Guid tenantId, string summary) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            ActorUserId = supportUserId,
            ImpersonatorUserId = supportUserId,
            Action = action,
            TargetType = "tenant",
            TargetId = tenantId.ToString(),
            Summary = summary,
        });
}
