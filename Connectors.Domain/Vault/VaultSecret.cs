using Connectors.Domain.Tenancy;

namespace Connectors.Domain.Vault;

/// <summary>A secret that belongs to something other than an account (a webhook endpoint's signing secret),
/// encrypted like account credentials under the purpose chain (vault purpose, tenant id, owner id).</summary>
public sealed class VaultSecret : ITenantOwned
{
    public Guid OwnerId { get; set; }
    public Guid TenantId { get; set; }
    public required string ProtectedValue { get; set; }
    public DateTime UpdatedAt { get; set; }
}
