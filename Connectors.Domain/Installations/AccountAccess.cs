using System.Text.Json.Nodes;
using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Projects;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Installations;

/// <summary>Shared reads of the account services: load in the current tenant or report not found,
/// and describe an account to its connector with the project resolved.</summary>
internal static class AccountAccess
{
    public static async Task<ConnectorInstallation> LoadAsync(ConnectorsDbContext db, Guid id, CancellationToken ct) =>
        await db.Installations.SingleOrDefaultAsync(i => i.Id == id, ct) ?? throw NotFoundException.Account(id);

    public static async Task<string?> TenantDefaultProjectAsync(ConnectorsDbContext db, Guid tenantId, CancellationToken ct) =>
        await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.DefaultProjectKey).SingleOrDefaultAsync(ct);

    public static JsonObject Config(ConnectorInstallation installation) =>
        JsonNode.Parse(installation.ConfigJson) as JsonObject ?? [];

    public static ConnectorAccount Describe(ConnectorInstallation installation, string? tenantDefault, JsonObject? config = null)
    {
        config ??= Config(installation);
        return new ConnectorAccount(
            installation.Id,
            installation.TenantId,
            installation.ConnectorKey,
            installation.Label,
            ProjectKeyResolver.Resolve(installation.ProjectKey, config, tenantDefault),
            config);
    }

    public static async Task<ConnectorAccount> DescribeAsync(ConnectorsDbContext db, ConnectorInstallation installation, CancellationToken ct) =>
        Describe(installation, await TenantDefaultProjectAsync(db, installation.TenantId, ct));
}
