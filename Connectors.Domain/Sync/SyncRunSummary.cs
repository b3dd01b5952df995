namespace Connectors.Domain.Sync;

/// <summary>One sync attempt as the history shows it. <see cref="ErrorMessage"/> is the sanitized
/// message the runner stored; it never contains a secret.</summary>
public sealed record SyncRunSummary(
    Guid Id,
    SyncTrigger Trigger,
    SyncKind Kind,
    SyncRunStatus Status,
    int Attempt,
    DateTime QueuedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    int Seen,
    int Added,
    int Updated,
    int Removed,
    int Failed,
    SyncErrorCategory? ErrorCategory,
    string? ErrorMessage)
{
    /// <summary>Start to finish; null while the run has not both started and finished.</summary>
    public TimeSpan? Duration => StartedAt is { } started && FinishedAt is { } finished ? finished - started : null;
}

/// <summary>One page of an account's sync history, newest first, with the total number of runs.</summary>
public sealed record SyncHistoryPage(IReadOnlyList<SyncRunSummary> Items, int Total, int Page, int PageSize)
{
    public int PageCount => Total == 0 ? 1 : (Total + PageSize - 1) / PageSize;
}
