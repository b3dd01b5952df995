using Connectors.Domain.Connectors.Forms;

namespace Connectors.Web.Cli;

/// <summary>A connector form's values as the CLI takes them: <c>--field name=value</c> for the plain
/// fields (a list field may repeat), standard input for the secret ones.</summary>
internal static class CliFormValues
{
    /// <summary>Parses the <c>--field</c> options. A secret field given this way is refused, naming it,
    /// before anything is touched: command lines end up in shell histories and process lists.</summary>
    public static Dictionary<string, object?> Parse(FormSchema form, IReadOnlyList<string> given)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var option in given)
        {
            var eq = option.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CliUsageException($"--field '{option}' must be name=value.");
            }

            var (name, value) = (option[..eq], option[(eq + 1)..]);
            var field = form.Find(name);
            if (field?.Target == FieldTarget.Secret)
            {
                throw new CliUsageException(
                    $"--field {name} is refused: '{field.Label}' is a secret, read from standard input, never from an argument.");
            }

            if (!values.TryGetValue(name, out var previous))
            {
                values[name] = value;
            }
            else if (field?.Type == FieldType.List)
            {
                values[name] = (previous is string[] list ? list : [(string)previous!]).Append(value).ToArray();
            }
            else
            {
                throw new CliUsageException($"--field {name} is given more than once.");
            }
        }

        return values;
    }

    /// <summary>The secret fields to read, in form order: those visible with the given values (an
    /// IMAP account on OAuth2 has no password, so nothing is read for it).</summary>
    public static IReadOnlyList<FormField> SecretsToRead(FormSchema form, IReadOnlyDictionary<string, object?> values)
    {
        // Only for visibility: the real validation runs in the service, with the secrets.
        var coerced = FormValidator.Validate(form, values).Values;
        return [.. FormVisibility.Visible(form, name => coerced.GetValueOrDefault(name)).Where(f => f.Target == FieldTarget.Secret)];
    }

    /// <summary>Reads one line per secret field (see <see cref="SecretsToRead"/>) into
    /// <paramref name="values"/>. A line is taken as is (no trimming: spaces can be part of a password).</summary>
    public static async Task ReadSecretsAsync(FormSchema form, Dictionary<string, object?> values, TextReader stdin, CancellationToken ct)
    {
        var secrets = SecretsToRead(form, values);
        foreach (var field in secrets)
        {
            if (await stdin.ReadLineAsync(ct) is { } line)
            {
                values[field.Name] = line;
            }
            else if (field.Required)
            {
                throw new CliUsageException($"No value for '{field.Label}' on standard input: pipe one line per secret field "
                    + $"({string.Join(", ", secrets.Select(s => s.Name))}), e.g. `read -s S && echo \"$S\" | ... accounts add ...`.");
            }
        }
    }
}
