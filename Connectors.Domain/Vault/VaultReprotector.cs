using System.Security.Cryptography;
using Connectors.Domain.Auditing;
using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Connectors.Domain.Vault;

/// <summary>What <see cref="VaultReprotector.ReprotectAllAsync"/> did. <see cref="Undecryptable"/> lists
/// the accounts whose ciphertexts no key of the ring opens (they need reconnecting); <see cref="Vanished"/>
/// counts rows deleted while the scan ran.</summary>
public sealed record ReprotectReport(int Reprotected, int Tenants, int Vanished, IReadOnlyList<Guid> Undecryptable, Guid KeyId);

/// <summary>
/// Re-encrypts every vault row of every tenant under the key ring's current default key, so an old key
/// can be revoked afterwards (<c>vault reprotect</c>). A platform operation: the row list is
/// read in a cross-tenant scan (the purpose chain needs each row's tenant and account), and each row is
/// then rewritten inside its own tenant. A row changed meanwhile (a sync refreshing its tokens, a cursor
/// written to <c>Extra</c>) fails the concurrency token and is re-read and re-encrypted again, so the
/// concurrent write is never overwritten with the old values.
/// </summary>
public sealed partial class VaultReprotector(
    IDbContextFactory<ConnectorsDbContext> factory,
    IDataProtectionProvider protection,
    VaultKeyRing keyRing,
    TenantContext tenant,
    AuditLog audit,
    TimeProvider clock,
    ILogger<VaultReprotector> logger)
{
    private const int MaxAttempts = 20;

    public async Task<ReprotectReport> ReprotectAllAsync(CancellationToken ct)
    {
        List<(Guid AccountId, Guid TenantId)> rows;
        await using (var db = factory.CreateDbContext())
        using (tenant.BeginCrossTenantScan())
        {
            rows = [.. (await db.Credentials.AsNoTracking().OrderBy(c => c.TenantId).ThenBy(c => c.InstallationId)
                .Select(c => new { c.InstallationId, c.TenantId }).ToListAsync(ct))
                .Select(c => (c.InstallationId, c.TenantId))];
        }

        var (reprotected, vanished, undecryptable) = (0, 0, new List<Guid>());
        foreach (var group in rows.GroupBy(r => r.TenantId))
        {
            using var _ = tenant.Enter(group.Key);
            var inTenant = 0;
            foreach (var (accountId, _) in group)
            {
                switch (await ReprotectRowAsync(accountId, ct))
                {
                    case RowOutcome.Reprotected:
                        inTenant++;
                        break;
                    case RowOutcome.Vanished:
                        vanished++;
                        break;
                    default:
                        undecryptable.Add(accountId);
                        break;
                }
            }

            await RecordAsync(inTenant, ct);
            reprotected += inTenant;
        }

        reprotected += await ReprotectOwnedSecretsAsync(undecryptable, ct);
        LogDone(reprotected, undecryptable.Count);
        return new ReprotectReport(reprotected, rows.Select(r => r.TenantId).Distinct().Count(), vanished, undecryptable, keyRing.CurrentKeyId());
    }

    private async Task<RowOutcome> ReprotectRowAsync(Guid accountId, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = factory.CreateDbContext();
            var row = await db.Credentials.SingleOrDefaultAsync(c => c.InstallationId == accountId, ct);
            if (row is null)
            {
                return RowOutcome.Vanished;
            }

            var protector = CredentialVault.Protector(protection, row);
            try
            {
                row.ProtectedSecret = Reprotect(protector, row.ProtectedSecret);
                row.ProtectedAccessToken = Reprotect(protector, row.ProtectedAccessToken);
                row.ProtectedRefreshToken = Reprotect(protector, row.ProtectedRefreshToken);
            }
            catch (CryptographicException e)
            {
                // Never the ciphertext or its content: the account id is enough to reconnect it.
                LogUndecryptable(e, accountId);
                return RowOutcome.Undecryptable;
            }

            row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            try
            {
                await db.SaveChangesAsync(ct);
                return RowOutcome.Reprotected;
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxAttempts)
            {
                // Written by someone else since we read it (their write used the current key too): start over from theirs.
                await Task.Delay(Random.Shared.Next(1, 5 + attempt), ct);
            }
        }
    }

    /// <summary>The secrets owned by something other than an account (webhook signing secrets), each in its tenant.</summary>
    private async Task<int> ReprotectOwnedSecretsAsync(List<Guid> undecryptable, CancellationToken ct)
    {
        List<(Guid OwnerId, Guid TenantId)> owners;
        await using (var db = factory.CreateDbContext())
        using (tenant.BeginCrossTenantScan())
        {
            owners = [.. (await db.VaultSecrets.AsNoTracking().Select(s => new { s.OwnerId, s.TenantId }).ToListAsync(ct))
                .Select(s => (s.OwnerId, s.TenantId))];
        }

        var reprotected = 0;
        foreach (var (ownerId, tenantId) in owners)
        {
            using var _ = tenant.Enter(tenantId);
            await using var db = factory.CreateDbContext();
            var row = await db.VaultSecrets.SingleOrDefaultAsync(s => s.OwnerId == ownerId, ct);
            if (row is null)
            {
                continue;
            }

            try
            {
                var protector = CredentialVault.OwnedProtector(protection, row.TenantId, row.OwnerId);
                row.ProtectedValue = protector.Protect(protector.Unprotect(row.ProtectedValue));
            }
            catch (CryptographicException e)
            {
                LogUndecryptable(e, ownerId);
                undecryptable.Add(ownerId);
                continue;
            }

            row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(ct);
            reprotected++;
        }

        return reprotected;
    }

    private async Task RecordAsync(int count, CancellationToken ct)
    {
        if (count == 0)
        {
            return;
        }

        await using var db = factory.CreateDbContext();
        audit.Record(db, "vault.reprotected", "vault", null, $"Re-encrypted the credentials of {count} account(s) under the current key.");
        await db.SaveChangesAsync(ct);
    }

    private static string? Reprotect(IDataProtector protector, string? value) =>
        value is null ? null : protector.Protect(protector.Unprotect(value));

    private enum RowOutcome
    {
        Reprotected,
        Vanished,
        Undecryptable,
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Vault reprotect: {Count} row(s) re-encrypted, {Undecryptable} undecryptable.")]
    private partial void LogDone(int count, int undecryptable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Vault reprotect: the credentials of account {AccountId} cannot be decrypted with any key of the ring.")]
    private partial void LogUndecryptable(Exception e, Guid accountId);
}
