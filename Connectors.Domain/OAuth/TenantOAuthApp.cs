using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;

namespace Connectors.Domain.OAuth;

/// <summary>
/// A tenant's own OAuth client for a provider ("bring your own Google OAuth app"): it replaces the deployment's
/// <c>Connectors:OAuth:&lt;key&gt;</c> client for that tenant's accounts. The client id is here; the secret is in the vault
/// (an owned secret of this id).
/// </summary>
public sealed class TenantOAuthApp : ITenantOwned, IAuditedEntity, IConcurrencyStamped
{
    public const int ClientIdMaxLength = 300;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }

    /// <summary>The OAuth connector's key (<c>google-drive</c>, <c>notion</c>).</summary>
    public required string ProviderKey { get; set; }

    public required string ClientId { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
