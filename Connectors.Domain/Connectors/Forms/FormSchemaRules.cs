using System.Globalization;

namespace Connectors.Domain.Connectors.Forms;

/// <summary>Checks a schema for the faults that would make a form unusable or leak a secret.
/// Each fault is one readable sentence naming the field.</summary>
public static class FormSchemaRules
{
    public static IReadOnlyList<string> FindFaults(FormSchema schema)
    {
        var faults = new List<string>();
        foreach (var duplicate in schema.Fields.GroupBy(f => f.Name).Where(g => g.Count() > 1))
        {
            faults.Add($"field '{duplicate.Key}' is declared more than once");
        }

        foreach (var field in schema.Fields)
        {
            faults.AddRange(FieldFaults(schema, field));
        }

        return faults;
    }

    /// <summary>The faults of a settings form: those of any form, plus what cannot live in config JSON
    /// (settings are stored there, so a secret or a field routed elsewhere has no place).</summary>
    public static IReadOnlyList<string> FindSettingsFaults(FormSchema schema)
    {
        var faults = FindFaults(schema).ToList();
        foreach (var field in schema.Fields)
        {
            if (field.Type == FieldType.Password || field.Target != FieldTarget.Config)
            {
                faults.Add($"settings field '{field.Name}' is a {field.Type} targeting {field.Target}; settings are stored in the account's config, so they must be non-secret Config fields");
            }
        }

        return faults;
    }

    private static IEnumerable<string> FieldFaults(FormSchema schema, FormField field)
    {
        if (string.IsNullOrWhiteSpace(field.Name))
        {
            yield return "a field has no name";
        }

        if (field.Target == FieldTarget.Secret && field.Type != FieldType.Password)
        {
            yield return $"field '{field.Name}' targets the vault (Secret) but is of type {field.Type}; secret fields must be Password fields";
        }

        if (field.CredentialScoped && field.Target != FieldTarget.Connection)
        {
            yield return $"field '{field.Name}' is credential-scoped but targets {field.Target}; a tenant credential holds connection fields and secrets only";
        }

        if (field.Type == FieldType.Select)
        {
            if (field.Options.Count == 0)
            {
                yield return $"select field '{field.Name}' has no options";
            }
            else if (field.Default is { } d && field.Options.All(o => o.Value != d))
            {
                yield return $"select field '{field.Name}' has default '{d}', which is not one of its options";
            }
        }

        if (field.Type == FieldType.Number && field.Default is { } n
            && !double.TryParse(n, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            yield return $"number field '{field.Name}' has default '{n}', which is not a number";
        }

        if (field.Discovery is { } source && field.Type is not (FieldType.List or FieldType.Select))
        {
            yield return $"field '{field.Name}' discovers its options from '{source}' but is of type {field.Type}; only List and Select fields can";
        }

        if (field.ShowIf is { } condition)
        {
            foreach (var fault in ShowIfFaults(schema, field, condition))
            {
                yield return fault;
            }
        }
    }

    private static IEnumerable<string> ShowIfFaults(FormSchema schema, FormField field, ShowIf condition)
    {
        var controlling = schema.Find(condition.Field);
        if (controlling is null || controlling.Name == field.Name)
        {
            yield return $"field '{field.Name}' has showIf on '{condition.Field}', which is not another field of the form";
            yield break;
        }

        if (condition.Values.Count == 0)
        {
            yield return $"field '{field.Name}' has showIf on '{condition.Field}' with no values, so it can never show";
        }

        var possible = controlling.Type switch
        {
            FieldType.Select => controlling.Options.Select(o => o.Value).ToArray(),
            FieldType.Checkbox => ["true", "false"],
            _ => null,
        };
        if (possible is null)
        {
            yield break;
        }

        foreach (var value in condition.Values.Where(v => !possible.Contains(v, StringComparer.Ordinal)))
        {
            yield return $"field '{field.Name}' has showIf {condition.Field}='{value}', a value '{condition.Field}' can never take";
        }
    }
}
