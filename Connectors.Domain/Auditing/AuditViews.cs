namespace Connectors.Domain.Auditing;

/// <summary>What the audit page filters by; every part is optional. <see cref="Actor"/> and
/// <see cref="Text"/> match case-insensitively (the actor's email, or its id for non-user actors;
/// the summary or the target). <see cref="From"/> is inclusive, <see cref="Until"/> exclusive (UTC).</summary>
public sealed record AuditFilter(string? Action = null, string? Actor = null, string? Text = null, DateTime? From = null, DateTime? Until = null);

/// <summary>An audit entry as the page shows it: the actor and impersonator as emails when they
/// are users ("system" and other non-user actors as recorded).</summary>
public sealed record AuditItem(
    Guid Id, DateTime At, string Actor, string? Impersonator, string Action, string TargetType, string? TargetId, string Summary);

/// <summary>One page of audit entries, newest first, and the number of matches over all pages.</summary>
public sealed record AuditPage(IReadOnlyList<AuditItem> Items, int Total);
