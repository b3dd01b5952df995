using Connectors.Domain.Errors;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Projects;

public sealed partial class ProjectRegistry
{
    /// <summary>Renames a project (ManageConnectors). Only the name changes: accounts and documents
    /// reference the key, so it is immutable. An unknown key is <see cref="NotFoundException"/>.</summary>
    public async Task<ProjectSummary> RenameAsync(string key, string name, CancellationToken ct)
    {
        actor.EnsureCanManage();
        var parsedName = ParseName(name);
        await using var db = factory.CreateDbContext();
        var lookup = key?.Trim() ?? "";
        var project = await db.Projects.SingleOrDefaultAsync(p => p.Key == lookup, ct)
            ?? throw new NotFoundException($"Project '{key}' was not found.");
        if (project.Name != parsedName)
        {
            audit.Record(db, "project.renamed", "project", project.Key, $"Renamed project '{project.Key}' from '{project.Name}' to '{parsedName}'.");
            project.Name = parsedName;
            await db.SaveChangesAsync(ct);
        }

        return new ProjectSummary(project.Key, project.Name);
    }
}
