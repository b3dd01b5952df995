using System.Text.Json.Nodes;
using Connectors.Domain.Credentials;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Projects;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Installations;

/// <summary>
/// Where accounts are read and saved: a context per unit of work, load in the current tenant or report not
/// found, describe an account to its connector with its project resolved, and save with the product's own
/// messages for a duplicate label or a lost update. The account services and the sync runner share it.
/// </summary>
public sealed class AccountStore(IDbContextFactory<ConnectorsDbContext> factory)
{
    /// <summary>A new context for one unit of work; the caller disposes it.</summary>
    public ConnectorsDbContext Open() => factory.CreateDbContext();

    /// <summary>The account with <paramref name="id"/> in the current tenant (tracked), or <see cref="NotFoundException"/>:
    /// another tenant's account reads as not found.</summary>
    public async Task<ConnectorInstallation> LoadAsync(ConnectorsDbContext db, Guid id, CancellationToken ct) =>
        await db.Installations.SingleOrDefaultAsync(i => i.Id == id, ct) ?? throw NotFoundException.Account(id);

    public async Task<string?> TenantDefaultProjectAsync(ConnectorsDbContext db, Guid tenantId, CancellationToken ct) =>
        await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.DefaultProjectKey).SingleOrDefaultAsync(ct);

    /// <summary>The account as its connector sees it, its project resolved against the tenant's default.</summary>
    public async Task<ConnectorAccount> DescribeAsync(ConnectorsDbContext db, ConnectorInstallation installation, CancellationToken ct) =>
        Describe(installation, await TenantDefaultProjectAsync(db, installation.TenantId, ct), credentialConnection: await CredentialConnectionAsync(db, installation, ct));

    /// <summary>The connection fields of the tenant credential the account uses (null when it uses none), read afresh.</summary>
    public static async Task<string?> CredentialConnectionAsync(ConnectorsDbContext db, ConnectorInstallation installation, CancellationToken ct) =>
        installation.CredentialId is { } id
            ? await db.TenantCredentials.AsNoTracking().Where(c => c.Id == id).Select(c => c.ConnectionJson).SingleOrDefaultAsync(ct)
            : null;

    /// <summary>The connection fields of the tenant credentials a batch of accounts uses, by credential id.</summary>
    public static async Task<Dictionary<Guid, string>> CredentialConnectionsAsync(ConnectorsDbContext db, IEnumerable<ConnectorInstallation> installations, CancellationToken ct)
    {
        var ids = installations.Select(i => i.CredentialId).OfType<Guid>().Distinct().ToList();
        return ids.Count == 0
            ? []
            : await db.TenantCredentials.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.ConnectionJson, ct);
    }

    /// <summary>The stored (non-secret) config of an account.</summary>
    public static JsonObject Config(ConnectorInstallation installation) =>
        JsonNode.Parse(installation.ConfigJson) as JsonObject ?? [];

    /// <summary>How a connector sees the account: its config with the tenant credential's connection fields resolved
    /// (<see cref="CredentialResolution.Config"/>) when it uses one.</summary>
    public static ConnectorAccount Describe(ConnectorInstallation installation, string? tenantDefault, JsonObject? config = null, string? credentialConnection = null)
    {
        config = CredentialResolution.Config(config ?? Config(installation), credentialConnection);
        return new ConnectorAccount(
            installation.Id,
            installation.TenantId,
            installation.ConnectorKey,
            installation.Label,
            ProjectKeyResolver.Resolve(installation.ProjectKey, config, tenantDefault),
            config);
    }

    /// <summary>Saves, turning a label collision into a friendly duplicate error and a lost update
    /// into a "changed by someone else" message — never a raw database error.</summary>
    public async Task SaveAsync(ConnectorsDbContext db, string label, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ValidationFailedException("account", "The account was changed by someone else meanwhile. Reload and try again.");
        }
        catch (DbUpdateException e) when (UniqueIndex.IsViolation(e))
        {
            throw new DuplicateLabelException(label);
        }
    }

    /// <summary>Refuses an action the account's status does not allow, naming the status.</summary>
    public static void RequireStatus(ConnectorInstallation installation, string verb, params InstallationStatus[] allowed)
    {
        if (!allowed.Contains(installation.Status))
        {
            throw new ValidationFailedException("status",
                $"'{installation.Label}' is {installation.Status} and cannot be {verb}.");
        }
    }
}
