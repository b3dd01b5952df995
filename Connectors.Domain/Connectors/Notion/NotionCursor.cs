using System.Globalization;
using System.Text.Json.Nodes;

namespace Connectors.Domain.Connectors.Notion;

/// <summary>
/// How far an account's pages have been read: the latest <c>last_edited_time</c> ingested, kept in the
/// vault's non-secret <c>Extra</c>. Notion rounds that time down to the minute, so an incremental sync
/// re-reads pages edited at the cursor's minute too (an edit later in that minute carries the same time).
/// </summary>
internal static class NotionCursor
{
    public const string Key = "notion.cursor";

    public static DateTimeOffset? Read(JsonObject extra) =>
        extra[Key] is JsonObject o && o["lastEditedTime"] is JsonValue v && v.TryGetValue<string>(out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    public static JsonObject ToJson(DateTimeOffset lastEditedTime) =>
        new() { ["lastEditedTime"] = lastEditedTime.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture) };

    /// <summary>Whether a page listed with <paramref name="lastEditedTime"/> needs its content read.</summary>
    public static bool NeedsReading(DateTimeOffset? cursor, DateTimeOffset lastEditedTime) =>
        cursor is not { } c || lastEditedTime >= c;
}
