using System.Text.Json.Nodes;

namespace Connectors.Domain.Projects;

/// <summary>The one place that decides which project an account ingests into:
/// explicit binding → legacy <c>config.project_key</c> → tenant default → <c>default</c>.</summary>
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
}
