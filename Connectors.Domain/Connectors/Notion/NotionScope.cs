using System.Text.Json.Nodes;
using Connectors.Domain.Connectors.Forms;

namespace Connectors.Domain.Connectors.Notion;

/// <summary>
/// What a Notion account syncs, from its settings: the root pages or databases whose pages it includes (none: every page
/// shared with the integration) and the oldest edit it keeps (<c>modified_within_days</c>, 0 = any age). Ancestry is read
/// from the pages' and databases' <c>parent</c>; a page under a block of another page (a column, a toggle) counts under
/// that block's page only when search names it, otherwise it is not under any root.
/// </summary>
internal sealed record NotionScope(IReadOnlySet<string> Roots, DateTimeOffset? EditedAfter)
{
    public const string RootsField = "roots.include";
    public const string ModifiedWithinDays = "modified_within_days";
    public const string RootsDiscovery = "notion-roots";

    public static FormSchema Settings { get; } = new([
        new FormField(RootsField, "Pages and databases to sync", FieldType.List, FieldTarget.Config)
        {
            Discovery = RootsDiscovery,
            Help = "When set, only these top-level pages and databases, and every page under them, are synced.",
        },
        new FormField(ModifiedWithinDays, "Modified within (days)", FieldType.Number, FieldTarget.Config)
        {
            Default = "0", Min = 0, Max = 36_500,
            Help = "0 syncs pages of any age; otherwise only pages edited within this many days, and older ones leave the knowledge base.",
        },
    ]);

    public bool HasRoots => Roots.Count > 0;

    public static NotionScope From(JsonObject config, DateTimeOffset now)
    {
        var roots = config[RootsField] is JsonArray list
            ? list.Select(n => n?.GetValue<string>()).OfType<string>().Select(Normalize).Where(id => id.Length > 0).ToHashSet(StringComparer.Ordinal)
            : [];
        var days = ConfigNumbers.Positive(config, ModifiedWithinDays);
        return new NotionScope(roots, days > 0 ? now.AddDays(-days) : null);
    }

    /// <summary>Notion ids with or without hyphens name the same object.</summary>
    public static string Normalize(string id) => id.Replace("-", "", StringComparison.Ordinal).Trim().ToLowerInvariant();

    /// <summary>Whether the page is recent enough.</summary>
    public bool IsRecent(NotionPage page) => EditedAfter is not { } cutoff || page.LastEditedTime >= cutoff;

    /// <summary>Whether <paramref name="page"/> is a root or under one, following parents through <paramref name="parents"/>
    /// (page and database ids → their parent's id).</summary>
    public bool IsUnderRoot(NotionPage page, IReadOnlyDictionary<string, string?> parents)
    {
        var id = Normalize(page.Id);
        for (var depth = 0; depth < 64; depth++)
        {
            if (Roots.Contains(id))
            {
                return true;
            }

            if (!parents.TryGetValue(id, out var parent) || parent is null)
            {
                return false;
            }

            id = parent;
        }

        return false;
    }
}
