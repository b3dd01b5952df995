using Connectors.Domain.Errors;
using Connectors.Domain.OAuth;
using Microsoft.Extensions.Configuration;

namespace Connectors.Domain.Connectors.Imap;

/// <summary>An XOAUTH2 provider: its OAuth client and the IMAP server its mailboxes live on.</summary>
public sealed record ImapOAuthProvider(string Key, string Name, OAuthClientSettings Client, string ImapHost, int ImapPort, ImapEncryption Encryption, bool ValidateCertificate);

/// <summary>
/// The XOAUTH2 providers, from <c>Connectors:OAuth:&lt;provider&gt;:*</c> (ClientId, ClientSecret,
/// AuthorizeEndpoint, TokenEndpoint, Scopes, ImapHost, ImapPort, ImapEncryption, ValidateCertificate)
/// over the real providers' defaults. A tenant may bring its own client for a provider (slot <see cref="AppKey"/>), which
/// replaces the deployment's id and secret for its accounts; without either the provider is not configured.
/// </summary>
public sealed class ImapOAuthProviders(IConfiguration configuration)
{
    private static readonly Dictionary<string, (string Name, string Authorize, string Token, string Scopes, string Host)> Defaults = new()
    {
        ["google"] = ("Gmail", "https://accounts.google.com/o/oauth2/v2/auth", "https://oauth2.googleapis.com/token",
            "https://mail.google.com/", "imap.gmail.com"),
        ["microsoft"] = ("Microsoft 365", "https://login.microsoftonline.com/common/oauth2/v2.0/authorize",
            "https://login.microsoftonline.com/common/oauth2/v2.0/token",
            "https://outlook.office.com/IMAP.AccessAsUser.All offline_access", "outlook.office365.com"),
    };

    /// <summary>The providers, in the order the form offers them.</summary>
    public static IReadOnlyList<string> Keys { get; } = ["google", "microsoft"];

    /// <summary>The key of a provider's tenant OAuth app slot (<c>imap-google</c>, <c>imap-microsoft</c>).</summary>
    public static string AppKey(string provider) => $"imap-{provider}";

    public static string DisplayName(string provider) => Defaults[provider].Name;

    public string? MissingClientIdSetting(string provider) =>
        string.IsNullOrWhiteSpace(configuration[$"Connectors:OAuth:{provider}:ClientId"]) ? $"Connectors:OAuth:{provider}:ClientId" : null;

    /// <summary>The configured provider with the tenant's own client when it brings one (<paramref name="tenantApp"/>), or a
    /// configuration error naming the setting to fill in.</summary>
    public ImapOAuthProvider Get(string? provider, TenantOAuthClient? tenantApp = null)
    {
        var key = provider ?? "google";
        if (!Defaults.TryGetValue(key, out var d))
        {
            throw new ConnectorConfigurationException($"'{key}' is not an OAuth2 provider for IMAP (google, microsoft).");
        }

        if (tenantApp is null && MissingClientIdSetting(key) is { } setting)
        {
            throw new ConnectorConfigurationException($"OAuth2 for {d.Name} is not configured on this deployment: set {setting}.");
        }

        var section = configuration.GetSection($"Connectors:OAuth:{key}");
        var client = new OAuthClientSettings(
            tenantApp?.ClientId ?? section["ClientId"]!,
            tenantApp is null ? section["ClientSecret"] : tenantApp.ClientSecret,
            new Uri(section["AuthorizeEndpoint"] ?? d.Authorize),
            new Uri(section["TokenEndpoint"] ?? d.Token),
            (section["Scopes"] ?? d.Scopes).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return new ImapOAuthProvider(key, d.Name, client,
            section["ImapHost"] ?? d.Host,
            section.GetValue("ImapPort", 993),
            section.GetValue("ImapEncryption", ImapEncryption.Ssl),
            section.GetValue("ValidateCertificate", true));
    }
}
