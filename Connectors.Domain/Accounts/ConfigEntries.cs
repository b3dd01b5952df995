using System.Text.Json.Nodes;

namespace Connectors.Domain.Accounts;

/// <summary>An account's stored (non-secret) config as display rows: nested objects flattened to
/// dotted keys (<c>connection.host</c>), arrays joined with commas.</summary>
public static class ConfigEntries
{
    /// <summary>The rows of <paramref name="config"/>, sorted by key.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Flatten(JsonObject config)
    {
        var rows = new List<KeyValuePair<string, string>>();
        Add(rows, "", config);
        return [.. rows.OrderBy(r => r.Key, StringComparer.Ordinal)];
    }

    private static void Add(List<KeyValuePair<string, string>> rows, string prefix, JsonObject node)
    {
        foreach (var (name, value) in node)
        {
            var key = prefix.Length == 0 ? name : $"{prefix}.{name}";
            switch (value)
            {
                case JsonObject child:
                    Add(rows, key, child);
                    break;
                case JsonArray list:
                    rows.Add(new(key, string.Join(", ", list.Select(i => i?.ToString() ?? ""))));
                    break;
                case JsonValue v:
                    rows.Add(new(key, v.ToString()));
                    break;
                default:
                    rows.Add(new(key, "—"));
                    break;
            }
        }
    }
}
