using System.Globalization;

namespace Connectors.Domain.Connectors.Forms;

/// <summary>
/// The one validator behind the UI, the HTTP API and the CLI. Rules: unknown fields rejected;
/// blank takes the default; values coerced to the field's type; fields hidden by an unmet showIf are
/// dropped (never validated, never persisted); required only when visible; selects must name an
/// option; numbers within Min/Max; text at most 1024 characters.
/// </summary>
public static class FormValidator
{
    public static FormValidationResult Validate(FormSchema schema, IReadOnlyDictionary<string, object?> input)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in input.Keys.Where(k => schema.Find(k) is null))
        {
            errors[name] = $"Unknown field '{name}'.";
        }

        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var field in FormVisibility.Visible(schema, name => values.GetValueOrDefault(name)))
        {
            input.TryGetValue(field.Name, out var raw);
            var source = FormValueCoercion.IsBlank(raw) ? field.Default : raw;
            if (source is null || FormValueCoercion.IsBlank(source))
            {
                if (field.Required)
                {
                    errors[field.Name] = $"{field.Label} is required.";
                }

                continue;
            }

            var value = FormValueCoercion.Coerce(field, source, out var error);
            error ??= value is null ? null : Check(field, value);
            if (error is not null)
            {
                errors[field.Name] = error;
                continue;
            }

            if (value is string[] { Length: 0 } && field.Required)
            {
                errors[field.Name] = $"{field.Label} is required.";
                continue;
            }

            values[field.Name] = value!;
        }

        return new FormValidationResult(values, errors);
    }

    private static string? Check(FormField field, object value)
    {
        switch (value)
        {
            case string text when field.Type == FieldType.Select && field.Options.FirstOrDefault(o => o.Value == text) is { Unavailable: { } reason } option:
                return $"{field.Label}: {option.Label} is not available. {reason}";
            case string text when field.Type == FieldType.Select:
                return field.Options.Any(o => o.Value == text)
                    ? null
                    : $"{field.Label} must be one of: {string.Join(", ", field.Options.Select(o => o.Value))}.";
            case string text when text.Length > FormField.MaxTextLength:
                return $"{field.Label} must be at most {FormField.MaxTextLength} characters.";
            case string[] items when items.Any(i => i.Length > FormField.MaxTextLength):
                return $"Each entry of {field.Label} must be at most {FormField.MaxTextLength} characters.";
            case double number when (field.Min is { } min && number < min) || (field.Max is { } max && number > max):
                return $"{field.Label} must be between {Format(field.Min)} and {Format(field.Max)}.";
            default:
                return null;
        }
    }

    private static string Format(double? bound) =>
        bound?.ToString(CultureInfo.InvariantCulture) ?? "any";
}
