using Connectors.Domain.Tenancy;

namespace Connectors.Domain.AccessTokens;

/// <summary>
/// A personal access token for the admin API, tied to its user and to the tenant the user was acting in
/// when creating it. Only the SHA-256 of the token is stored: the token itself is shown once and cannot be
/// read back. Not tenant-filtered, like <see cref="Tenancy.TenantMembership"/>: a request is authenticated
/// by the token's hash before any tenant is known, and every other read filters by the owner explicitly.
/// A revoked token keeps its row (with <see cref="RevokedAt"/>) so its owner sees what happened to it.
/// </summary>
public sealed class PersonalAccessToken
{
    public const int NameMaxLength = 100;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string UserId { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }

    /// <summary>Upper-case hex SHA-256 of the whole token (prefix included).</summary>
    public required string TokenHash { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>Null: the token never expires (it can still be revoked).</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>Written at most once a minute, so a busy client does not turn every read into a write.</summary>
    public DateTime? LastUsedAt { get; set; }

    public DateTime? RevokedAt { get; set; }
}
