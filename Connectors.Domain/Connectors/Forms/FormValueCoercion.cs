using System.Globalization;
using System.Text.Json;

namespace Connectors.Domain.Connectors.Forms;

/// <summary>Turns what the UI (strings, bools), the API (JSON) or the CLI (strings) submitted into
/// the field's type. Blank means "not given" so the default applies.</summary>
internal static class FormValueCoercion
{
    public static bool IsBlank(object? raw) => raw switch
    {
        null => true,
        string s => string.IsNullOrWhiteSpace(s),
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => true,
        JsonElement { ValueKind: JsonValueKind.String } e => string.IsNullOrWhiteSpace(e.GetString()),
        _ => false,
    };

    /// <summary>Returns the coerced value, or null with <paramref name="error"/> naming the problem.</summary>
    public static object? Coerce(FormField field, object raw, out string? error)
    {
        error = null;
        switch (field.Type)
        {
            case FieldType.Number:
                if (TryNumber(raw, out var number))
                {
                    return number;
                }

                error = $"{field.Label} must be a number.";
                return null;
            case FieldType.Checkbox:
                if (TryBool(raw, out var flag))
                {
                    return flag;
                }

                error = $"{field.Label} must be true or false.";
                return null;
            case FieldType.List:
                return List(raw, field, out error);
            case FieldType.Password:
                return Text(raw, field, trim: false, out error);
            default:
                return Text(raw, field, trim: true, out error);
        }
    }

    private static string? Text(object raw, FormField field, bool trim, out string? error)
    {
        error = null;
        var text = raw switch
        {
            string s => s,
            JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
            JsonElement { ValueKind: JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False } e => e.GetRawText(),
            bool b => b ? "true" : "false",
            IConvertible c when raw is not JsonElement => c.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
        if (text is null)
        {
            error = $"{field.Label} must be text.";
            return null;
        }

        return trim ? text.Trim() : text;
    }

    private static string[]? List(object raw, FormField field, out string? error)
    {
        error = null;
        IEnumerable<object?>? items = raw switch
        {
            string s => s.Split([',', '\n'], StringSplitOptions.None),
            JsonElement { ValueKind: JsonValueKind.String } e => (e.GetString() ?? "").Split([',', '\n'], StringSplitOptions.None),
            JsonElement { ValueKind: JsonValueKind.Array } e => e.EnumerateArray().Select(x => (object?)x),
            IEnumerable<string?> strings => strings,
            _ => null,
        };
        var values = new List<string>();
        if (items is null)
        {
            error = $"{field.Label} must be a list of text values.";
            return null;
        }

        foreach (var item in items)
        {
            if (item is null || IsBlank(item))
            {
                continue;
            }

            // A list holds text: a number, a flag or an object among its entries is a wrong type, not text.
            if (item is not (string or JsonElement { ValueKind: JsonValueKind.String }))
            {
                error = $"{field.Label} must be a list of text values.";
                return null;
            }

            var text = Text(item, field, trim: true, out error)!;
            if (!values.Contains(text, StringComparer.Ordinal))
            {
                values.Add(text);
            }
        }

        return [.. values];
    }

    private static bool TryNumber(object raw, out double value)
    {
        switch (raw)
        {
            case double d:
                value = d;
                return double.IsFinite(d);
            case int or long or float or decimal:
                value = Convert.ToDouble(raw, CultureInfo.InvariantCulture);
                return true;
            case JsonElement { ValueKind: JsonValueKind.Number } e:
                return e.TryGetDouble(out value);
            case JsonElement { ValueKind: JsonValueKind.String } e:
                return TryNumber(e.GetString() ?? "", out value);
            case string s:
                return double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
            default:
                value = 0;
                return false;
        }
    }

    private static bool TryBool(object raw, out bool value)
    {
        switch (raw)
        {
            case bool b:
                value = b;
                return true;
            case JsonElement { ValueKind: JsonValueKind.True or JsonValueKind.False } e:
                value = e.GetBoolean();
                return true;
            case JsonElement { ValueKind: JsonValueKind.String } e:
                return TryBool(e.GetString() ?? "", out value);
            case string s:
                switch (s.Trim().ToLowerInvariant())
                {
                    case "true" or "on" or "1" or "yes":
                        value = true;
                        return true;
                    case "false" or "off" or "0" or "no":
                        value = false;
                        return true;
                }

                break;
        }

        value = false;
        return false;
    }
}
