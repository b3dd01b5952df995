using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;

namespace Connectors.Domain.Auditing;

/// <summary>Adds an audit entry to the caller's context so it commits with the change it describes.
/// Summaries are written by the services from non-secret values only.</summary>
public sealed class AuditLog(ActorContext actor, TimeProvider clock)
{
    public void Record(ConnectorsDbContext db, string action, string targetType, string? targetId, string summary) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            ActorUserId = actor.UserId ?? "system",
            ImpersonatorUserId = actor.ImpersonatorUserId,
            Action = action,
            TargetType = targetType,
            TargetId = targetId,
            Summary = summary,
        });
}
