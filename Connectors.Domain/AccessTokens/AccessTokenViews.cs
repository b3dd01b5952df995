using Connectors.Domain.Tenancy;

namespace Connectors.Domain.AccessTokens;

/// <summary>A token as its owner's list shows it: never the token itself, which exists only in the answer
/// to its creation.</summary>
public sealed record AccessTokenSummary(
    Guid Id, string Name, Guid TenantId, string TenantName, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? LastUsedAt, DateTime? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;

    public bool IsExpired(DateTimeOffset now) => ExpiresAt is { } expires && expires <= now.UtcDateTime;
}

/// <summary>A token just created: <see cref="Token"/> is the only copy of its text, to be shown once.</summary>
public sealed record CreatedAccessToken(AccessTokenSummary Summary, string Token);

/// <summary>What a valid token grants: its user acting in its tenant with the role the user holds there
/// now (read at every request, so a demotion or a lost membership applies at once).</summary>
public sealed record AccessTokenGrant(Guid TokenId, string UserId, Guid TenantId, TenantRole Role);
