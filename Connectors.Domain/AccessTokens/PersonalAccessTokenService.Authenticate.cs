using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.AccessTokens;

public sealed partial class PersonalAccessTokenService
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>
    /// What <paramref name="presented"/> grants, or null when it is malformed, unknown, revoked, expired, or
    /// its user is no longer a member of its tenant. Looked up by hash only — the comparison happens in the
    /// database on a value an attacker cannot choose the hash of, so timing reveals nothing. Records when
    /// the token was last used (at most once a minute).
    /// </summary>
    public async Task<AccessTokenGrant?> AuthenticateAsync(string? presented, CancellationToken ct)
    {
        if (!AccessTokenSecret.IsWellFormed(presented))
        {
            return null;
        }

        var hash = AccessTokenSecret.Hash(presented!);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = factory.CreateDbContext();
        var match = await db.AccessTokens.AsNoTracking()
            .Where(t => t.TokenHash == hash && t.RevokedAt == null && (t.ExpiresAt == null || t.ExpiresAt > now))
            .Join(db.Memberships, t => new { t.UserId, t.TenantId }, m => new { m.UserId, m.TenantId },
                (t, m) => new { t.Id, t.UserId, t.TenantId, m.Role, t.LastUsedAt })
            .SingleOrDefaultAsync(ct);
        if (match is null)
        {
            return null;
        }

        if (match.LastUsedAt is null || match.LastUsedAt <= now - LastUsedResolution)
        {
            var stale = now - LastUsedResolution;
            await db.AccessTokens.Where(t => t.Id == match.Id && (t.LastUsedAt == null || t.LastUsedAt <= stale))
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.LastUsedAt, now), ct);
        }

        return new AccessTokenGrant(match.Id, match.UserId, match.TenantId, match.Role);
    }
}
