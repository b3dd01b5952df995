using Connectors.Domain.Tenancy;

namespace Connectors.Domain.Auditing;

/// <summary>Who did what to which target, and for whom when impersonating. Never a secret.</summary>
public sealed class AuditEntry : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public DateTime At { get; set; }
    public required string ActorUserId { get; set; }
    public string? ImpersonatorUserId { get; set; }
    public required string Action { get; set; }
    public required string TargetType { get; set; }
    public string? TargetId { get; set; }
    public string Summary { get; set; } = "";
}
