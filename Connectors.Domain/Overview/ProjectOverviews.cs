using Connectors.Domain.Data;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Overview;

/// <summary>A project as the projects page lists it: which one is the tenant default, how many
/// accounts are bound to it explicitly and how many documents it holds.</summary>
public sealed record ProjectOverview(string Key, string Name, bool IsTenantDefault, int BoundAccounts, int Documents);

/// <summary>The projects page's read model: each project with what uses it. It counts rows of other features
/// (accounts, documents), which is why it lives here, above them, and not in the projects feature.</summary>
public sealed class ProjectOverviews(IDbContextFactory<ConnectorsDbContext> factory, ActorContext actor, TenantContext tenant)
{
    /// <summary>The tenant's projects with their usage, sorted by key (ViewConnectors).</summary>
    public async Task<IReadOnlyList<ProjectOverview>> ListAsync(CancellationToken ct)
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
                Accounts = db.Installations.Count(i => i.ProjectKey == p.Key || i.Targets.Any(t => t.ProjectKey == p.Key)),
                Documents = db.Documents.Count(d => d.ProjectKey == p.Key
                    || db.AccountTargets.Any(t => t.InstallationId == d.InstallationId && t.ProjectKey == p.Key)),
            })
            .ToListAsync(ct);
        return [.. projects.Select(p => new ProjectOverview(p.Key, p.Name, p.Key == (defaultKey ?? ProjectKey.Default), p.Accounts, p.Documents))];
    }
}
