using System.Text.RegularExpressions;
using Connectors.Domain.Connectors.Forms;
using Connectors.Domain.Errors;

namespace Connectors.Domain.Connectors;

/// <summary>Raised at start-up when a registered connector is unusable. The message names the
/// connector and the fault.</summary>
public sealed class ConnectorRegistrationException(string message) : Exception(message);

/// <summary>The registered connectors, validated: kebab-case unique keys and sound form schemas.
/// Constructing it with a faulty connector throws, which stops start-up.</summary>
public sealed partial class ConnectorRegistry
{
    private readonly Dictionary<string, IConnector> _byKey;

    public ConnectorRegistry(IEnumerable<IConnector> connectors)
    {
        var all = connectors.ToList();
        Validate(all);
        _byKey = all.ToDictionary(c => c.Key, StringComparer.Ordinal);
        All = [.. all.OrderBy(c => c.DisplayName, StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>Every connector, ordered by display name.</summary>
    public IReadOnlyList<IConnector> All { get; }

    public IConnector? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>The connector registered under <paramref name="key"/>, or <see cref="NotFoundException"/>.</summary>
    public IConnector Require(string key) =>
        Find(key) ?? throw new NotFoundException($"Connector '{key}' is not registered.");

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KeyPattern();

    public static void Validate(IReadOnlyList<IConnector> connectors)
    {
        var faults = new List<string>();
        foreach (var connector in connectors)
        {
            var name = $"Connector '{connector.Key}' ({connector.GetType().Name})";
            if (string.IsNullOrEmpty(connector.Key) || !KeyPattern().IsMatch(connector.Key))
            {
                faults.Add($"{name}: key '{connector.Key}' is not kebab-case (^[a-z0-9]+(-[a-z0-9]+)*$).");
            }

            if (connector is ISupportsCredentialForm form)
            {
                faults.AddRange(FormSchemaRules.FindFaults(form.CredentialForm).Select(f => $"{name}: credential form: {f}."));
            }

            if (connector is ISupportsSettings settings)
            {
                faults.AddRange(FormSchemaRules.FindSettingsFaults(settings.SettingsForm).Select(f => $"{name}: settings form: {f}."));
            }
        }

        foreach (var duplicate in connectors.GroupBy(c => c.Key, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            faults.Add($"Connector '{duplicate.Key}': the key is registered more than once ({string.Join(", ", duplicate.Select(c => c.GetType().Name))}).");
        }

        if (faults.Count > 0)
        {
            throw new ConnectorRegistrationException("Invalid connector registration. " + string.Join(" ", faults));
        }
    }
}
