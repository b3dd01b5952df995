using System.Globalization;

namespace Connectors.Domain.Connectors.Confluence;

/// <summary>
/// The CQL the connector sends. Dates in CQL have minute precision and are read in the site's time
/// zone, not UTC (CONFCLOUD-70966), so "modified since" is written in the zone
/// <c>settings/systemInfo</c> reports; when it is unknown the window is widened by twelve hours, the
/// furthest any zone lags UTC, so nothing is missed (re-fetched pages hash as unchanged).
/// </summary>
internal static class ConfluenceCql
{
    /// <summary>How far the window is widened when the site's time zone is unknown.</summary>
    public static readonly TimeSpan UnknownZoneMargin = TimeSpan.FromHours(12);

    /// <summary>Every page, or those of <paramref name="spaceKeys"/> (already checked to be plain keys),
    /// oldest first so an offset-paged listing (Data Center) appends new pages instead of shifting.</summary>
    public static string Pages(IReadOnlyList<string> spaceKeys, string? extra = null, string order = "created asc") =>
        "type=page"
        + (spaceKeys.Count == 0 ? "" : $" AND space in ({string.Join(",", spaceKeys.Select(k => $"\"{k}\""))})")
        + (extra is null ? "" : $" AND {extra}")
        + $" order by {order}";

    /// <summary>The pages a sync reads, most recently modified first (the preview).</summary>
    public static string NewestFirst(IReadOnlyList<string> spaceKeys) => Pages(spaceKeys, order: "lastmodified desc");

    /// <summary>Pages modified at or after <paramref name="since"/> minus <paramref name="overlap"/>.</summary>
    public static string ModifiedSince(IReadOnlyList<string> spaceKeys, DateTimeOffset since, TimeZoneInfo? siteZone, TimeSpan overlap)
    {
        var from = since - overlap - (siteZone is null ? UnknownZoneMargin : TimeSpan.Zero);
        var local = TimeZoneInfo.ConvertTime(from, siteZone ?? TimeZoneInfo.Utc);
        return Pages(spaceKeys, $"lastmodified >= \"{local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}\"");
    }
}
