namespace Connectors.Domain.Connectors.Mcp;

/// <summary><c>Connectors:Mcp</c>: limits of one sync of an MCP server.</summary>
public sealed class McpOptions
{
    public const string Section = "Connectors:Mcp";

    /// <summary>Listing pages walked before a sync stops with a partial result (and removes nothing).</summary>
    public int MaxListingPages { get; set; } = 1000;

    /// <summary>Resources read at once within a listing page.</summary>
    public int ReadConcurrency { get; set; } = 4;

    /// <summary>Characters of text kept per resource; a longer resource is skipped and counted.</summary>
    public int MaxResourceChars { get; set; } = 5_000_000;
}
