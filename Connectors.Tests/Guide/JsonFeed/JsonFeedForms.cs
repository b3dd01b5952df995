using Connectors.Domain.Connectors.Forms;

namespace Connectors.Tests.Guide.JsonFeed;

/// <summary>The JSON Feed credential form: the feed's address goes to the account's config, the access token
/// to the vault only. What the schema cannot express (an absolute http(s) address) is checked by
/// <see cref="JsonFeedSite.From"/> when the connector verifies the credentials.</summary>
public static class JsonFeedForms
{
    public const string FeedUrl = "feed_url";
    public const string Token = "token";

    public static FormSchema Credential { get; } = new([
        new FormField(FeedUrl, "Feed URL", FieldType.Text, FieldTarget.Connection)
        {
            Required = true, Group = "Feed", Placeholder = "https://status.example.com/feed.json",
            Help = "The address of a JSON Feed (jsonfeed.org, version 1 or 1.1).",
        },
        new FormField(Token, "Access token", FieldType.Password, FieldTarget.Secret)
        {
            Required = true, Group = "Feed", Help = "Sent as a bearer token with every request for the feed.",
        },
    ]);
}
