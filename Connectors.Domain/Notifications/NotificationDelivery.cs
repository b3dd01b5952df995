using Connectors.Domain.Tenancy;

namespace Connectors.Domain.Notifications;

public enum DeliveryStatus
{
    /// <summary>Waiting for its first attempt or a retry.</summary>
    Pending,
    Delivered,

    /// <summary>Every attempt failed; given up.</summary>
    Failed,

    /// <summary>Not sent: the channel was disabled or deleted first.</summary>
    Cancelled,
}

/// <summary>One event on its way to one channel, with its attempts (the delivery log). The webhook's
/// <c>webhook-id</c> is the delivery's id, the same on every retry, so a receiver can drop repeats.</summary>
public sealed class NotificationDelivery : ITenantOwned
{
    public const int MaxAttempts = 5;
    public const int OutcomeMaxLength = 500;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid EventId { get; set; }
    public Guid ChannelId { get; set; }
    public required string EventKind { get; set; }
    public DeliveryStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime? NextAttemptAt { get; set; }

    /// <summary>A node sending it holds it until then (one conditional update), so it is sent once across nodes.</summary>
    public DateTime? LeaseUntil { get; set; }

    public int? LastStatusCode { get; set; }
    public int? LastDurationMs { get; set; }

    /// <summary>The last attempt's outcome in the product's words (never the receiver's body).</summary>
    public string? LastOutcome { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
}

/// <summary>One try of a delivery: when, the HTTP status (webhooks), how long it took and what happened.</summary>
public sealed class DeliveryAttempt : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }
    public Guid DeliveryId { get; set; }
    public int Number { get; set; }
    public DateTime At { get; set; }
    public int? StatusCode { get; set; }
    public int DurationMs { get; set; }
    public bool Succeeded { get; set; }
    public required string Outcome { get; set; }
}
