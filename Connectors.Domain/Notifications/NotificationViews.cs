namespace Connectors.Domain.Notifications;

/// <summary>A new channel: email (<paramref name="Recipients"/>) or webhook (<paramref name="Url"/>).</summary>
public sealed record ChannelInput(string? Kind, string? Name, IReadOnlyList<string>? Recipients, string? Url);

/// <summary>The created channel; <see cref="Secret"/> is the webhook signing secret, returned this once only.</summary>
public sealed record CreatedChannel(Guid Id, string? Secret);

public sealed record ChannelView(
    Guid Id, string Kind, string Name, IReadOnlyList<string> Recipients, string? Url, bool Enabled, string? DisabledReason,
    DateTime? DisabledAt, DateTime CreatedAt);

/// <summary>A new rule; empty <paramref name="Connectors"/> and <paramref name="Projects"/> mean all.</summary>
public sealed record RuleInput(
    string? Name, IReadOnlyList<string>? Events, IReadOnlyList<Guid>? ChannelIds, IReadOnlyList<string>? Connectors, IReadOnlyList<string>? Projects);

public sealed record RuleView(
    Guid Id, string Name, IReadOnlyList<string> Events, IReadOnlyList<Guid> ChannelIds, IReadOnlyList<string> Connectors,
    IReadOnlyList<string> Projects, bool Enabled);

public sealed record AttemptView(int Number, DateTime At, int? StatusCode, int DurationMs, bool Succeeded, string Outcome);

/// <summary>One line of the delivery log.</summary>
public sealed record DeliveryView(
    Guid Id, Guid ChannelId, string ChannelName, string ChannelKind, string EventKind, Guid? AccountId, string? AccountLabel, string Status,
    int Attempts, int? LastStatusCode, int? LastDurationMs, string? LastOutcome, DateTime CreatedAt, DateTime? NextAttemptAt,
    IReadOnlyList<AttemptView> AttemptLog);

public sealed record InboxItem(
    Guid Id, string Kind, string Title, string Message, Guid? AccountId, Guid? ChannelId, DateTime CreatedAt, bool Read)
{
    /// <summary>Where the entry leads: the account page, or the notifications page for a channel notice.</summary>
    public string Link => AccountId is { } id ? $"/admin/connectors/accounts/{id}" : "/admin/notifications";
}
