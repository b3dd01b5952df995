using Connectors.Domain.Auditing;
using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.AccessTokens;

/// <summary>
/// The signed-in user's personal access tokens for the admin API: created in the tenant the user is acting
/// in (shown once, stored as a hash), listed, revoked. A token acts with the rights its user holds in that
/// tenant at the time of each request (<see cref="AuthenticateAsync"/>), so it can never do more than its
/// user could in the browser.
/// </summary>
public sealed partial class PersonalAccessTokenService(
    IDbContextFactory<ConnectorsDbContext> factory, TenantContext tenant, ActorContext actor, AuditLog audit, TimeProvider clock)
{
    /// <summary>The longest lifetime a token may be given; <c>null</c> (no expiry) is allowed too.</summary>
    public const int MaxExpiryDays = 365;

    /// <summary>Creates a token for the acting user in the current tenant. Refused while impersonating (a
    /// token would outlive the impersonation and act without its audit trail's reason) and for a role with
    /// no access to the admin API (a Member's token could do nothing).</summary>
    /// <exception cref="AccessDeniedException">Impersonating, no tenant, or no admin role in it.</exception>
    /// <exception cref="ValidationFailedException">The name or the expiry is not valid; names the field.</exception>
    /// <summary>Why the current user may not create a token here, or null when they may: the one rule the
    /// tokens page shows and <see cref="CreateAsync"/> enforces.</summary>
    public string? CreateRefusal() =>
        actor.ImpersonatorUserId is not null ? "Tokens cannot be created while impersonating a tenant: a token would outlive the impersonation."
        : tenant.TenantId is null ? "You are not acting in any tenant, so there is nothing a token could act in."
        : !actor.CanView ? "Tokens are for the admin API, and your role in this tenant has no access to it."
        : null;

    public async Task<CreatedAccessToken> CreateAsync(string? name, int? expiresInDays, CancellationToken ct)
    {
        var userId = actor.RequireUserId();
        if (CreateRefusal() is { } refusal)
        {
            throw new AccessDeniedException(refusal);
        }

        var tenantId = tenant.TenantId!.Value;

        var parsedName = ParseName(name);
        if (expiresInDays is < 1 or > MaxExpiryDays)
        {
            throw new ValidationFailedException("expiresInDays", $"A token expires after 1 to {MaxExpiryDays} days, or never.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var token = AccessTokenSecret.Generate();
        var row = new PersonalAccessToken
        {
            UserId = userId,
            TenantId = tenantId,
            Name = parsedName,
            TokenHash = AccessTokenSecret.Hash(token),
            CreatedAt = now,
            ExpiresAt = expiresInDays is { } days ? now.AddDays(days) : null,
        };
        await using var db = factory.CreateDbContext();
        // Names tell a user's tokens apart (which script, which machine): one live token per name and user.
        if (await db.AccessTokens.AnyAsync(t => t.UserId == userId && t.Name == parsedName && t.RevokedAt == null
                && (t.ExpiresAt == null || t.ExpiresAt > now), ct))
        {
            throw new ValidationFailedException("name", $"You already have a token named '{parsedName}'. Choose another name, or revoke that one first.");
        }

        db.AccessTokens.Add(row);
        audit.Record(db, "token.created", "access-token", row.Id.ToString(),
            $"Created personal access token '{parsedName}' ({(row.ExpiresAt is { } e ? $"expires {e:yyyy-MM-dd HH:mm} UTC" : "no expiry")}).");
        await db.SaveChangesAsync(ct);
        var tenantName = await db.Tenants.Where(t => t.Id == tenantId).Select(t => t.Name).SingleAsync(ct);
        return new CreatedAccessToken(Summarize(row, tenantName), token);
    }

    /// <summary>The acting user's tokens in every tenant, newest first.</summary>
    public async Task<IReadOnlyList<AccessTokenSummary>> ListMineAsync(CancellationToken ct)
    {
        var userId = actor.RequireUserId();
        await using var db = factory.CreateDbContext();
        var rows = await db.AccessTokens.AsNoTracking().Where(t => t.UserId == userId)
            .Join(db.Tenants, t => t.TenantId, x => x.Id, (t, x) => new { Token = t, TenantName = x.Name })
            .ToListAsync(ct);
        return [.. rows.OrderByDescending(r => r.Token.CreatedAt).ThenByDescending(r => r.Token.Id).Select(r => Summarize(r.Token, r.TenantName))];
    }

    /// <summary>Revokes one of the acting user's own tokens (in whichever tenant it acts); from the next
    /// request on it authenticates nothing. Revoking a revoked token changes nothing.</summary>
    /// <exception cref="NotFoundException">No such token of this user (another user's token reads the same).</exception>
    public async Task RevokeAsync(Guid id, CancellationToken ct)
    {
        var userId = actor.RequireUserId();
        await using var db = factory.CreateDbContext();
        var row = await db.AccessTokens.SingleOrDefaultAsync(t => t.Id == id && t.UserId == userId, ct)
            ?? throw new NotFoundException($"Access token {id} was not found.");
        if (row.RevokedAt is not null)
        {
            return;
        }

        row.RevokedAt = clock.GetUtcNow().UtcDateTime;
        using (tenant.Enter(row.TenantId))
        {
            audit.Record(db, "token.revoked", "access-token", row.Id.ToString(), $"Revoked personal access token '{row.Name}'.");
            await db.SaveChangesAsync(ct);
        }
    }

    private static string ParseName(string? name)
    {
        var value = name?.Trim() ?? "";
        return value.Length is 0 or > PersonalAccessToken.NameMaxLength
            ? throw new ValidationFailedException("name", $"Name the token (1 to {PersonalAccessToken.NameMaxLength} characters), e.g. what will use it.")
            : value;
    }

    private static AccessTokenSummary Summarize(PersonalAccessToken t, string tenantName) =>
        new(t.Id, t.Name, t.TenantId, tenantName, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt);
}
