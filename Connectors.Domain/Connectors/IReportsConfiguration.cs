namespace Connectors.Domain.Connectors;

/// <summary>Implemented by connectors that need deployment settings (an OAuth client id): when
/// missing, the UI shows "not configured" and the setting to fill in instead of a broken button.</summary>
public interface IReportsConfiguration
{
    /// <summary>Null when configured; otherwise the setting(s) to fill in.</summary>
    string? MissingConfiguration { get; }
}
