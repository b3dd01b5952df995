using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Accounts;

/// <summary>
/// An account's further target projects (<see cref="AccountTarget"/>): validated and replaced as a whole list (the edit
/// dialog's choice, the API's <c>targetProjects</c>). Each must be a project of the tenant, at most
/// <see cref="AccountTarget.MaxPerAccount"/>, and none the account's own project (its documents are stored there
/// already). Nothing is fetched or copied: the documents are seen in a project as soon as it is a target.
/// </summary>
internal static class AccountTargets
{
    public const string Field = "targetProjects";

    /// <summary>Replaces the account's targets with <paramref name="requested"/> (tracked; saved with the edit) and
    /// returns the list before and after, for the audit entry.</summary>
    public static async Task<(IReadOnlyList<string> Before, IReadOnlyList<string> After)> ReplaceAsync(
        ConnectorsDbContext db, ConnectorInstallation installation, string ownProject, IReadOnlyList<string> requested, DateTime now, CancellationToken ct)
    {
        var wanted = requested.Select(k => k?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Any(string.IsNullOrEmpty))
        {
            throw new ValidationFailedException(Field, "Target projects cannot be blank: list project keys.");
        }

        if (wanted.Count > AccountTarget.MaxPerAccount)
        {
            throw new ValidationFailedException(Field, $"Target projects: an account may have at most {AccountTarget.MaxPerAccount} further target projects.");
        }

        if (wanted.Contains(ownProject))
        {
            throw new ValidationFailedException(Field,
                $"Target projects: '{ownProject}' is the account's own project already; list only the further projects its documents should also appear in.");
        }

        var known = await db.Projects.AsNoTracking().Where(p => wanted.Contains(p.Key)).Select(p => p.Key).ToListAsync(ct);
        if (wanted.Except(known, StringComparer.Ordinal).ToList() is { Count: > 0 } unknown)
        {
            throw new ValidationFailedException(Field,
                $"Target project{(unknown.Count == 1 ? "" : "s")} {string.Join(", ", unknown.Select(k => $"'{k}'"))} do{(unknown.Count == 1 ? "es" : "")} not exist in this tenant.");
        }

        await db.Entry(installation).Collection(i => i.Targets).LoadAsync(ct);
        var before = installation.Targets.Select(t => t.ProjectKey).Order(StringComparer.Ordinal).ToList();
        installation.Targets.RemoveAll(t => !wanted.Contains(t.ProjectKey));
        foreach (var key in wanted.Where(k => !before.Contains(k)))
        {
            // Added explicitly: a child with its key already set, found through the navigation, would be taken for an existing row.
            var target = new AccountTarget { TenantId = installation.TenantId, InstallationId = installation.Id, ProjectKey = key, CreatedAt = now };
            db.AccountTargets.Add(target);
            installation.Targets.Add(target);
        }

        return (before, [.. wanted.Order(StringComparer.Ordinal)]);
    }
}
