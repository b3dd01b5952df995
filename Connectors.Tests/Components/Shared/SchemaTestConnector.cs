using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.OAuth;
using Connectors.Domain.Vault;

namespace Connectors.Tests.Components.Shared;

/// <summary>
/// A credential connector whose form uses every field type, grouped sections and showIf on both a select
/// and a checkbox, so the add-account dialog can be tested on one schema. It records what its login
/// receives; the password <see cref="WrongPassword"/> is refused like a real server refuses a login.
/// </summary>
public sealed class SchemaTestConnector(OAuthStateStore states, CredentialVault vault, SchemaLoginLog logins)
    : CredentialConnector(states, vault)
{
    public const string ConnectorKey = "test-schema";
    public const string WrongPassword = "wrong-password";
    public const string RefusalReason = "The server refused the login: 535 authentication failed.";

    public override string Key => ConnectorKey;

    public override string DisplayName => "Test schema";

    public override FormSchema CredentialForm { get; } = new([
        new FormField("auth_mode", "Sign-in method", FieldType.Select, FieldTarget.AuthMode)
        {
            Required = true, Default = "basic", Group = "Sign-in",
            Options = [new("basic", "Password"), new("token", "API token")],
        },
        new FormField("api_token", "API token", FieldType.Password, FieldTarget.Secret)
        {
            Required = true, Group = "Sign-in", ShowIf = new ShowIf("auth_mode", "token"),
        },
        new FormField("host", "Host", FieldType.Text, FieldTarget.Connection)
        {
            Required = true, Group = "Server", Placeholder = "mail.example.com",
        },
        new FormField("port", "Port", FieldType.Number, FieldTarget.Connection) { Default = "993", Min = 1, Max = 65535, Group = "Server" },
        new FormField("use_proxy", "Use a proxy", FieldType.Checkbox, FieldTarget.Config) { Group = "Server" },
        new FormField("proxy_host", "Proxy host", FieldType.Text, FieldTarget.Config)
        {
            Required = true, Group = "Server", ShowIf = new ShowIf("use_proxy", "true"),
        },
        new FormField("username", "Username", FieldType.Text, FieldTarget.Connection) { Required = true, Group = "Credentials" },
        new FormField("password", "Password", FieldType.Password, FieldTarget.Secret)
        {
            Required = true, Group = "Credentials", ShowIf = new ShowIf("auth_mode", "basic"),
        },
    ]);

    protected override Task VerifyCredentialsAsync(ConnectorAccount account, IReadOnlyDictionary<string, string> secrets, CancellationToken ct)
    {
        logins.Attempts.Enqueue(new SchemaLogin(account.Config.DeepClone().AsObject(), new Dictionary<string, string>(secrets)));
        return secrets.GetValueOrDefault("password") == WrongPassword
            ? throw new ConnectorAuthException(RefusalReason)
            : Task.CompletedTask;
    }

    public override Task<SyncResult> SyncFullAsync(SyncContext context, CancellationToken ct) => Task.FromResult(SyncResult.Empty);

    public override Task<SyncResult> SyncIncrementalAsync(SyncContext context, DateTime? since, CancellationToken ct) =>
        Task.FromResult(SyncResult.Empty);

    public override Task<HealthStatus> HealthAsync(ConnectorAccount account, CancellationToken ct) =>
        Task.FromResult(HealthStatus.Healthy());
}

/// <summary>What one login attempt of <see cref="SchemaTestConnector"/> received: the account's
/// config (no secret) and the secrets routed to the vault.</summary>
public sealed record SchemaLogin(JsonObject Config, IReadOnlyDictionary<string, string> Secrets);

/// <summary>Every login attempt <see cref="SchemaTestConnector"/> saw, shared across scopes of one test.</summary>
public sealed class SchemaLoginLog
{
    public ConcurrentQueue<SchemaLogin> Attempts { get; } = new();
}
