using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;

namespace Connectors.Tests.Guide.JsonFeed;

/// <summary>An account's feed, read from its config: the validated address. Messages name the field and
/// never echo the address, which could hold a pasted secret.</summary>
public sealed record JsonFeedSite(Uri FeedUrl)
{
    public static JsonFeedSite From(JsonObject config)
    {
        var raw = (config[FormRouter.ConnectionKey] as JsonObject)?[JsonFeedForms.FeedUrl]?.GetValue<string>();
        return Uri.TryCreate(raw?.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.UserInfo.Length == 0
            ? new JsonFeedSite(uri)
            : throw new ConnectorConfigurationException("Feed URL (feed_url) must be an absolute http(s) address without a user name or password.");
    }

    /// <summary>A <c>next_url</c> from a response, followed only on the feed's own origin: a feed must not send
    /// the token to another host.</summary>
    public Uri Next(string nextUrl) =>
        Uri.TryCreate(FeedUrl, nextUrl, out var next) && next.GetLeftPart(UriPartial.Authority) == FeedUrl.GetLeftPart(UriPartial.Authority)
            ? next
            : throw new ConnectorConfigurationException("The feed's next_url leaves the feed's site; it is not followed.");

    public static AuthenticationHeaderValue Bearer(string token) => new("Bearer", token);
}
