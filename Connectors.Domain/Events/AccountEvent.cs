using Connectors.Domain.Tenancy;

namespace Connectors.Domain.Events;

/// <summary>What happened to an account that someone may need to hear about, written in the same transaction as
/// the change it describes (an outbox): the notification dispatcher reads the pending ones, de-duplicates them and
/// hands them to the tenant's rules and channels. It holds the product's own words only — never a secret, a config
/// value or a remote server's text.</summary>
public sealed class AccountEvent : ITenantOwned
{
    public const int MessageMaxLength = 1000;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid TenantId { get; set; }

    /// <summary>The account; null for events about the notifications themselves (a test event).</summary>
    public Guid? InstallationId { get; set; }

    /// <summary>One of <see cref="AccountEventKinds"/>.</summary>
    public required string Kind { get; set; }

    public string? ConnectorKey { get; set; }
    public string? AccountLabel { get; set; }

    /// <summary>The account's resolved project when the event happened.</summary>
    public string? ProjectKey { get; set; }

    /// <summary>auth, transient, rate-limited, configuration, unexpected — or null.</summary>
    public string? Category { get; set; }

    public required string Message { get; set; }
    public DateTime OccurredAt { get; set; }
    public AccountEventState State { get; set; }
    public DateTime? ProcessedAt { get; set; }
}

public enum AccountEventState
{
    /// <summary>Written, not yet looked at by the dispatcher.</summary>
    Pending,

    /// <summary>Handed to the inbox and the matching rules' channels.</summary>
    Notified,

    /// <summary>Dropped by de-duplication (or a recovery with no open problem to close).</summary>
    Suppressed,
}
