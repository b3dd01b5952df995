using Connectors.Domain.Accounts;
using Connectors.Domain.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Infrastructure;

/// <summary>What a preview must leave alone: the account's documents, its stored cursors (the vault row's extra
/// data) and its run history.</summary>
public sealed record PreviewFootprint(int Documents, int Runs, string? Cursors, DateTime? LastSyncAt)
{
    public static async Task<PreviewFootprint> ReadAsync(ConnectorsTestBed bed, Guid tenantId, Guid accountId)
    {
        await using var scope = bed.As(tenantId);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var credential = await db.Credentials.AsNoTracking().SingleOrDefaultAsync(c => c.InstallationId == accountId, TestContext.Current.CancellationToken);
        var installation = await db.Installations.AsNoTracking().SingleAsync(i => i.Id == accountId, TestContext.Current.CancellationToken);
        return new(
            await db.Documents.CountAsync(d => d.InstallationId == accountId, TestContext.Current.CancellationToken),
            await db.SyncRuns.CountAsync(r => r.InstallationId == accountId, TestContext.Current.CancellationToken),
            credential?.ExtraJson,
            installation.LastSyncAt);
    }
}

public static class PreviewProbe
{
    /// <summary>The audit actions recorded about <paramref name="accountId"/>, oldest first.</summary>
    public static async Task<List<string>> AuditActionsAsync(this ConnectorsTestBed bed, Guid tenantId, Guid accountId)
    {
        await using var scope = bed.As(tenantId);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        var id = accountId.ToString();
        return await db.AuditEntries.AsNoTracking().Where(a => a.TargetId == id).OrderBy(a => a.At).ThenBy(a => a.Id)
            .Select(a => a.Action).ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Runs a preview as a super-admin of <paramref name="tenantId"/>.</summary>
    public static async Task<AccountPreview> PreviewAsync(this ConnectorsTestBed bed, Guid tenantId, Guid accountId, int limit = AccountPreviews.DefaultLimit)
    {
        await using var scope = bed.As(tenantId);
        return await scope.ServiceProvider.GetRequiredService<AccountPreviews>().PreviewAsync(accountId, limit, TestContext.Current.CancellationToken);
    }
}
