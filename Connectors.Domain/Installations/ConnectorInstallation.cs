using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;

namespace Connectors.Domain.Installations;

/// <summary>One labelled account of a connector in a tenant ("support@" and "sales@" side by side).</summary>
public sealed class ConnectorInstallation : ITenantOwned, IAuditedEntity, IConcurrencyStamped
{
    public const int LabelMaxLength = 64;
    public const int ProjectKeyMaxLength = 120;
    public const string DefaultLabel = "default";

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string ConnectorKey { get; set; }
    public string Label { get; private set; } = DefaultLabel;
    /// <summary>Upper-cased label; the unique index on it makes labels case-insensitive.</summary>
    public string NormalizedLabel { get; private set; } = AccountLabel.Normalize(DefaultLabel);
    /// <summary>Null means "inherit the tenant default".</summary>
    public string? ProjectKey { get; set; }

    /// <summary>Further projects the account's documents belong to (<see cref="AccountTarget"/>); loaded only when asked for.</summary>
    public List<AccountTarget> Targets { get; set; } = [];

    /// <summary>The tenant credential the account signs in with; null when it has its own (or none).</summary>
    public Guid? CredentialId { get; set; }
    public InstallationStatus Status { get; set; }
    public string ConfigJson { get; set; } = "{}";
    public string? ErrorJson { get; set; }
    public int? CadenceMinutes { get; set; }
    public DateTime? LastSyncAt { get; set; }
    public DateTime? LastSuccessAt { get; set; }
    public DateTime? NextSyncAt { get; set; }
    public int ConsecutiveFailures { get; set; }
    public ConnectionTestStatus TestStatus { get; set; }
    public DateTime? LastTestedAt { get; set; }

    /// <summary>The account's own connection-check cadence; null follows the connector's or the default.</summary>
    public int? CheckMinutes { get; set; }

    /// <summary>When the scheduled connection check is next due; null until first scheduled.</summary>
    public DateTime? NextCheckAt { get; set; }

    /// <summary>Failed connection checks in a row (reset by a passing one).</summary>
    public int CheckFailures { get; set; }

    /// <summary>The last check's message in the product's words (failures only).</summary>
    public string? CheckMessage { get; set; }

    /// <summary>auth, transient or configuration: the last failed check's kind.</summary>
    public string? CheckCategory { get; set; }

    /// <summary>The sweep that claimed the account's due check (one conditional update across nodes).</summary>
    public Guid? CheckClaim { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public void Rename(string label)
    {
        Label = label;
        NormalizedLabel = AccountLabel.Normalize(label);
    }
}
