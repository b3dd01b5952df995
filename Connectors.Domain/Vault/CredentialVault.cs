using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connectors.Domain.Credentials;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Connectors.Domain.Vault;

/// <summary>
/// Secrets and tokens per account, encrypted with DataProtection under the purpose chain
/// (<c>Connectors.Vault.v1</c>, tenant id, account id): a ciphertext copied to another row does not
/// decrypt. Reads are tenant-scoped (another tenant's account reads as null). Re-encryption under a
/// new key is <see cref="VaultReprotector"/>'s job.
/// </summary>
public sealed partial class CredentialVault(
    IDbContextFactory<ConnectorsDbContext> factory, IDataProtectionProvider protection, TimeProvider clock, ILogger<CredentialVault> logger)
{
    public const string Purpose = "Connectors.Vault.v1";
    private const int MaxAttempts = 200;

    /// <summary>The account's credentials as an operation uses them (<see cref="CredentialResolution"/>): its own
    /// secrets, tokens and state, over the secrets of the tenant credential it references — read afresh every time, so a
    /// rotation is used at the next operation on any node. Null when the account has neither.</summary>
    public async Task<VaultEntry?> GetAsync(Guid accountId, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var found = await db.Installations.AsNoTracking().Where(i => i.Id == accountId)
            .Select(i => new
            {
                i.CredentialId,
                Own = db.Credentials.FirstOrDefault(c => c.InstallationId == i.Id),
                Shared = db.TenantCredentials.Where(c => c.Id == i.CredentialId).Select(c => new { c.Version, c.TenantId }).FirstOrDefault(),
                SharedSecret = db.VaultSecrets.Where(s => s.OwnerId == i.CredentialId).Select(s => s.ProtectedValue).FirstOrDefault(),
            })
            .SingleOrDefaultAsync(ct);
        if (found is null || (found.Own is null && found.Shared is null))
        {
            LogResolved(logger, accountId, CredentialSource.None, null);
            return null;
        }

        var tenant = found.Shared is null || found.SharedSecret is null
            ? null
            : TenantSecrets(found.Shared.TenantId, found.CredentialId!.Value, found.SharedSecret);
        LogResolved(logger, accountId, found.CredentialId is null ? CredentialSource.Account : CredentialSource.Tenant, found.Shared?.Version);
        var row = found.Own;
        if (row is null)
        {
            return new VaultEntry(tenant ?? new Dictionary<string, string>(), null, null, null, []);
        }

        var protector = Protector(protection, row);
        try
        {
            var secrets = row.ProtectedSecret is null
                ? new Dictionary<string, string>()
                : JsonSerializer.Deserialize<Dictionary<string, string>>(protector.Unprotect(row.ProtectedSecret)) ?? [];
            var expired = row.AccessTokenExpiresAt is { } expiry && expiry <= clock.GetUtcNow().UtcDateTime;
            return new VaultEntry(
                CredentialResolution.Secrets(secrets, tenant),
                expired ? null : Unprotect(protector, row.ProtectedAccessToken),
                Unprotect(protector, row.ProtectedRefreshToken),
                row.AccessTokenExpiresAt,
                JsonNode.Parse(row.ExtraJson) as JsonObject ?? []);
        }
        catch (CryptographicException e)
        {
            throw new VaultDecryptionException(accountId, e);
        }
    }

    /// <summary>Stores the account's own secrets. An account that uses a tenant credential keeps none of the credential's
    /// keys for itself (a connector vaults what it verified, which includes them): they stay the credential's, so its
    /// rotation reaches the account.</summary>
    public async Task SetSecretsAsync(Guid accountId, IReadOnlyDictionary<string, string> secrets, CancellationToken ct)
    {
        var shared = await TenantSecretsOfAccountAsync(accountId, ct);
        var own = shared is null ? secrets : secrets.Where(s => !shared.ContainsKey(s.Key)).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        await UpdateAsync(accountId, (row, protector) => row.ProtectedSecret = protector.Protect(JsonSerializer.Serialize(own)), ct);
    }

    /// <summary>The secrets of a tenant credential (null when it has none stored).</summary>
    public async Task<IReadOnlyDictionary<string, string>?> GetTenantSecretsAsync(Guid credentialId, CancellationToken ct) =>
        await GetOwnedSecretAsync(credentialId, ct) is { } json ? JsonSerializer.Deserialize<Dictionary<string, string>>(json) : null;

    /// <summary>Stores (or replaces, on rotation) the secrets of a tenant credential.</summary>
    public Task SetTenantSecretsAsync(Guid tenantId, Guid credentialId, IReadOnlyDictionary<string, string> secrets, CancellationToken ct) =>
        SetOwnedSecretAsync(tenantId, credentialId, JsonSerializer.Serialize(secrets), ct);

    private async Task<IReadOnlyDictionary<string, string>?> TenantSecretsOfAccountAsync(Guid accountId, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var credentialId = await db.Installations.AsNoTracking().Where(i => i.Id == accountId).Select(i => i.CredentialId).SingleOrDefaultAsync(ct);
        return credentialId is { } id ? await GetTenantSecretsAsync(id, ct) ?? new Dictionary<string, string>() : null;
    }

    private Dictionary<string, string> TenantSecrets(Guid tenantId, Guid credentialId, string protectedValue)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(OwnedProtector(protection, tenantId, credentialId).Unprotect(protectedValue)) ?? [];
        }
        catch (CryptographicException e)
        {
            throw new VaultDecryptionException(credentialId, e);
        }
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug,
        Message = "Credentials of account {AccountId} resolved from {Source} (tenant credential version {Version}).")]
    private static partial void LogResolved(ILogger logger, Guid accountId, CredentialSource source, int? version);

    public Task SetTokensAsync(Guid accountId, OAuthTokens tokens, CancellationToken ct) =>
        UpdateAsync(accountId, (row, protector) =>
        {
            row.ProtectedAccessToken = protector.Protect(tokens.AccessToken);
            row.AccessTokenExpiresAt = tokens.ExpiresAt;
            if (tokens.RefreshToken is not null)
            {
                row.ProtectedRefreshToken = protector.Protect(tokens.RefreshToken);
            }
        }, ct);

    /// <summary>Forgets the account's OAuth tokens, keeping its secrets and state (it now signs in another way).</summary>
    public Task ClearTokensAsync(Guid accountId, CancellationToken ct) =>
        UpdateAsync(accountId, (row, _) =>
        {
            row.ProtectedAccessToken = null;
            row.ProtectedRefreshToken = null;
            row.AccessTokenExpiresAt = null;
        }, ct);

    /// <summary>Sets one key of the non-secret <c>Extra</c> state. Concurrent writers of different
    /// keys never lose each other's writes: optimistic concurrency, re-read and retry.</summary>
    public Task SetExtraKeyAsync(Guid accountId, string key, JsonNode? value, CancellationToken ct) =>
        UpdateAsync(accountId, (row, _) =>
        {
            var extra = JsonNode.Parse(row.ExtraJson) as JsonObject ?? [];
            extra[key] = value?.DeepClone();
            row.ExtraJson = extra.ToJsonString();
        }, ct);

    /// <summary>Removes one key of the non-secret <c>Extra</c> state (same concurrency as <see cref="SetExtraKeyAsync"/>).</summary>
    public Task RemoveExtraKeyAsync(Guid accountId, string key, CancellationToken ct) =>
        UpdateAsync(accountId, (row, _) =>
        {
            var extra = JsonNode.Parse(row.ExtraJson) as JsonObject ?? [];
            extra.Remove(key);
            row.ExtraJson = extra.ToJsonString();
        }, ct);

    /// <summary>Forgets the account's credentials (the row goes; the account stays).</summary>
    public async Task RemoveAsync(Guid accountId, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        await db.Credentials.Where(c => c.InstallationId == accountId).ExecuteDeleteAsync(ct);
    }

    private async Task UpdateAsync(Guid accountId, Action<ConnectorCredential, IDataProtector> change, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = factory.CreateDbContext();
            var row = await db.Credentials.SingleOrDefaultAsync(c => c.InstallationId == accountId, ct);
            if (row is null)
            {
                var tenantId = await db.Installations.Where(i => i.Id == accountId)
                    .Select(i => (Guid?)i.TenantId).SingleOrDefaultAsync(ct) ?? throw NotFoundException.Account(accountId);
                row = new ConnectorCredential { InstallationId = accountId, TenantId = tenantId };
                db.Credentials.Add(row);
            }

            change(row, Protector(protection, row));
            row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            try
            {
                await db.SaveChangesAsync(ct);
                return;
            }
            catch (DbUpdateException e) when (attempt < MaxAttempts
                && (e is DbUpdateConcurrencyException || UniqueIndex.IsViolation(e)))
            {
                // Someone else wrote the row first: re-read their version and apply ours on top.
                await Task.Delay(Random.Shared.Next(1, 5 + attempt), ct);
            }
        }
    }

    /// <summary>Stores (or replaces) the secret of something other than an account, in the current tenant.</summary>
    public async Task SetOwnedSecretAsync(Guid tenantId, Guid ownerId, string value, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var row = await db.VaultSecrets.SingleOrDefaultAsync(s => s.OwnerId == ownerId, ct);
        var protectedValue = OwnedProtector(protection, tenantId, ownerId).Protect(value);
        if (row is null)
        {
            db.VaultSecrets.Add(new VaultSecret { OwnerId = ownerId, TenantId = tenantId, ProtectedValue = protectedValue, UpdatedAt = clock.GetUtcNow().UtcDateTime });
        }
        else
        {
            row.ProtectedValue = protectedValue;
            row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>The owner's secret, or null when there is none (or it belongs to another tenant).</summary>
    public async Task<string?> GetOwnedSecretAsync(Guid ownerId, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var row = await db.VaultSecrets.AsNoTracking().SingleOrDefaultAsync(s => s.OwnerId == ownerId, ct);
        if (row is null)
        {
            return null;
        }

        try
        {
            return OwnedProtector(protection, row.TenantId, row.OwnerId).Unprotect(row.ProtectedValue);
        }
        catch (CryptographicException e)
        {
            throw new VaultDecryptionException(ownerId, e);
        }
    }

    public async Task RemoveOwnedSecretAsync(Guid ownerId, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        await db.VaultSecrets.Where(s => s.OwnerId == ownerId).ExecuteDeleteAsync(ct);
    }

    internal static IDataProtector OwnedProtector(IDataProtectionProvider protection, Guid tenantId, Guid ownerId) =>
        protection.CreateProtector(Purpose, tenantId.ToString(), "owned", ownerId.ToString());

    /// <summary>The protector of one row: the purpose chain binds a ciphertext to its tenant and account.</summary>
    internal static IDataProtector Protector(IDataProtectionProvider protection, ConnectorCredential row) =>
        protection.CreateProtector(Purpose, row.TenantId.ToString(), row.InstallationId.ToString());

    private static string? Unprotect(IDataProtector protector, string? value) =>
        value is null ? null : protector.Unprotect(value);

}
