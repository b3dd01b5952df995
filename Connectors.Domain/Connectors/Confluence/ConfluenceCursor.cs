using System.Globalization;
using System.Text.Json.Nodes;

namespace Connectors.Domain.Connectors.Confluence;

/// <summary>Where an incremental sync starts: the latest <c>version.when</c> ingested — Confluence's own
/// clock, so the host's clock never skews it. Kept in the vault's non-secret <c>Extra</c> and saved only
/// after a sync's pages are ingested, so a failed run is retried from the old cursor.</summary>
internal sealed record ConfluenceCursor(DateTimeOffset LastModified)
{
    public const string Key = "confluence.cursor";

    public static ConfluenceCursor? Read(JsonObject extra) =>
        extra[Key] is JsonObject o && o["lastModified"] is JsonValue v && v.TryGetValue<string>(out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
            ? new ConfluenceCursor(when)
            : null;

    public JsonObject ToJson() => new() { ["lastModified"] = LastModified.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) };
}
