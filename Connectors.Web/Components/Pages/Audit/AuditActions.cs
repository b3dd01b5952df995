namespace Connectors.Web.Components.Pages.Audit;

/// <summary>The audit log's action codes in plain words, for people; the code stays in the data attribute and
/// the API for scripts. An unknown code (a newer version's, say) is shown as it is.</summary>
public static class AuditActions
{
    private static readonly Dictionary<string, string> Words = new(StringComparer.Ordinal)
    {
        ["account.created"] = "Account created",
        ["account.connected"] = "Account connected",
        ["account.connect_failed"] = "Connecting failed",
        ["account.reconnect_started"] = "Reconnect started",
        ["account.oauth_rearmed"] = "Sign-in started again",
        ["account.updated"] = "Account edited",
        ["account.settings.updated"] = "Settings changed",
        ["account.paused"] = "Account paused",
        ["account.resumed"] = "Account resumed",
        ["account.tested"] = "Connection tested",
        ["account.sync_requested"] = "Sync requested",
        ["account.full_resync_requested"] = "Full re-sync requested",
        ["account.deleted"] = "Account deleted",
        ["sync.finished"] = "Sync finished",
        ["project.added"] = "Project added",
        ["project.renamed"] = "Project renamed",
        ["token.created"] = "Access token created",
        ["token.revoked"] = "Access token revoked",
        ["vault.reprotected"] = "Vault re-encrypted",
        ["impersonation.started"] = "Support impersonation started",
        ["impersonation.stopped"] = "Support impersonation ended",
    };

    public static string Describe(string action) => Words.GetValueOrDefault(action, action);
}
