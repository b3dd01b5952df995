using System.Collections.Concurrent;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;
using Connectors.Domain.Vault;

namespace Connectors.Tests.Infrastructure;

/// <summary>
/// A credential connector for the account-service tests, shaped like the IMAP form: basic auth with
/// host/username/password, or "oauth" mode that sends the browser to a provider. The password
/// <see cref="WrongPassword"/> is refused the way a real server refuses a login. Its settings form has
/// folder lists whose options are "discovered" from <see cref="ConnectorCallLog.Folders"/> (or fail with
/// <see cref="ConnectorCallLog.DiscoveryFailure"/>).
/// </summary>
public sealed class TestMailConnector(OAuthStateStore states, CredentialVault vault, ConnectorCallLog calls)
    : CredentialConnector(states, vault), ISupportsSettings, ISupportsPreview
{
    /// <summary>Answers <see cref="ConnectorCallLog.PreviewBody"/>, else three messages newest first.</summary>
    public Task<IReadOnlyList<PreviewItem>> PreviewAsync(ConnectorAccount account, int limit, CancellationToken ct) =>
        calls.PreviewBody is { } body ? body(ct) : Task.FromResult<IReadOnlyList<PreviewItem>>(
            [.. Enumerable.Range(1, 3).Reverse().Select(i => PreviewItem.Of($"Message {i}", "customer@example.test", new DateTime(2026, 11, i, 9, 0, 0, DateTimeKind.Utc), 100 + i, $"Body {i}"))]);

    public const string ConnectorKey = "test-mail";
    public const string WrongPassword = "wrong-password";
    public const string RefusalReason = "Login refused by the server: AUTHENTICATE failed.";

    private readonly OAuthStateStore _states = states;

    public override string Key => ConnectorKey;

    public override string DisplayName => "Test mail";

    public override FormSchema CredentialForm { get; } = new([
        new FormField("auth_mode", "Authentication", FieldType.Select, FieldTarget.AuthMode)
        {
            Required = true,
            Default = "basic",
            Options = [new("basic", "Password"), new("oauth", "OAuth2")],
        },
        new FormField("provider", "Provider", FieldType.Select, FieldTarget.Provider)
        {
            Default = "google",
            Options = [new("google", "Gmail"), new("microsoft", "Microsoft 365")],
            ShowIf = new ShowIf("auth_mode", "oauth"),
        },
        new FormField("host", "Host", FieldType.Text, FieldTarget.Connection) { Required = true, ShowIf = new ShowIf("auth_mode", "basic") },
        new FormField("port", "Port", FieldType.Number, FieldTarget.Connection) { Default = "993", Min = 1, Max = 65535, ShowIf = new ShowIf("auth_mode", "basic") },
        new FormField("username", "Username", FieldType.Text, FieldTarget.Connection) { Required = true },
        new FormField("password", "Password", FieldType.Password, FieldTarget.Secret) { Required = true, ShowIf = new ShowIf("auth_mode", "basic") },
    ]);

    public FormSchema SettingsForm { get; } = new([
        new FormField("folders.include", "Folders to sync", FieldType.List, FieldTarget.Config) { Discovery = "folders" },
        new FormField("folders.exclude", "Folders to skip", FieldType.List, FieldTarget.Config) { Default = "Trash,Spam", Discovery = "folders" },
        new FormField("window_days", "Days of mail to sync", FieldType.Number, FieldTarget.Config) { Default = "365", Min = 0, Max = 1000 },
        new FormField("senders.exclude", "Senders to skip", FieldType.List, FieldTarget.Config),
        new FormField("attachments", "Attachments", FieldType.Select, FieldTarget.Config)
        {
            Default = "skip", Options = [new("skip", "Skip"), new("index", "Index their text")],
        },
        new FormField("attachments.max_kb", "Largest attachment (KB)", FieldType.Number, FieldTarget.Config)
        {
            Default = "512", Min = 1, Max = 10_240, ShowIf = new ShowIf("attachments", "index"),
        },
    ]);

    public Task<IReadOnlyList<FieldOption>> DiscoverOptionsAsync(ConnectorAccount account, string fieldName, CancellationToken ct)
    {
        calls.Discoveries.Enqueue(fieldName);
        return calls.DiscoveryFailure is { } failure
            ? throw new ConnectorApiException(failure)
            : Task.FromResult<IReadOnlyList<FieldOption>>([.. calls.Folders.Select(f => new FieldOption(f, f))]);
    }

    public override async Task<OAuthStart> InitiateOAuthAsync(OAuthInitiation request, CancellationToken ct)
    {
        if (request.Account.Config["auth_mode"]?.GetValue<string>() != "oauth")
        {
            return await base.InitiateOAuthAsync(request, ct);
        }

        var verifier = Pkce.CreateVerifier();
        var state = await _states.IssueAsync(request.Account.Id, request.UserId, verifier, ct);
        return new OAuthStart(state, new Uri($"https://provider.test/authorize?state={state}&code_challenge={Pkce.Challenge(verifier)}"));
    }

    protected override Task VerifyCredentialsAsync(ConnectorAccount account, IReadOnlyDictionary<string, string> secrets, CancellationToken ct)
    {
        calls.Logins.Add(account.Id);
        return secrets["password"] == WrongPassword
            ? throw new ConnectorAuthException(RefusalReason)
            : Task.CompletedTask;
    }

    public override Task<SyncResult> SyncFullAsync(SyncContext context, CancellationToken ct)
    {
        calls.Syncs.Enqueue(context.Account.Id);
        return calls.SyncBody is { } body ? body(context, ct)
            : calls.SyncFailure is { } failure ? Task.FromException<SyncResult>(failure) : Task.FromResult(SyncResult.Empty);
    }

    public override Task<SyncResult> SyncIncrementalAsync(SyncContext context, DateTime? since, CancellationToken ct) =>
        SyncFullAsync(context, ct);

    public override async Task DisconnectAsync(ConnectorAccount account, CancellationToken ct)
    {
        calls.Disconnects.Add(account.Id);
        if (calls.FailDisconnect)
        {
            throw new ConnectorApiException("Revocation endpoint unreachable.");
        }

        await base.DisconnectAsync(account, ct);
    }

    public override async Task<HealthStatus> HealthAsync(ConnectorAccount account, CancellationToken ct)
    {
        calls.HealthChecks.Enqueue(account.Id);
        if (calls.Health is { } health)
        {
            return health(account);
        }

        return await Vault.GetAsync(account.Id, ct) is { Secrets.Count: > 0 }
            ? HealthStatus.Healthy()
            : HealthStatus.Unhealthy("No credentials stored.");
    }
}

/// <summary>An OAuth-only connector: it issues a state with a PKCE verifier and returns the
/// provider's authorize URL.</summary>
public sealed class TestDriveConnector(OAuthStateStore states, ConnectorCallLog calls) : IConnector, IReportsConfiguration
{
    public const string ConnectorKey = "test-drive";

    public string Key => ConnectorKey;

    public string DisplayName => "Test drive";

    public IReadOnlyList<string> OAuthScopes => ["files.read"];

    public string? MissingConfiguration => calls.DriveMissingConfiguration;

    public async Task<OAuthStart> InitiateOAuthAsync(OAuthInitiation request, CancellationToken ct)
    {
        var state = await states.IssueAsync(request.Account.Id, request.UserId, Pkce.CreateVerifier(), ct);
        return new OAuthStart(state, new Uri($"https://drive.test/authorize?state={state}"));
    }

    public Task HandleOAuthCallbackAsync(OAuthCallback callback, CancellationToken ct) =>
        throw new InvalidOperationException("The OAuth callback belongs to the OAuth issue's tests.");

    public Task<SyncResult> SyncFullAsync(SyncContext context, CancellationToken ct) => Task.FromResult(SyncResult.Empty);

    public Task<SyncResult> SyncIncrementalAsync(SyncContext context, DateTime? since, CancellationToken ct) =>
        Task.FromResult(SyncResult.Empty);

    public Task DisconnectAsync(ConnectorAccount account, CancellationToken ct) => Task.CompletedTask;

    public Task<HealthStatus> HealthAsync(ConnectorAccount account, CancellationToken ct) =>
        Task.FromResult(HealthStatus.Healthy());
}

/// <summary>What the fake connectors were asked to do, shared across scopes of one test.</summary>
public sealed class ConnectorCallLog
{
    /// <summary>What the mail connector's syncs throw (null = they succeed with nothing new).</summary>
    public Exception? SyncFailure { get; set; }

    /// <summary>When set, what the mail connector's syncs do instead (report progress, write documents,
    /// wait on a gate); it wins over <see cref="SyncFailure"/>.</summary>
    public Func<SyncContext, CancellationToken, Task<SyncResult>>? SyncBody { get; set; }

    /// <summary>The accounts the mail connector synced, in order (one entry per sync).</summary>
    public ConcurrentQueue<Guid> Syncs { get; } = new();

    public ConcurrentBag<Guid> Logins { get; } = [];

    public ConcurrentBag<Guid> Disconnects { get; } = [];

    public bool FailDisconnect { get; set; }

    /// <summary>The folders the mail connector's discovery lists.</summary>
    public IReadOnlyList<string> Folders { get; set; } = ["INBOX", "Archive", "Sent"];

    /// <summary>When set, what the mail connector's preview does instead of answering three messages.</summary>
    public Func<CancellationToken, Task<IReadOnlyList<PreviewItem>>>? PreviewBody { get; set; }

    /// <summary>When set, the mail connector's discovery fails with this message (a transient API failure).</summary>
    public string? DiscoveryFailure { get; set; }

    /// <summary>The settings fields whose options were discovered, in order.</summary>
    public ConcurrentQueue<string> Discoveries { get; } = new();

    /// <summary>When set, what the mail connector's health probe answers (instead of looking at the vault).</summary>
    public Func<ConnectorAccount, HealthStatus>? Health { get; set; }

    /// <summary>The accounts the mail connector's health probe was asked about, in order.</summary>
    public ConcurrentQueue<Guid> HealthChecks { get; } = new();

    /// <summary>What the drive connector reports as missing deployment configuration (null = configured).</summary>
    public string? DriveMissingConfiguration { get; set; }
}
