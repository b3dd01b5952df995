using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connectors.Domain.Connectors.Forms;

/// <summary>The inverse of <see cref="FormRouter"/> for everything but secrets: reads an account's
/// stored config back into form values, so a reconnect form starts from what was saved.</summary>
public static class FormPrefill
{
    /// <summary>Values by field name for every non-secret field found in <paramref name="config"/>
    /// (Connection fields under <c>connection.&lt;name&gt;</c>, the others under <c>&lt;name&gt;</c>),
    /// typed as the form holds them: numbers as <see cref="double"/>, checkboxes as <see cref="bool"/>,
    /// lists as <see cref="string"/> arrays, the rest as text. Secret fields are never returned.</summary>
    public static IReadOnlyDictionary<string, object?> FromConfig(FormSchema schema, JsonObject config)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var connection = config[FormRouter.ConnectionKey] as JsonObject;
        foreach (var field in schema.Fields.Where(f => f.Target != FieldTarget.Secret))
        {
            var node = field.Target == FieldTarget.Connection ? connection?[field.Name] : config[field.Name];
            if (node is not null && Read(field, node) is { } value)
            {
                values[field.Name] = value;
            }
        }

        return values;
    }

    private static object? Read(FormField field, JsonNode node)
    {
        // The node is either freshly routed (a CLR-backed value) or parsed from the database (a
        // JsonElement): its kind is the one reading both have in common. A value stored under
        // another type (an older schema) is left out, so the field keeps its default.
        var kind = node.GetValueKind();
        return field.Type switch
        {
            FieldType.Number when kind == JsonValueKind.Number =>
                double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
            FieldType.Number => null,
            FieldType.Checkbox when kind is JsonValueKind.True or JsonValueKind.False => kind == JsonValueKind.True,
            FieldType.Checkbox => null,
            FieldType.List when node is JsonArray list => list.Select(i => i?.ToString()).OfType<string>().ToArray(),
            _ when kind == JsonValueKind.String => node.GetValue<string>(),
            _ => null,
        };
    }
}
