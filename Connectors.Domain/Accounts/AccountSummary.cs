using System.Text.Json.Nodes;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;

namespace Connectors.Domain.Accounts;

public enum ConnectorAuthKind
{
    OAuth,
    Credential,
}

/// <summary>The read summary shared by the UI, the HTTP API and the CLI: every registered connector
/// with how it authenticates, its forms, whether this deployment configured it, and its accounts.</summary>
public sealed record ConnectorSummary(
    string Key,
    string DisplayName,
    string IconUrl,
    ConnectorAuthKind AuthKind,
    FormSchema? CredentialForm,
    FormSchema? SettingsForm,
    IReadOnlyList<string> OAuthScopes,
    bool IsConfigured,
    string? MissingConfiguration,
    IReadOnlyList<AccountSummary> Accounts)
{
    /// <summary>How many accounts the connector has in the tenant, when <see cref="Accounts"/> holds only the first
    /// of them (the connectors page's bounded cards); null when it holds them all.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int? TotalAccounts { get; init; }

    /// <summary>How an account signs in, in one line for the card (the connector's own words).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string SignInSummary { get; init; } = AuthKind == ConnectorAuthKind.OAuth ? "Signs in with OAuth" : "Signs in with a password or key";

    /// <summary>For an OAuth connector, whose client this tenant uses: <c>tenant</c> (its own OAuth app) or <c>deployment</c>;
    /// null for other connectors and where there is none.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? OAuthApp { get; init; }

    /// <summary>How many accounts the connector has in the tenant.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public int AccountCount => TotalAccounts ?? Accounts.Count;
}

/// <summary>One account as every surface shows it. <see cref="Config"/> holds no secret.</summary>
public sealed record AccountSummary(
    Guid Id,
    string ConnectorKey,
    string Label,
    string? ProjectKey,
    string ResolvedProjectKey,
    InstallationStatus Status,
    AccountError? Error,
    int? CadenceMinutes,
    DateTime? LastSyncAt,
    DateTime? LastSuccessAt,
    DateTime? NextSyncAt,
    ConnectionTestStatus TestStatus,
    DateTime? LastTestedAt,
    LastRunSummary? LastRun)
{
    private string _configJson = "{}";
    private JsonObject? _config;

    /// <summary>The account's settings as stored, parsed the first time they are read: a list of thousands of
    /// accounts whose settings nobody opens keeps one string each, not a parsed JSON tree each.</summary>
    public JsonObject Config
    {
        get => _config ?? Interlocked.CompareExchange(ref _config, JsonNode.Parse(_configJson) as JsonObject ?? [], null) ?? _config;
        init => _config = value;
    }

    /// <summary>The stored settings text, parsed into <see cref="Config"/> on first read.</summary>
    internal string ConfigJson
    {
        init => _configJson = value;
    }

    /// <summary>Removals the deletion brake holds for a decision (single-account read only).</summary>
    public int HeldRemovals { get; init; }

    /// <summary>Further projects the account's documents belong to, beside <see cref="ResolvedProjectKey"/> (sorted by key).</summary>
    public IReadOnlyList<string> TargetProjects { get; init; } = [];

    /// <summary>True when the account has no binding of its own and ingests into the tenant default.</summary>
    public bool InheritsProject => ProjectKey is null;

    /// <summary>When the account was created (UTC).</summary>
    public DateTime CreatedAt { get; init; }

    /// <summary>The cadence in minutes the account gets when it sets none: its connector's configured
    /// cadence, else the deployment's default.</summary>
    public int InheritedCadenceMinutes { get; init; }

    /// <summary>The last connection check's failure in the product's words (null after a passing one); set on the
    /// single-account read only.</summary>
    public string? CheckMessage { get; init; }

    /// <summary>Failed connection checks in a row (single-account read only).</summary>
    public int CheckFailures { get; init; }

    /// <summary>The account's own connection-check cadence; null inherits (single-account read only).</summary>
    public int? CheckMinutes { get; init; }

    /// <summary>The check cadence the account gets when it sets none (single-account read only).</summary>
    public int InheritedCheckMinutes { get; init; }

    /// <summary>When the scheduled connection check is next due (single-account read only).</summary>
    public DateTime? NextCheckAt { get; init; }

    /// <summary>The tenant credential the account signs in with; null when it uses its own (or none).</summary>
    public Guid? CredentialId { get; init; }

    /// <summary>That credential's name.</summary>
    public string? CredentialName { get; init; }

    /// <summary>Where the account's credentials come from: <c>account</c> (its own), <c>tenant</c> (a tenant
    /// credential), <c>none</c> (it needs configuring).</summary>
    [System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<Credentials.CredentialSource>))]
    public Credentials.CredentialSource CredentialSource { get; init; }

    /// <summary>The cadence the scheduler uses: the account's own, else <see cref="InheritedCadenceMinutes"/>.</summary>
    public int EffectiveCadenceMinutes => CadenceMinutes ?? InheritedCadenceMinutes;
}

public sealed record LastRunSummary(
    Guid Id, SyncRunStatus Status, DateTime QueuedAt, DateTime? FinishedAt, int Added, int Updated, string? ErrorMessage, DateTime? StartedAt = null)
{
    /// <summary>How long the run took from its start to its end; null until it has both.</summary>
    public TimeSpan? Duration => StartedAt is { } started && FinishedAt is { } finished && finished >= started ? finished - started : null;
}

/// <summary>An edit of an account: label, binding (blank = inherit the tenant default) and cadence
/// (null = inherited).</summary>
public sealed record AccountEdit(string Label, string? ProjectKey, int? CadenceMinutes)
{
    /// <summary>When set, the connection-check cadence becomes <see cref="CheckMinutes"/>; otherwise it is kept (a list's
    /// summary does not carry it, so an edit from there must not clear it).</summary>
    public bool SetsCheckMinutes { get; init; }

    /// <summary>The connection-check cadence in minutes; null inherits the connector's or the default.</summary>
    public int? CheckMinutes { get; init; }

    /// <summary>When not null, the account's further target projects become these (the list replaces the stored one);
    /// null keeps them.</summary>
    public IReadOnlyList<string>? TargetProjects { get; init; }
}

/// <summary>A credential form submission: label (blank = <c>default</c>), optional project binding,
/// and the raw field values as the UI, API or CLI received them. With <see cref="CredentialId"/>, a tenant credential
/// supplies the fields that belong to it, and <see cref="Values"/> holds only the account's own.</summary>
public sealed record CredentialSubmission(string? Label, string? ProjectKey, IReadOnlyDictionary<string, object?> Values, Guid? CredentialId = null);

/// <summary>What creating or reconnecting an account led to. <see cref="AuthorizeUrl"/> is set when
/// the browser must go to the provider; <see cref="Error"/> when the login was refused.</summary>
public sealed record ConfigureOutcome(Guid AccountId, InstallationStatus Status, Uri? AuthorizeUrl, string? Error)
{
    public bool Succeeded => Status == InstallationStatus.Active;
}

/// <summary>The account created or re-armed for an OAuth grant and where to send the browser.</summary>
public sealed record OAuthBegin(Guid AccountId, Uri AuthorizeUrl);
