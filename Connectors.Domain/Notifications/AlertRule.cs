using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;

namespace Connectors.Domain.Notifications;

/// <summary>Which events go to which channels, optionally only for some connectors or projects (empty = all).
/// Lists are stored comma-separated: event names, connector keys and project keys contain no commas.</summary>
public sealed class AlertRule : ITenantOwned, IAuditedEntity, IConcurrencyStamped
{
    public const int NameMaxLength = 100;
    public const int ListMaxLength = 2000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public string Events { get; set; } = "";
    public string ChannelIds { get; set; } = "";
    public string Connectors { get; set; } = "";
    public string Projects { get; set; } = "";
    public bool Enabled { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public IReadOnlyList<string> EventList => Split(Events);

    public IReadOnlyList<Guid> ChannelIdList => [.. Split(ChannelIds).Select(Guid.Parse)];

    public IReadOnlyList<string> ConnectorList => Split(Connectors);

    public IReadOnlyList<string> ProjectList => Split(Projects);

    public static string Join(IEnumerable<string> values) => string.Join(',', values);

    /// <summary>Does an event of this kind, connector and project pass the rule?</summary>
    public bool Matches(string kind, string? connectorKey, string? projectKey) =>
        Enabled
        && EventList.Contains(kind)
        && (ConnectorList.Count == 0 || (connectorKey is not null && ConnectorList.Contains(connectorKey)))
        && (ProjectList.Count == 0 || (projectKey is not null && ProjectList.Contains(projectKey)));

    private static string[] Split(string value) => value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
