using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;

namespace Connectors.Domain.Notifications;

public enum ChannelKind
{
    Email,
    Webhook,
}

/// <summary>Where a tenant's notifications go: an email list, or a webhook endpoint signed per the Standard
/// Webhooks specification (its secret is in the vault under the channel's id, shown once when created).</summary>
public sealed class NotificationChannel : ITenantOwned, IAuditedEntity, IConcurrencyStamped
{
    public const int NameMaxLength = 100;
    public const int UrlMaxLength = 2000;
    public const int RecipientsMaxLength = 2000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public ChannelKind Kind { get; set; }
    public required string Name { get; set; }

    /// <summary>Email: the addresses, one per line.</summary>
    public string? Recipients { get; set; }

    /// <summary>Webhook: the endpoint.</summary>
    public string? Url { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Why the channel was turned off automatically (the product's words); null when enabled or turned
    /// off by a person.</summary>
    public string? DisabledReason { get; set; }

    public DateTime? DisabledAt { get; set; }

    /// <summary>Failed delivery attempts in a row; a success resets it.</summary>
    public int FailedAttemptsInRow { get; set; }

    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public IReadOnlyList<string> RecipientList =>
        (Recipients ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
