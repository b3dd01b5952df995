using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;

namespace Connectors.Domain.Vault;

/// <summary>The vault row of one account. Secret and tokens are DataProtection ciphertexts bound
/// to (tenant, account); <see cref="ExtraJson"/> holds non-secret connector state (cursors).</summary>
public sealed class ConnectorCredential : ITenantOwned, IConcurrencyStamped
{
    public Guid InstallationId { get; set; }
    public Guid TenantId { get; set; }
    public string? ProtectedSecret { get; set; }
    public string? ProtectedAccessToken { get; set; }
    public string? ProtectedRefreshToken { get; set; }
    public DateTime? AccessTokenExpiresAt { get; set; }
    public string ExtraJson { get; set; } = "{}";
    public DateTime UpdatedAt { get; set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();
}
