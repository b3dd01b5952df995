using Connectors.Domain.Data;
using Connectors.Domain.Vault;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Connectors.Domain.OAuth;

/// <summary>A tenant's OAuth app for one provider, as the sign-in uses it.</summary>
public sealed record TenantOAuthClient(string ClientId, string? ClientSecret);

/// <summary>
/// Reads the current tenant's own OAuth app for a provider, afresh on every use (a change reaches every node at once).
/// The resolution — the tenant's app, else the deployment's client, else "not configured" — is
/// <see cref="OAuthProviders.Get"/>'s with what this returns.
/// </summary>
public sealed partial class TenantOAuthClients(IDbContextFactory<ConnectorsDbContext> factory, CredentialVault vault, ILogger<TenantOAuthClients> logger)
{
    /// <summary>The tenant's app for <paramref name="providerKey"/>, or null when it uses the deployment's.</summary>
    public async Task<TenantOAuthClient?> FindAsync(string providerKey, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        var app = await db.TenantOAuthApps.AsNoTracking().Where(a => a.ProviderKey == providerKey)
            .Select(a => new { a.Id, a.ClientId }).SingleOrDefaultAsync(ct);
        LogResolved(providerKey, app is null ? "deployment" : "tenant");
        return app is null ? null : new TenantOAuthClient(app.ClientId, await vault.GetOwnedSecretAsync(app.Id, ct));
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "OAuth client for {Provider} resolved from {Source}.")]
    private partial void LogResolved(string provider, string source);

    /// <summary>The providers the current tenant brings its own app for.</summary>
    public async Task<IReadOnlySet<string>> ProvidersAsync(CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return (await db.TenantOAuthApps.AsNoTracking().Select(a => a.ProviderKey).ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);
    }
}
