namespace Connectors.Domain.Connectors.Forms;

/// <summary>The outcome of validating a submission: coerced values of the visible fields only
/// (string, double, bool or string[]), or the errors keyed by field name.</summary>
public sealed record FormValidationResult(
    IReadOnlyDictionary<string, object> Values,
    IReadOnlyDictionary<string, string> Errors)
{
    public bool IsValid => Errors.Count == 0;

    /// <summary>Text form of a value as showIf compares it (booleans as true/false).</summary>
    internal static string? AsText(object? value) => value switch
    {
        null => null,
        bool b => b ? "true" : "false",
        double d => d.ToString(System.Globalization.CultureInfo.InvariantCulture),
        string s => s,
        _ => value.ToString(),
    };
}
