using System.Text.Json.Nodes;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;

namespace Connectors.Domain.Connectors.Mcp;

/// <summary>
/// The account's server URL, read from its config and checked: absolute, https (plain http only where
/// <c>Connectors:Network:AllowPrivateHosts</c> marks a development or test deployment), no user name or password, no
/// query or fragment (a token pasted into the URL would end up in the account's config). Messages name the field and
/// never echo the value. Where it may connect is the host guard's decision, made when it connects.
/// </summary>
public static class McpServerUrl
{
    private const string Field = "Server URL (server_url)";

    public static Uri From(JsonObject config, bool allowHttp) =>
        Parse((config[FormRouter.ConnectionKey] as JsonObject)?[McpForms.ServerUrl] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null, allowHttp);

    public static Uri Parse(string? raw, bool allowHttp)
    {
        if (!Uri.TryCreate(raw?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.IsFile || uri.IsUnc)
        {
            throw new ConnectorConfigurationException($"{Field} must be an absolute https address such as https://mcp.example.com/mcp.");
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !allowHttp)
        {
            throw new ConnectorConfigurationException($"{Field} must use https:// (plain http is allowed only in development).");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw new ConnectorConfigurationException($"{Field} must not contain a user name or password; a token goes in Bearer token (bearer_token).");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new ConnectorConfigurationException($"{Field} must not contain a query or a fragment; a token goes in Bearer token (bearer_token).");
        }

        return uri;
    }

    /// <summary>A URL the server or its authorization server gave (metadata, endpoints): https unless plain http is
    /// allowed, the host guard applying when it is called.</summary>
    public static bool IsAcceptableDiscovered(Uri uri, bool allowHttp) =>
        uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || (allowHttp && uri.Scheme == Uri.UriSchemeHttp)) && uri.UserInfo.Length == 0;
}
