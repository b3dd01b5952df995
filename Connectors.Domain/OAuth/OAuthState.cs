using Connectors.Domain.Tenancy;

namespace Connectors.Domain.OAuth;

/// <summary>A pending authorization. Only the SHA-256 of the state travels to the database.</summary>
public sealed class OAuthState : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid InstallationId { get; set; }
    public required string UserId { get; set; }
    public required string StateHash { get; set; }
    public string? ProtectedCodeVerifier { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
}
