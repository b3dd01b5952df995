namespace Connectors.Domain.Connectors.Confluence;

/// <summary>The <c>Connectors:Confluence</c> section.</summary>
public sealed class ConfluenceOptions
{
    public const string Section = "Connectors:Confluence";

    /// <summary>Pages asked per search request with bodies expanded (Confluence may answer fewer).</summary>
    public int PageSize { get; set; } = 50;

    /// <summary>Pages asked per request when only ids are listed (to find deleted pages).</summary>
    public int IdPageSize { get; set; } = 250;

    /// <summary>How far before the cursor an incremental sync looks again: CQL dates are whole
    /// minutes and the search index trails an edit by a little.</summary>
    public int OverlapMinutes { get; set; } = 10;

    /// <summary>A stop for a provider whose <c>_links.next</c> never ends: after this many result pages
    /// in one listing the sync ends as a partial success.</summary>
    public int MaxResultPages { get; set; } = 10_000;
}
