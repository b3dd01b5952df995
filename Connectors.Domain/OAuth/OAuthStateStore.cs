using System.Security.Cryptography;
using System.Text;
using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.OAuth;

/// <summary>A consumed state: the account it was issued for and its PKCE verifier, if any.</summary>
public sealed record ConsumedOAuthState(Guid AccountId, string? CodeVerifier);

/// <summary>An OAuth state that is unknown, expired, already used or issued for someone else.
/// The callback shows an error page and changes nothing.</summary>
public sealed class OAuthStateException(string message) : Exception(message);

/// <summary>
/// Issues and consumes single-use OAuth states. The state is 32 random bytes in
/// base64url; only its SHA-256 is stored. Consuming is one atomic delete-where-valid, so two
/// callbacks carrying one state cannot both pass.
/// </summary>
public sealed class OAuthStateStore(
    IDbContextFactory<ConnectorsDbContext> factory,
    TenantContext tenant,
    IDataProtectionProvider protection,
    IOptions<ConnectorsOptions> options,
    TimeProvider clock)
{
    private const string Purpose = "Connectors.OAuthState.v1";

    public async Task<string> IssueAsync(Guid accountId, string userId, string? codeVerifier, CancellationToken ct)
    {
        var state = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = factory.CreateDbContext();
        db.OAuthStates.Add(new OAuthState
        {
            InstallationId = accountId,
            UserId = userId,
            StateHash = Hash(state),
            ProtectedCodeVerifier = codeVerifier is null ? null : Protector().Protect(codeVerifier),
            CreatedAt = now,
            ExpiresAt = now.AddSeconds(options.Value.OAuthStateTtlSeconds),
        });
        await db.SaveChangesAsync(ct);
        return state;
    }

    /// <summary>Consumes <paramref name="state"/> for the current tenant and <paramref name="userId"/>;
    /// with <paramref name="accountId"/> set, it must also have been issued for that account.</summary>
    public async Task<ConsumedOAuthState> ConsumeAsync(string state, Guid? accountId, string userId, CancellationToken ct)
    {
        var hash = Hash(state);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = factory.CreateDbContext();
        var row = await db.OAuthStates.AsNoTracking().SingleOrDefaultAsync(s => s.StateHash == hash, ct)
            ?? throw new OAuthStateException("This authorization link is unknown or has already been used. Start again.");
        if (row.UserId != userId || (accountId is { } expected && row.InstallationId != expected))
        {
            throw new OAuthStateException("This authorization was started for another account or user. Start again.");
        }

        var deleted = await db.OAuthStates
            .Where(s => s.Id == row.Id && s.StateHash == hash && s.UserId == userId && s.ExpiresAt > now)
            .ExecuteDeleteAsync(ct);
        if (deleted != 1)
        {
            throw new OAuthStateException(row.ExpiresAt <= now
                ? "This authorization has expired. Start again."
                : "This authorization link has already been used. Start again.");
        }

        return new ConsumedOAuthState(row.InstallationId,
            row.ProtectedCodeVerifier is null ? null : Protector().Unprotect(row.ProtectedCodeVerifier));
    }

    /// <summary>The account a live state of the current tenant was issued for, without consuming it
    /// (a provider callback carries only the state).</summary>
    public async Task<Guid> FindAccountAsync(string state, CancellationToken ct)
    {
        var hash = Hash(state);
        await using var db = factory.CreateDbContext();
        return await db.OAuthStates.Where(s => s.StateHash == hash).Select(s => (Guid?)s.InstallationId).SingleOrDefaultAsync(ct)
            ?? throw new OAuthStateException("This authorization link is unknown or has already been used. Start again.");
    }

    /// <summary>Hex SHA-256 of the state: what the database holds instead of the state.</summary>
    public static string Hash(string state) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));

    private IDataProtector Protector() => protection.CreateProtector(Purpose, tenant.RequireTenantId().ToString());
}
