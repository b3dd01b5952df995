namespace Connectors.Tests.Guide.JsonFeed;

/// <summary>The <c>Connectors:JsonFeed</c> section.</summary>
public sealed class JsonFeedOptions
{
    public const string Section = "Connectors:JsonFeed";

    /// <summary>A stop for a feed whose <c>next_url</c> never ends: past this many pages a sync ends as a
    /// partial success.</summary>
    public int MaxPages { get; set; } = 100;
}
