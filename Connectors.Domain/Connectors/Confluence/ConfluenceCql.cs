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

    /// <summary>Every page the account syncs — of <paramref name="scope"/>'s spaces (already checked to be plain keys),
    /// without its excluded labels, modified after its cutoff — oldest first so an offset-paged listing (Data Center)
    /// appends new pages instead of shifting.</summary>
    public static string Pages(ConfluenceScope scope, string? extra = null, string order = "created asc") =>
        "type=page"
        + (scope.SpaceKeys.Count == 0 ? "" : $" AND space in ({string.Join(",", scope.SpaceKeys.Select(k => $"\"{k}\""))})")
        + (scope.ExcludedLabels.Count == 0 ? "" : $" AND label not in ({string.Join(",", scope.ExcludedLabels.Select(Quoted))})")
        + (scope.ModifiedAfter is { } cutoff ? $" AND {Since(cutoff, scope.SiteZone)}" : "")
        + (extra is null ? "" : $" AND {extra}")
        + $" order by {order}";

    /// <summary>The pages a sync reads, most recently modified first (the preview).</summary>
    public static string NewestFirst(ConfluenceScope scope) => Pages(scope, order: "lastmodified desc");

    /// <summary>Pages modified at or after <paramref name="since"/> minus <paramref name="overlap"/>.</summary>
    public static string ModifiedSince(ConfluenceScope scope, DateTimeOffset since, TimeSpan overlap) =>
        Pages(scope, Since(since - overlap - (scope.SiteZone is null ? UnknownZoneMargin : TimeSpan.Zero), scope.SiteZone));

    /// <summary>These pages (ids as Confluence gives them: digits only) of the account's scope.</summary>
    public static string WithIds(ConfluenceScope scope, IEnumerable<string> ids) =>
        Pages(scope, $"id in ({string.Join(",", ids.Where(id => id.All(char.IsAsciiDigit)))})");

    private static string Since(DateTimeOffset from, TimeZoneInfo? zone = null) =>
        $"lastmodified >= \"{TimeZoneInfo.ConvertTime(from, zone ?? TimeZoneInfo.Utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}\"";

    /// <summary>A CQL string literal: quotes and backslashes escaped.</summary>
    private static string Quoted(string value) => $"\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";
}

/// <summary>What an account syncs: its spaces, the labels it leaves out, and the oldest modification it keeps (read in the
/// site's zone when known; without it the cutoff is moved twelve hours earlier, so nothing inside the window is lost).</summary>
internal sealed record ConfluenceScope(IReadOnlyList<string> SpaceKeys, IReadOnlyList<string> ExcludedLabels, DateTimeOffset? ModifiedAfter, TimeZoneInfo? SiteZone)
{
    public static ConfluenceScope From(ConfluenceSite site, System.Text.Json.Nodes.JsonObject config, DateTimeOffset now, TimeZoneInfo? siteZone)
    {
        var labels = config[ConfluenceForms.ExcludedLabels] is System.Text.Json.Nodes.JsonArray list
            ? list.Select(n => n?.GetValue<string>().Trim()).OfType<string>().Where(l => l.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList()
            : [];
        var days = AgeLimitDays(config);
        return new ConfluenceScope(site.SpaceKeys, labels,
            days > 0 ? now.AddDays(-days) - (siteZone is null ? ConfluenceCql.UnknownZoneMargin : TimeSpan.Zero) : null, siteZone);
    }

    /// <summary>Whether the account keeps only recently edited pages (its query then holds a date in the site's zone).</summary>
    public static bool HasAgeLimit(System.Text.Json.Nodes.JsonObject config) => AgeLimitDays(config) > 0;

    private static double AgeLimitDays(System.Text.Json.Nodes.JsonObject config) =>
        Forms.ConfigNumbers.Positive(config, ConfluenceForms.ModifiedWithinDays);
}
