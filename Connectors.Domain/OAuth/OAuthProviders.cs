using Connectors.Domain.Errors;
using Microsoft.Extensions.Configuration;

namespace Connectors.Domain.OAuth;

/// <summary>What an OAuth connector declares about its provider: the real endpoints, scopes and
/// whether the provider takes PKCE. Configuration (<c>Connectors:OAuth:&lt;key&gt;:*</c>) overrides
/// every endpoint, so tests point them at a local fake.</summary>
public sealed record OAuthProviderDefaults(
    Uri AuthorizeEndpoint,
    Uri TokenEndpoint,
    Uri ApiBaseUrl,
    IReadOnlyList<string> Scopes,
    bool UsePkce,
    OAuthClientAuthentication ClientAuthentication = OAuthClientAuthentication.RequestBody,
    IReadOnlyDictionary<string, string>? AuthorizeParameters = null,
    Uri? RevocationEndpoint = null);

/// <summary>A configured provider: the client registration, the API's base URL, and the extra
/// authorize-URL parameters (Google's <c>access_type=offline</c>, Notion's <c>owner=user</c>).</summary>
public sealed record OAuthProvider(
    OAuthClientSettings Client,
    Uri ApiBaseUrl,
    bool UsePkce,
    IReadOnlyDictionary<string, string> AuthorizeParameters,
    Uri? RevocationEndpoint = null);

/// <summary>
/// Reads an OAuth connector's provider from <c>Connectors:OAuth:&lt;key&gt;</c>: <c>ClientId</c>
/// (required), <c>ClientSecret</c>, <c>AuthorizeEndpoint</c>, <c>TokenEndpoint</c>, <c>RevocationEndpoint</c>,
/// <c>ApiBaseUrl</c>, <c>Scopes</c> (space separated), over the connector's defaults. Without a client id the connector is
/// "not configured" and names the setting to fill in.
/// </summary>
public sealed class OAuthProviders(IConfiguration configuration)
{
    public static string SectionFor(string connectorKey) => $"Connectors:OAuth:{connectorKey}";

    /// <summary>The setting to fill in, or null when the provider has a client id.</summary>
    public string? MissingClientIdSetting(string connectorKey) =>
        string.IsNullOrWhiteSpace(configuration[$"{SectionFor(connectorKey)}:ClientId"]) ? $"{SectionFor(connectorKey)}:ClientId" : null;

    public IReadOnlyList<string> Scopes(string connectorKey, OAuthProviderDefaults defaults) =>
        configuration[$"{SectionFor(connectorKey)}:Scopes"] is { Length: > 0 } scopes
            ? scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            : defaults.Scopes;

    /// <summary>The provider with its client: the tenant's own app when it brings one (<paramref name="tenantApp"/>), else
    /// the deployment's; without either a <see cref="ConnectorConfigurationException"/> naming the missing setting.</summary>
    public OAuthProvider Get(string connectorKey, string displayName, OAuthProviderDefaults defaults, TenantOAuthClient? tenantApp = null)
    {
        if (tenantApp is null && MissingClientIdSetting(connectorKey) is { } missing)
        {
            throw new ConnectorConfigurationException($"{displayName} is not configured on this deployment: set {missing}.");
        }

        var section = configuration.GetSection(SectionFor(connectorKey));
        var client = new OAuthClientSettings(
            tenantApp?.ClientId ?? section["ClientId"]!,
            tenantApp is null ? section["ClientSecret"] : tenantApp.ClientSecret,
            Endpoint(section, "AuthorizeEndpoint", defaults.AuthorizeEndpoint),
            Endpoint(section, "TokenEndpoint", defaults.TokenEndpoint),
            Scopes(connectorKey, defaults),
            defaults.ClientAuthentication);
        return new OAuthProvider(client, WithTrailingSlash(Endpoint(section, "ApiBaseUrl", defaults.ApiBaseUrl)), defaults.UsePkce,
            defaults.AuthorizeParameters ?? new Dictionary<string, string>(), OptionalEndpoint(section, "RevocationEndpoint", defaults.RevocationEndpoint));
    }

    /// <summary>The API's base URL (configurable, so tests use a local fake); needs no client.</summary>
    public Uri ApiBaseUrl(string connectorKey, OAuthProviderDefaults defaults) =>
        WithTrailingSlash(Endpoint(configuration.GetSection(SectionFor(connectorKey)), "ApiBaseUrl", defaults.ApiBaseUrl));

    private static Uri? OptionalEndpoint(IConfigurationSection section, string name, Uri? fallback) =>
        fallback is null && string.IsNullOrEmpty(section[name]) ? null : Endpoint(section, name, fallback!);

    private static Uri Endpoint(IConfigurationSection section, string name, Uri fallback) =>
        section[name] is { Length: > 0 } value
            ? Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
                ? uri
                : throw new ConnectorConfigurationException($"{section.Path}:{name} is not an absolute http(s) URL.")
            : fallback;

    /// <summary>Relative API paths resolve under the base's path only when it ends with a slash.</summary>
    private static Uri WithTrailingSlash(Uri uri) =>
        uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.GetLeftPart(UriPartial.Path) + "/" + uri.Query);
}
