using System.Text.Json.Nodes;

namespace Connectors.Domain.Connectors.Forms;

/// <summary>A validated submission split by target: the secrets for the vault, the rest as config JSON.</summary>
public sealed record RoutedSubmission(JsonObject Config, IReadOnlyDictionary<string, string> Secrets);

/// <summary>Routes validated values by each field's <see cref="FieldTarget"/>. Secrets never enter
/// <see cref="RoutedSubmission.Config"/>.</summary>
public static class FormRouter
{
    public const string ConnectionKey = "connection";

    public static RoutedSubmission Route(FormSchema schema, FormValidationResult validated)
    {
        if (!validated.IsValid)
        {
            throw new InvalidOperationException("Only a valid submission can be routed.");
        }

        var config = new JsonObject();
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in validated.Values)
        {
            var field = schema.Find(name) ?? throw new InvalidOperationException($"Field '{name}' is not in the schema.");
            switch (field.Target)
            {
                case FieldTarget.Secret:
                    secrets[name] = (string)value;
                    break;
                case FieldTarget.Connection:
                    var connection = config[ConnectionKey] as JsonObject ?? new JsonObject();
                    connection[name] = ToNode(value);
                    config[ConnectionKey] = connection;
                    break;
                default:
                    config[name] = ToNode(value);
                    break;
            }
        }

        return new RoutedSubmission(config, secrets);
    }

    internal static JsonNode? ToNode(object value) => value switch
    {
        double d when d == Math.Floor(d) && Math.Abs(d) < long.MaxValue => JsonValue.Create((long)d),
        double d => JsonValue.Create(d),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        string[] list => new JsonArray([.. list.Select(i => (JsonNode?)JsonValue.Create(i))]),
        _ => throw new InvalidOperationException($"Unsupported form value type {value.GetType().Name}."),
    };
}
