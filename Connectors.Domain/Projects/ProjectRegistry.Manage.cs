using Connectors.Domain.Errors;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Projects;

/// <summary>A project as the projects page lists it: which one is the tenant default, how many
/// accounts are bound to it explicitly and how many documents it holds.</summary>
public sealed record ProjectOverview(string Key, string Name, bool IsTenantDefault, int BoundAccounts, int Documents);

public sealed partial class ProjectRegistry
{
    /// <summary>The tenant's projects with their usage, sorted by key (ViewConnectors).</summary>
    public async Task<IReadOnlyList<ProjectOverview>> OverviewAsync(CancellationToken ct)
    {
        actor.EnsureCanView();
        var tenantId = tenant.RequireTenantId();
        await using var db = factory.CreateDbContext();
        var defaultKey = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.DefaultProjectKey).SingleOrDefaultAsync(ct);
        var projects = await db.Projects.OrderBy(p => p.Key)
            .Select(p => new
            {
                p.Key,
                p.Name,
                Accounts = db.Installations.Count(i => i.ProjectKey == p.Key),
                Documents = db.Documents.Count(d => d.ProjectKey == p.Key),
            })
            .ToListAsync(ct);
        return [.. projects.Select(p => new ProjectOverview(p.Key, p.Name, p.Key == (defaultKey ?? ProjectKey.Default), p.Accounts, p.Documents))];
    }

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
