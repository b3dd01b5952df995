using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;

namespace Connectors.Domain.Credentials;

/// <summary>
/// A connector credential defined once in a tenant and used by any number of its accounts ("Atlassian service
/// account", "Shared support mailbox"): the connection fields the connector marks as credential-scoped (a site, an
/// email, a server and login) in <see cref="ConnectionJson"/>, its secrets in the vault (an owned secret of this id).
/// <see cref="Version"/> counts rotations; every use reads the credential afresh, so a rotation reaches every account on
/// every node at its next operation.
/// </summary>
public sealed class TenantCredential : ITenantOwned, IAuditedEntity, IConcurrencyStamped
{
    public const int NameMaxLength = 80;
    public const int MessageMaxLength = 1000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string ConnectorKey { get; set; }
    public string Name { get; private set; } = "";

    /// <summary>Upper-cased name; the unique index on it makes names case-insensitive per connector.</summary>
    public string NormalizedName { get; private set; } = "";

    /// <summary>The credential-scoped connection fields, as an account's <c>config.connection</c> holds them.</summary>
    public string ConnectionJson { get; set; } = "{}";

    /// <summary>1 when created; each rotation adds one.</summary>
    public int Version { get; set; } = 1;

    public CredentialTestStatus TestStatus { get; set; }

    /// <summary>The last test's message in the product's words (failures only).</summary>
    public string? TestMessage { get; set; }

    public DateTime? TestedAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public void Rename(string name)
    {
        Name = name;
        NormalizedName = name.Normalize(System.Text.NormalizationForm.FormC).ToUpperInvariant();
    }
}

public enum CredentialTestStatus
{
    Untested,
    Passed,
    Failed,
}
