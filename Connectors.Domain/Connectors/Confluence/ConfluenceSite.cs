using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;

namespace Connectors.Domain.Connectors.Confluence;

/// <summary>
/// An account's site, read from its config: the validated base URL (user input: an absolute http(s)
/// address with no query, fragment or credentials, optionally ending in <c>/wiki</c>), the email and the
/// space keys. Messages name the field and never echo the URL, which could hold a pasted secret.
/// </summary>
public sealed partial record ConfluenceSite(Uri Root, string Email, IReadOnlyList<string> SpaceKeys)
{
    private const string UrlExample = "such as https://your-domain.atlassian.net";

    /// <summary>Where the REST API v1 lives: <c>{root}/wiki/rest/api/</c>.</summary>
    public Uri Api(string relative) => new($"{Root}wiki/rest/api/{relative}");

    /// <summary>Resolves a <c>_links.next</c> or <c>_links.webui</c> link, which Confluence gives relative to
    /// its <c>/wiki</c> context — always against the configured site, never a host taken from a response.</summary>
    public Uri Link(string link)
    {
        var relative = Uri.TryCreate(link, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute.PathAndQuery
            : link;
        return new(relative.StartsWith("/wiki/", StringComparison.Ordinal)
            ? $"{Root}{relative.TrimStart('/')}"
            : $"{Root}wiki/{relative.TrimStart('/')}");
    }

    public AuthenticationHeaderValue Basic(string apiToken) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Email}:{apiToken}")));

    /// <summary>Reads and checks the account's config; a <see cref="ConnectorConfigurationException"/>
    /// naming the field when a value is unusable.</summary>
    public static ConfluenceSite From(JsonObject config)
    {
        var connection = config[FormRouter.ConnectionKey] as JsonObject ?? [];
        var email = Text(connection, ConfluenceForms.Email)
            ?? throw Invalid("Email (email) is required.");
        return new ConfluenceSite(ParseBaseUrl(Text(connection, ConfluenceForms.BaseUrl)), email, ParseSpaceKeys(Text(config, ConfluenceForms.SpaceKeys)));
    }

    public static Uri ParseBaseUrl(string? raw)
    {
        if (!Uri.TryCreate(raw?.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.IsFile || uri.IsUnc)
        {
            throw Invalid($"Base URL (base_url) must be an absolute http(s) address {UrlExample}.");
        }

        if (uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw Invalid($"Base URL (base_url) must not contain a query or a fragment; use the site address {UrlExample}.");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw Invalid("Base URL (base_url) must not contain a user name or password; they go in Email and API token.");
        }

        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.Length > 0 && !path.Equals("/wiki", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid($"Base URL (base_url) must be the site address {UrlExample}, not a page's address.");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }

    /// <summary>Comma-separated keys, trimmed, blanks and duplicates dropped. Keys are checked because
    /// they are written into CQL: letters, digits, <c>_</c>, <c>-</c> and the <c>~</c> of personal spaces.</summary>
    public static IReadOnlyList<string> ParseSpaceKeys(string? raw)
    {
        var keys = (raw ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Distinct(StringComparer.Ordinal).ToList();
        var bad = keys.FirstOrDefault(k => !SpaceKeyPattern().IsMatch(k));
        return bad is null
            ? keys
            : throw Invalid(
                $"Spaces (space_keys): '{(bad.Length > 40 ? bad[..40] + "…" : bad)}' is not a space key; use keys such as ENG, HR separated by commas.");
    }

    [GeneratedRegex("^~?[A-Za-z0-9_-]{1,255}$")]
    private static partial Regex SpaceKeyPattern();

    private static ConnectorConfigurationException Invalid(string message) => new(message);

    private static string? Text(JsonObject o, string key) =>
        o[key] is JsonValue v && v.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
}
