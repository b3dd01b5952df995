namespace Connectors.Web.Components.Accounts;

/// <summary>What the settings form changed: the fields whose value differs from what was loaded
/// (lists compared entry by entry). A value cleared to null is sent as null, which restores the default.</summary>
public static class SettingsChanges
{
    public static Dictionary<string, object?> Between(IReadOnlyDictionary<string, object?> loaded, IReadOnlyDictionary<string, object?> edited) =>
        edited.Where(p => !Same(loaded.GetValueOrDefault(p.Key), p.Value))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static bool Same(object? a, object? b) => (a, b) switch
    {
        (string[] x, string[] y) => x.SequenceEqual(y, StringComparer.Ordinal),
        _ => Equals(a, b),
    };
}
