using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Vault;

/// <summary>One key of the DataProtection key ring. <see cref="IsCurrent"/>: new ciphertexts get it.</summary>
public sealed record VaultKey(Guid Id, DateTimeOffset CreatedAt, DateTimeOffset ActivatesAt, DateTimeOffset ExpiresAt, bool IsRevoked, bool IsCurrent);

/// <summary>Revoking was refused: ciphertexts still need an older key (run <c>vault reprotect</c> first).</summary>
public sealed class VaultKeysInUseException(int count)
    : Exception($"{count} vault ciphertext(s) are still protected by an older key: run `vault reprotect` first "
        + "(after every node has been restarted since the rotation), then revoke.")
{
    public int Count { get; } = count;
}

/// <summary>
/// The key ring behind the vault (persisted in the database, shared by every node): list the keys,
/// rotate to a new default key, and revoke the older keys once no vault ciphertext needs them.
/// DataProtection reads the system clock itself, so activation dates here use it too (not
/// <see cref="TimeProvider"/>): a key activated by another clock might not become the default.
/// </summary>
public sealed class VaultKeyRing(
    IKeyManager keys,
    IDataProtectionProvider protection,
    IOptions<KeyManagementOptions> options,
    IDbContextFactory<ConnectorsDbContext> factory,
    TenantContext tenant)
{
    private const string ProbePurpose = "Connectors.Vault.KeyProbe";

    /// <summary>The key new ciphertexts are protected with, read from the header of a fresh probe
    /// ciphertext: exactly what DataProtection itself picks, whatever its resolution rules.</summary>
    public Guid CurrentKeyId() =>
        ProtectedPayload.KeyId(protection.CreateProtector(ProbePurpose).Protect("probe"))
            ?? throw new InvalidOperationException("DataProtection produced a payload without a key header.");

    public IReadOnlyList<VaultKey> List()
    {
        var current = CurrentKeyId();
        return [.. keys.GetAllKeys().OrderBy(k => k.CreationDate)
            .Select(k => new VaultKey(k.KeyId, k.CreationDate, k.ActivationDate, k.ExpirationDate, k.IsRevoked, k.KeyId == current))];
    }

    /// <summary>Creates a key that is active at once, so it is the default for new ciphertexts in every
    /// process that loads the key ring from now on (the next CLI verb). A process that already holds the
    /// ring — a running node, or this one — keeps using its cached default until the ring refreshes (at the
    /// latest after 24 hours) or it restarts. Existing ciphertexts keep their key until <c>vault reprotect</c>.</summary>
    public VaultKey Rotate()
    {
        var now = DateTimeOffset.UtcNow;
        var created = keys.CreateNewKey(activationDate: now, expirationDate: now + options.Value.NewKeyLifetime);
        return List().Single(k => k.Id == created.KeyId);
    }

    /// <summary>How many vault ciphertexts (secrets and tokens, every tenant) are not under
    /// <paramref name="keyId"/>.</summary>
    public async Task<int> CountNotUnderAsync(Guid keyId, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        using var _ = tenant.BeginCrossTenantScan();
        var rows = await db.Credentials.AsNoTracking()
            .Select(c => new { c.ProtectedSecret, c.ProtectedAccessToken, c.ProtectedRefreshToken }).ToListAsync(ct);
        var owned = await db.VaultSecrets.AsNoTracking().Select(s => s.ProtectedValue).ToListAsync(ct);
        return rows.SelectMany(r => new[] { r.ProtectedSecret, r.ProtectedAccessToken, r.ProtectedRefreshToken })
            .Concat(owned)
            .Count(c => c is not null && ProtectedPayload.KeyId(c) != keyId);
    }

    /// <summary>Revokes every key created before the current one. Refused while a vault ciphertext
    /// still needs one of them. Other data under the old keys stops opening too: sign-in cookies
    /// (users sign in again), antiforgery tokens and OAuth consents in flight.</summary>
    public async Task<IReadOnlyList<VaultKey>> RevokeOlderKeysAsync(CancellationToken ct)
    {
        var all = List();
        var current = all.Single(k => k.IsCurrent);
        if (await CountNotUnderAsync(current.Id, ct) is > 0 and var stale)
        {
            throw new VaultKeysInUseException(stale);
        }

        var older = all.Where(k => !k.IsRevoked && k.CreatedAt < current.CreatedAt).ToList();
        foreach (var key in older)
        {
            keys.RevokeKey(key.Id, $"Superseded by {current.Id}; vault reprotected.");
        }

        return older;
    }
}
