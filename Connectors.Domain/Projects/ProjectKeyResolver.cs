using System.Text.Json.Nodes;

namespace Connectors.Domain.Projects;

/// <summary>The one place that decides which project an account ingests into:
/// explicit binding → legacy <c>config.project_key</c> → tenant default → <c>default</c>; and, with the account's
/// further target projects, every project its documents belong to (<see cref="ResolveAll"/>).</summary>
public static class ProjectKeyResolver
{
    public static string Resolve(string? explicitKey, JsonObject? config, string? tenantDefault)
    {
        if (!string.IsNullOrWhiteSpace(explicitKey))
        {
            return explicitKey;
        }

        if (config?["project_key"] is JsonValue legacy && legacy.TryGetValue<string>(out var legacyKey)
            && !string.IsNullOrWhiteSpace(legacyKey))
        {
            return legacyKey;
        }

        return string.IsNullOrWhiteSpace(tenantDefault) ? ProjectKey.Default : tenantDefault;
    }

    /// <summary>Every project an account's documents belong to: its own (<see cref="Resolve"/>) first — where they are
    /// stored — then its further targets, in key order, without repeats.</summary>
    public static IReadOnlyList<string> ResolveAll(string? explicitKey, JsonObject? config, string? tenantDefault, IEnumerable<string> targets)
    {
        var own = Resolve(explicitKey, config, tenantDefault);
        return [own, .. targets.Where(t => t != own).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
