using System.Globalization;
using System.Text;

namespace Connectors.Tests.Api;

/// <summary>A JSON object whose members keep their order and may repeat (a serializer would refuse both).</summary>
public sealed class FuzzObject : List<KeyValuePair<string, object?>>
{
    public void Add(string name, object? value) => Add(new KeyValuePair<string, object?>(name, value));
}

/// <summary>
/// Writes fuzz values as JSON text by hand, so a payload can hold what no serializer writes: lone surrogates
/// (escaped as <c>\ud800</c>), repeated members, NUL. Every surrogate is written as an escape (a valid pair
/// decodes back to its character); other non-ASCII text is written raw as UTF-8.
/// </summary>
public static class FuzzJson
{
    public static string Write(object? value)
    {
        var text = new StringBuilder();
        Write(text, value);
        return text.ToString();
    }

    private static void Write(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null:
                text.Append("null");
                break;
            case bool b:
                text.Append(b ? "true" : "false");
                break;
            case int or long:
                text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
            case double d:
                text.Append(d.ToString("R", CultureInfo.InvariantCulture));
                break;
            case string s:
                String(text, s);
                break;
            case FuzzObject members:
                text.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    text.Append(i == 0 ? "" : ",");
                    String(text, members[i].Key);
                    text.Append(':');
                    Write(text, members[i].Value);
                }

                text.Append('}');
                break;
            case IEnumerable<object?> items:
                text.Append('[').AppendJoin(',', items.Select(Write)).Append(']');
                break;
            default:
                throw new ArgumentException($"No JSON form for {value.GetType()}.", nameof(value));
        }
    }

    private static void String(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    text.Append("\\\"");
                    break;
                case '\\':
                    text.Append("\\\\");
                    break;
                case < ' ' or (>= '\ud800' and <= '\udfff'):
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }
}
