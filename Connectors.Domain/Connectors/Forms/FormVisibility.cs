namespace Connectors.Domain.Connectors.Forms;

/// <summary>
/// Which fields of a form show, decided in one place for the dialog, the validator and the CLI: in schema
/// order, a field shows when it has no showIf, or when its controlling field shows and holds one of the
/// listed values (booleans compare as <c>true</c>/<c>false</c>). A field depending on a hidden field is hidden.
/// </summary>
public static class FormVisibility
{
    /// <summary>The fields that show, in schema order. Lazy: <paramref name="valueOf"/> is asked for a controlling
    /// field's value only when a later field depends on it, so a caller may fill values in as it walks.</summary>
    public static IEnumerable<FormField> Visible(FormSchema schema, Func<string, object?> valueOf)
    {
        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var field in schema.Fields)
        {
            if (field.ShowIf is { } condition
                && !(shown.Contains(condition.Field)
                     && valueOf(condition.Field) is { } controlling
                     && condition.Values.Contains(FormValidationResult.AsText(controlling), StringComparer.Ordinal)))
            {
                continue;
            }

            shown.Add(field.Name);
            yield return field;
        }
    }
}
