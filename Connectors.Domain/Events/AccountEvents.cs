using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Projects;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Events;

/// <summary>Adds an event to the caller's context, so it commits with the change it describes (or not at all).</summary>
public static class AccountEvents
{
    public static async Task RaiseAsync(
        ConnectorsDbContext db, ConnectorInstallation installation, string kind, string? category, string message, DateTime now, CancellationToken ct)
    {
        db.AccountEvents.Add(new AccountEvent
        {
            TenantId = installation.TenantId,
            InstallationId = installation.Id,
            Kind = kind,
            ConnectorKey = installation.ConnectorKey,
            AccountLabel = installation.Label,
            ProjectKey = await ProjectOfAsync(db, installation, ct),
            Category = category,
            Message = message.Length > AccountEvent.MessageMaxLength ? message[..AccountEvent.MessageMaxLength] : message,
            OccurredAt = now,
        });
    }

    /// <summary>The account's project as documents see it (events are rare: one small query).</summary>
    private static async Task<string> ProjectOfAsync(ConnectorsDbContext db, ConnectorInstallation installation, CancellationToken ct)
    {
        var tenantDefault = await db.Tenants.Where(t => t.Id == installation.TenantId).Select(t => t.DefaultProjectKey).FirstOrDefaultAsync(ct);
        return ProjectKeyResolver.Resolve(installation.ProjectKey, AccountStore.Config(installation), tenantDefault);
    }
}
