namespace Connectors.Domain.Events;

/// <summary>The event names (also the Standard Webhooks <c>type</c>), and which problem each opens or closes.</summary>
public static class AccountEventKinds
{
    public const string SyncFailed = "sync.failed";
    public const string NeedsReconnect = "account.needs_reconnect";
    public const string Failing = "account.failing";
    public const string Stopped = "account.stopped";
    public const string Recovered = "account.recovered";
    public const string CheckFailed = "check.failed";
    public const string CheckRecovered = "check.recovered";

    /// <summary>A sync's removals were held by the deletion brake: an admin applies or keeps them.</summary>
    public const string SyncHeld = "sync.held";

    /// <summary>A "Send test event" delivery; never subject to rules or de-duplication.</summary>
    public const string Test = "notification.test";

    public static readonly IReadOnlyList<string> All = [SyncFailed, NeedsReconnect, Failing, Stopped, Recovered, CheckFailed, CheckRecovered, SyncHeld];

    /// <summary>The account problems <see cref="Recovered"/> closes.</summary>
    public static readonly IReadOnlyList<string> AccountProblems = [SyncFailed, NeedsReconnect, Failing, Stopped];

    public static bool IsKnown(string kind) => All.Contains(kind);

    /// <summary>The problem kinds a closing event closes; empty for a problem kind.</summary>
    public static IReadOnlyList<string> Closes(string kind) => kind switch
    {
        Recovered => AccountProblems,
        CheckRecovered => [CheckFailed],
        _ => [],
    };

    public static bool IsClosing(string kind) => Closes(kind).Count > 0;

    /// <summary>How an event reads as a headline, in the product's words.</summary>
    public static string Title(string kind) => kind switch
    {
        SyncFailed => "Sync failed",
        NeedsReconnect => "Needs reconnect",
        Failing => "Failing",
        Stopped => "Stopped after repeated failures",
        Recovered => "Recovered",
        CheckFailed => "Connection check failed",
        CheckRecovered => "Connection check passed again",
        SyncHeld => "Removals held",
        Test => "Test notification",
        _ => kind,
    };
}
