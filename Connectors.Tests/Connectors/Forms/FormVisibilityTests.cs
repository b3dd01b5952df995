using Connectors.Domain.Connectors.Forms;

namespace Connectors.Tests.Connectors.Forms;

/// <summary>The one visibility walk the add dialog, the validator and the CLI share.</summary>
public sealed class FormVisibilityTests
{
    private static readonly FormSchema Schema = new(
    [
        new FormField("mode", "Mode", FieldType.Select, FieldTarget.Config) { Options = [new("a", "A"), new("b", "B")] },
        new FormField("advanced", "Advanced", FieldType.Checkbox, FieldTarget.Config) { ShowIf = new ShowIf("mode", "b") },
        new FormField("tuning", "Tuning", FieldType.Text, FieldTarget.Config) { ShowIf = new ShowIf("advanced", "true") },
        new FormField("secret", "Secret", FieldType.Password, FieldTarget.Secret) { ShowIf = new ShowIf("mode", "a") },
        new FormField("label", "Label", FieldType.Text, FieldTarget.Config),
    ]);

    private static string[] Visible(params (string Name, object? Value)[] values)
    {
        var map = values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal);
        return [.. FormVisibility.Visible(Schema, name => map.GetValueOrDefault(name)).Select(f => f.Name)];
    }

    [Fact]
    public void Visible_ConditionMet_ShowsTheDependentField() =>
        Visible(("mode", "a")).ShouldBe(["mode", "secret", "label"]);

    [Fact]
    public void Visible_CheckboxCondition_ComparesAsTrueOrFalse() =>
        Visible(("mode", "b"), ("advanced", true)).ShouldBe(["mode", "advanced", "tuning", "label"]);

    [Fact]
    public void Visible_ControllingFieldHidden_HidesItsDependentsEvenWhenTheirValueMatches() =>
        // "advanced" is true but hidden (mode a), so "tuning" is hidden too.
        Visible(("mode", "a"), ("advanced", true)).ShouldBe(["mode", "secret", "label"]);

    [Fact]
    public void Visible_NoValueForTheControllingField_HidesTheDependents() =>
        Visible().ShouldBe(["mode", "label"]);

    [Fact]
    public void Visible_IsLazy_SoAWalkerCanFillValuesInAsItGoes()
    {
        // The validator fills each value as it reaches the field; later conditions must see it.
        var filled = new Dictionary<string, object?>(StringComparer.Ordinal);
        var seen = new List<string>();
        foreach (var field in FormVisibility.Visible(Schema, name => filled.GetValueOrDefault(name)))
        {
            seen.Add(field.Name);
            filled[field.Name] = field.Name switch { "mode" => "b", "advanced" => true, _ => "x" };
        }

        seen.ShouldBe(["mode", "advanced", "tuning", "label"]);
    }
}
