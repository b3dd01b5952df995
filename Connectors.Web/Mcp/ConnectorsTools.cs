using System.ComponentModel;
using System.Text.Json;
using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Documents;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Overview;
using Connectors.Domain.Projects;
using Connectors.Domain.Sync;
using ModelContextProtocol.Server;

namespace Connectors.Web.Mcp;

/// <summary>
/// The MCP tools: thin adapters over the services the pages, the API and the CLI use — the same read summary,
/// the same rights (the domain checks them: viewers read, super-admins change), the same audit entries and the
/// same validation messages. Answers are the API's JSON. Creating or reconnecting an account is not offered: its
/// secrets must not pass through an agent (see <see cref="HowToAddAccounts"/>).
/// </summary>
[McpServerToolType]
public sealed class ConnectorsTools(
    AccountQueries accounts,
    AccountLifecycle lifecycle,
    AccountEditor editor,
    AccountSettingsService settings,
    AccountPreviews previews,
    SyncHistory history,
    ProjectRegistry projects,
    ProjectOverviews projectOverviews,
    DocumentLibrary documents,
    TenantCredentials credentials)
{
    public const int RecentRuns = 5;

    public const string HowToAddAccounts =
        "Accounts are created and reconnected by a person, never over MCP, because that needs the account's password or " +
        "provider sign-in: use the admin pages (/admin/connectors → Add account), the HTTP API (POST /api/admin/connectors/{key}/accounts " +
        "or /oauth) or the CLI (accounts add).";

    [McpServerTool(Name = "connectors_list", Title = "List connectors and accounts", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Every connector of the tenant (IMAP mail, Google Drive, Notion, Confluence, …) with its accounts: id, label, status " +
        "(active, paused, error, needs-reconnect, pending), project, last sync, next sync and the last error in words. Start here to find " +
        "an account id. " + HowToAddAccounts)]
    public Task<IReadOnlyList<ConnectorSummary>> ListConnectorsAsync(CancellationToken ct) => accounts.GetSummaryAsync(ct);

    [McpServerTool(Name = "account_get", Title = "Get one account", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("One account by id: its status, why it failed (error, category), its project and further projects, cadence, connection check and its " +
        "five newest sync runs (status, counts, error message). Use it to find out why an account is failing.")]
    public async Task<AccountWithRuns> GetAccountAsync(
        [Description("The account's id (from connectors_list).")] Guid accountId, CancellationToken ct) =>
        new(await accounts.GetAccountAsync(accountId, ct), (await history.ListAsync(accountId, 0, RecentRuns, ct)).Items);

    [McpServerTool(Name = "account_runs", Title = "List an account's sync runs", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("An account's sync runs, newest first, a page at a time: when, trigger, kind, status, documents seen/added/updated/removed, " +
        "and the error in words.")]
    public Task<SyncHistoryPage> ListRunsAsync(
        [Description("The account's id.")] Guid accountId,
        [Description("Page number, from 0.")] int page = 0,
        [Description("Runs per page, 1–100.")] int pageSize = 20,
        CancellationToken ct = default) => history.ListAsync(accountId, page, pageSize, ct);

    [McpServerTool(Name = "account_settings_get", Title = "Get an account's settings", ReadOnly = true, Idempotent = true, OpenWorld = true)]
    [Description("The account's settings: the connector's settings form (field names, labels, types, options, defaults, help), every " +
        "field's current value and which were customized. Pass discoverField (a field whose form entry has a discovery source, e.g. " +
        "IMAP's folders.include) to also list its live options from the provider — that signs in with the account's credentials and " +
        "needs the manage right.")]
    public async Task<SettingsWithOptions> GetSettingsAsync(
        [Description("The account's id.")] Guid accountId,
        [Description("Optional: a settings field whose live options to list.")] string? discoverField = null,
        CancellationToken ct = default)
    {
        var current = await settings.GetAsync(accountId, ct);
        if (string.IsNullOrWhiteSpace(discoverField))
        {
            return new(current, null);
        }

        var found = await settings.DiscoverAsync(accountId, discoverField, ct);
        return new(current, new LiveOptions(discoverField, found.Options, found.Error));
    }

    [McpServerTool(Name = "account_settings_update", Title = "Change an account's settings", Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Changes only the settings given, keyed by the settings form's field names (see account_settings_get); null restores " +
        "a field's default. Every rejected field is named with the reason and nothing is saved then. Needs the manage right; audited.")]
    public Task<AccountSettings> UpdateSettingsAsync(
        [Description("The account's id.")] Guid accountId,
        [Description("Field name → new value, e.g. {\"folders.exclude\": [\"Spam\", \"Trash\"]}.")] Dictionary<string, JsonElement> values,
        CancellationToken ct = default) =>
        settings.UpdateAsync(accountId, values.ToDictionary(v => v.Key, v => (object?)v.Value, StringComparer.Ordinal), ct);

    [McpServerTool(Name = "account_sync_now", Title = "Sync an account now", Destructive = false, Idempotent = false, OpenWorld = true)]
    [Description("Queues a sync of the account now (incremental, or full if it never synced). Refused while a sync is queued or running " +
        "(\"already syncing\"). Needs the manage right; audited. Follow it with account_runs.")]
    public async Task<SyncQueued> SyncNowAsync([Description("The account's id.")] Guid accountId, CancellationToken ct) =>
        new(accountId, await lifecycle.SyncNowAsync(accountId, ct));

    [McpServerTool(Name = "account_targets_set", Title = "Set an account's further projects", Destructive = false, Idempotent = true, OpenWorld = false)]
    [Description("Sets the further projects an account's documents also appear in, beside its own project (the list replaces the " +
        "current one; empty clears it). Documents are stored once: a project added shows them at once, nothing is fetched again; a " +
        "project removed hides them. Project keys from projects_list. Needs the manage right; audited.")]
    public Task<AccountSummary> SetTargetsAsync(
        [Description("The account's id.")] Guid accountId,
        [Description("Project keys, not the account's own project; at most 20.")] string[] projectKeys,
        CancellationToken ct) =>
        editor.PatchAsync(accountId, new AccountPatch { SetsTargetProjects = true, TargetProjects = projectKeys }, ct);

    [McpServerTool(Name = "account_pause", Title = "Pause an account", Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Pauses an Active (or stopped) account: no sync until resumed. Needs the manage right; audited.")]
    public async Task<AccountSummary> PauseAsync([Description("The account's id.")] Guid accountId, CancellationToken ct)
    {
        await lifecycle.PauseAsync(accountId, ct);
        return await accounts.GetAccountAsync(accountId, ct);
    }

    [McpServerTool(Name = "account_resume", Title = "Resume an account", Destructive = false, Idempotent = false, OpenWorld = false)]
    [Description("Resumes a paused account, or one stopped in error after repeated failures: it syncs at once and its failure count " +
        "starts over. An account that needs reconnecting cannot be resumed — a person must reconnect it. Needs the manage right; audited.")]
    public async Task<AccountSummary> ResumeAsync([Description("The account's id.")] Guid accountId, CancellationToken ct)
    {
        await lifecycle.ResumeAsync(accountId, ct);
        return await accounts.GetAccountAsync(accountId, ct);
    }

    [McpServerTool(Name = "account_test", Title = "Test an account's connection", Destructive = false, Idempotent = true, OpenWorld = true)]
    [Description("Checks the account's connection now with the connector's health probe (sign-in, nothing ingested) and records it as a " +
        "connection check; refused credentials move the account to needs-reconnect. Needs the manage right; audited.")]
    public async Task<ConnectionTest> TestAsync([Description("The account's id.")] Guid accountId, CancellationToken ct)
    {
        var health = await lifecycle.TestConnectionAsync(accountId, ct);
        return new(health.State, health.Message, await accounts.GetAccountAsync(accountId, ct));
    }

    [McpServerTool(Name = "account_preview", Title = "Preview what an account would ingest", ReadOnly = true, Idempotent = true, OpenWorld = true)]
    [Description("Fetches the newest few items an Active account would ingest under its current settings — title, author, date, size " +
        "and the start of the text — without storing anything, moving its sync position or recording a run. A failure comes back in " +
        "'error'. Needs the manage right (it signs in as the account); audited.")]
    public Task<AccountPreview> PreviewAsync(
        [Description("The account's id.")] Guid accountId,
        [Description("How many items, 1–20.")] int limit = AccountPreviews.DefaultLimit,
        CancellationToken ct = default) => previews.PreviewAsync(accountId, limit, ct);

    [McpServerTool(Name = "projects_list", Title = "List knowledge-base projects", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("The tenant's knowledge-base projects: key, name, whether it is the tenant default, how many accounts ingest into it " +
        "and how many documents it holds.")]
    public Task<IReadOnlyList<ProjectOverview>> ListProjectsAsync(CancellationToken ct) => projectOverviews.ListAsync(ct);

    [McpServerTool(Name = "credentials_list", Title = "List tenant credentials", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("The tenant's shared credentials: name, connector, the non-secret fields they sign in with (never a secret), " +
        "version (rotations), last test and the accounts using each. Creating or rotating one is for a person (it carries secrets).")]
    public Task<IReadOnlyList<TenantCredentialView>> ListCredentialsAsync(CancellationToken ct) => credentials.ListAsync(ct);

    [McpServerTool(Name = "documents_search", Title = "Search documents by title", ReadOnly = true, Idempotent = true, OpenWorld = false)]
    [Description("Documents in one project (stored there, or of an account that has it as a further project) whose title contains the query (case-insensitive), newest ingested first, a page at a time: " +
        "title, connector, account, author, dates. Without a query: every document of the project.")]
    public async Task<DocumentPage> SearchDocumentsAsync(
        [Description("The project's key (see projects_list).")] string projectKey,
        [Description("Text the title contains; empty for all.")] string? query = null,
        [Description("Page number, from 0.")] int page = 0,
        [Description("Documents per page, 1–100.")] int pageSize = 20,
        CancellationToken ct = default)
    {
        var errors = new Dictionary<string, string>();
        if (!(await projects.ListAsync(ct)).Any(p => string.Equals(p.Key, projectKey, StringComparison.Ordinal)))
        {
            errors["projectKey"] = $"There is no project '{projectKey}' in this tenant (see projects_list).";
        }

        if (page < 0)
        {
            errors["page"] = "Page must be 0 or more.";
        }

        if (pageSize is < 1 or > DocumentLibrary.MaxPageSize)
        {
            errors["pageSize"] = $"Page size must be between 1 and {DocumentLibrary.MaxPageSize}.";
        }

        return errors.Count > 0
            ? throw new ValidationFailedException(errors)
            : await documents.SearchAsync(projectKey, query, page, pageSize, ct);
    }
}

public sealed record AccountWithRuns(AccountSummary Account, IReadOnlyList<SyncRunSummary> RecentRuns);

public sealed record LiveOptions(string Field, IReadOnlyList<FieldOption> Options, string? Error);

public sealed record SettingsWithOptions(AccountSettings Settings, LiveOptions? LiveOptions);

public sealed record SyncQueued(Guid AccountId, Guid RunId);

public sealed record ConnectionTest(HealthState State, string Message, AccountSummary Account);
