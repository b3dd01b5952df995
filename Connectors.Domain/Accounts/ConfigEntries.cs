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

/// <summary>One stored setting as the account page shows it: the connector's own label and value words.</summary>
/// <param name="Key">Where it is stored (<c>connection.host</c>, <c>folders.include</c>).</param>
/// <param name="IsDefault">True when nothing is stored and the field's default applies.</param>
public sealed record ConfigDisplayRow(string Key, string Label, string Value, bool IsDefault, string? Help);

/// <summary>
/// An account's stored configuration in the connector's words: each visible, non-secret field of its credential
/// and settings forms with its label ("Encryption") and its value as the form offers it ("SSL/TLS", "yes",
/// "INBOX, Sent"); a field with nothing stored shows its default, or "Not set" with the field's help so an empty
/// list is not misread. Values stored under no field of either form follow under their raw keys.
/// </summary>
public static class ConfigDisplay
{
    public static (IReadOnlyList<ConfigDisplayRow> Fields, IReadOnlyList<KeyValuePair<string, string>> Other) Rows(
        JsonObject config, Connectors.Forms.FormSchema? credential, Connectors.Forms.FormSchema? settings)
    {
        var rows = new List<ConfigDisplayRow>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var form in new[] { credential, settings }.OfType<Connectors.Forms.FormSchema>())
        {
            var stored = Connectors.Forms.FormPrefill.FromConfig(form, config);
            foreach (var field in form.Fields.Where(f => f.Target != Connectors.Forms.FieldTarget.Secret))
            {
                var key = field.Target == Connectors.Forms.FieldTarget.Connection ? $"{Connectors.Forms.FormRouter.ConnectionKey}.{field.Name}" : field.Name;
                covered.Add(key);
            }

            var values = form.Fields.ToDictionary(f => f.Name, f => stored.TryGetValue(f.Name, out var v) ? v : f.Default, StringComparer.Ordinal);
            foreach (var field in Connectors.Forms.FormVisibility.Visible(form, name => values.GetValueOrDefault(name))
                .Where(f => f.Target != Connectors.Forms.FieldTarget.Secret))
            {
                var key = field.Target == Connectors.Forms.FieldTarget.Connection ? $"{Connectors.Forms.FormRouter.ConnectionKey}.{field.Name}" : field.Name;
                var isDefault = !stored.ContainsKey(field.Name);
                var shown = Text(field, isDefault ? field.Default : stored[field.Name]);
                rows.Add(new ConfigDisplayRow(key, field.Label, shown ?? "Not set", isDefault && shown is not null, shown is null ? field.Help : null));
            }
        }

        var other = ConfigEntries.Flatten(config).Where(r => !covered.Contains(r.Key)).ToList();
        return (rows, other);
    }

    private static string? Text(Connectors.Forms.FormField field, object? value) => value switch
    {
        null => null,
        string text when text.Length == 0 => null,
        bool flag => flag ? "yes" : "no",
        string text when field.Type == Connectors.Forms.FieldType.Checkbox => text is "true" or "on" or "1" or "yes" ? "yes" : "no",
        string[] { Length: 0 } => null,
        string[] list => string.Join(", ", list),
        string text when field.Type == Connectors.Forms.FieldType.List =>
            text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } parts ? string.Join(", ", parts) : null,
        double number => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        string text => field.Options.FirstOrDefault(o => o.Value == text)?.Label ?? text,
        _ => value.ToString(),
    };
}
