using Connectors.Domain.Tenancy;

namespace Connectors.Domain.Notifications;

/// <summary>One entry of a user's in-app inbox (the bell): every admin of the tenant gets each notified event.</summary>
public sealed class InboxNotification : ITenantOwned
{
    public const int TitleMaxLength = 200;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public required string UserId { get; set; }
    public Guid? EventId { get; set; }
    public required string Kind { get; set; }
    public required string Title { get; set; }
    public required string Message { get; set; }

    /// <summary>The account it is about (the entry links to its page); null for a channel notice.</summary>
    public Guid? AccountId { get; set; }

    /// <summary>A channel it is about (disabled after failures): the entry links to the notifications page.</summary>
    public Guid? ChannelId { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? ReadAt { get; set; }
}
