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
