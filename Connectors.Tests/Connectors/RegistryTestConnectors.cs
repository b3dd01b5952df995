using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Installations;

namespace Connectors.Tests.Connectors;

/// <summary>Connectors that exist only to be registered: their lifecycle is never called.</summary>
public class SchemaConnector(string key, FormSchema? form = null, string displayName = "Schema") : IConnector, ISupportsCredentialForm
{
    public string Key => key;

    public string DisplayName => displayName;

    public IReadOnlyList<string> OAuthScopes => [];

    public FormSchema CredentialForm => form ?? new FormSchema([
        new FormField("token", "Token", FieldType.Password, FieldTarget.Secret) { Required = true },
    ]);

    public Task<OAuthStart> InitiateOAuthAsync(OAuthInitiation request, CancellationToken ct) => throw NotUsed();

    public Task HandleOAuthCallbackAsync(OAuthCallback callback, CancellationToken ct) => throw NotUsed();

    public Task<SyncResult> SyncFullAsync(SyncContext context, CancellationToken ct) => throw NotUsed();

    public Task<SyncResult> SyncIncrementalAsync(SyncContext context, DateTime? since, CancellationToken ct) => throw NotUsed();

    public Task DisconnectAsync(ConnectorAccount account, CancellationToken ct) => throw NotUsed();

    public Task<HealthStatus> HealthAsync(ConnectorAccount account, CancellationToken ct) => throw NotUsed();

    private static InvalidOperationException NotUsed() => new("Registry tests never run a connector.");
}

/// <summary>A valid connector that DI can construct.</summary>
public sealed class WikiConnector() : SchemaConnector("wiki", displayName: "Wiki");

/// <summary>A connector whose secret field is plain text: the registry must refuse it.</summary>
public sealed class LeakyConnector() : SchemaConnector("leaky", new FormSchema([
    new FormField("api_key", "API key", FieldType.Text, FieldTarget.Secret),
]));

/// <summary>A connector with a settings form, for the settings-form rules.</summary>
public sealed class SettingsSchemaConnector(FormSchema settings) : SchemaConnector("bad-settings"), ISupportsSettings
{
    public FormSchema SettingsForm => settings;

    public Task<IReadOnlyList<FieldOption>> DiscoverOptionsAsync(ConnectorAccount account, string fieldName, CancellationToken ct) =>
        throw new InvalidOperationException("Registry tests never run a connector.");
}
