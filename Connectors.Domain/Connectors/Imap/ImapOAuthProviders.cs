using Microsoft.Extensions.Configuration;

namespace Connectors.Domain.Connectors.Imap;

/// <summary>
/// The XOAUTH2 providers (<c>Connectors:OAuth:google|microsoft:*</c>). A provider without a client id
/// is reported as not configured, naming the setting to fill in.
/// </summary>
public sealed class ImapOAuthProviders(IConfiguration configuration)
{
    private static readonly Dictionary<string, string> Names = new() { ["google"] = "Gmail", ["microsoft"] = "Microsoft 365" };

    public string? MissingClientIdSetting(string provider) =>
        string.IsNullOrWhiteSpace(configuration[$"Connectors:OAuth:{provider}:ClientId"]) ? $"Connectors:OAuth:{provider}:ClientId" : null;

    /// <summary>The error for an XOAUTH2 submission this deployment cannot start.</summary>
    public ConnectorConfigurationException NotAvailable(string? provider)
    {
        var key = provider ?? "google";
        var name = Names.GetValueOrDefault(key, key);
        return MissingClientIdSetting(key) is { } setting
            ? new ConnectorConfigurationException($"OAuth2 for {name} is not configured on this deployment: set {setting}.")
            : new ConnectorConfigurationException($"OAuth2 sign-in for {name} is not available yet on this deployment; use a password or app password.");
    }
}
