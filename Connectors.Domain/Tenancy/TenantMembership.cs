namespace Connectors.Domain.Tenancy;

/// <summary>A user's role in one tenant. Read by user id when signing in, so it is not
/// tenant-filtered; it is the bridge between a user and the tenants they may enter.</summary>
public sealed class TenantMembership
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string UserId { get; set; }
    public TenantRole Role { get; set; }
    public DateTime CreatedAt { get; set; }
}
