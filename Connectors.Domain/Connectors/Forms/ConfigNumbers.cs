using System.Text.Json.Nodes;

namespace Connectors.Domain.Connectors.Forms;

/// <summary>Reads a settings form's Number field back from an account's config: stored as a whole number when it is one,
/// otherwise as a fraction (1.5 MB, half a day) — both are read, never silently taken for 0.</summary>
public static class ConfigNumbers
{
    /// <summary>The positive value stored under <paramref name="name"/>, or 0 when it is absent, not a number or not positive.</summary>
    public static double Positive(JsonObject config, string name) =>
        config[name] is JsonValue value && value.TryGetValue<double>(out var number) && double.IsFinite(number) && number > 0 ? number : 0;
}
