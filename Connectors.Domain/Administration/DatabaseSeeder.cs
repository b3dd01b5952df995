using System.Security.Cryptography;
using Connectors.Domain.Data;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Connectors.Domain.Administration;

/// <summary>
/// First run with an empty database: tenant <c>acme</c> with projects default, acme-hr and
/// engineering; a super-admin (<c>Seed:AdminEmail</c>) and a support user (<c>Seed:SupportEmail</c>).
/// Passwords come from <c>Seed:AdminPassword</c>/<c>Seed:SupportPassword</c> or are generated and
/// printed once to the console — never to the log. <c>Seed:Enabled</c> defaults to true outside Production.
/// </summary>
public sealed class DatabaseSeeder(
    IDbContextFactory<ConnectorsDbContext> factory,
    TenantDirectory tenants,
    UserDirectory users,
    TenantContext tenant,
    IConfiguration configuration,
    IHostEnvironment environment,
    TimeProvider clock,
    ILogger<DatabaseSeeder> logger)
{
    public const string DefaultAdminEmail = "admin@acme.test";
    public const string DefaultSupportEmail = "support@connectors.test";

    /// <summary>Seeds when enabled and the database has no tenant. Returns whether it seeded.</summary>
    public async Task<bool> SeedAsync(TextWriter console, CancellationToken ct)
    {
        if (!configuration.GetValue("Seed:Enabled", !environment.IsProduction()))
        {
            return false;
        }

        await using (var db = factory.CreateDbContext())
        {
            if (await db.Tenants.AnyAsync(ct))
            {
                return false;
            }
        }

        // Both users' passwords are hashed from here on, on the thread pool, while the tenant and its projects are written.
        var admin = PrepareUser("Seed:AdminEmail", DefaultAdminEmail, "Seed:AdminPassword", isSupport: false);
        var support = PrepareUser("Seed:SupportEmail", DefaultSupportEmail, "Seed:SupportPassword", isSupport: true);
        var acme = await tenants.AddAsync("acme", "Acme", ProjectKey.Default, ct);
        tenant.Use(acme.Id);
        await using (var db = factory.CreateDbContext())
        {
            var now = clock.GetUtcNow().UtcDateTime;
            db.Projects.AddRange(
                new KbProject { Key = "acme-hr", Name = "Acme HR", CreatedAt = now },
                new KbProject { Key = "engineering", Name = "Engineering", CreatedAt = now });
            await db.SaveChangesAsync(ct);
        }

        await AddUserAsync(console, admin, acme.Id, ct);
        await AddUserAsync(console, support, null, ct);
        logger.LogInformation("Seeded tenant {Tenant} with its projects, a super-admin and a support user.", acme.Slug);
        return true;
    }

    private (PreparedUser User, string? GeneratedFor) PrepareUser(string emailKey, string defaultEmail, string passwordKey, bool isSupport)
    {
        var email = configuration[emailKey] is { Length: > 0 } configured ? configured : defaultEmail;
        var password = configuration[passwordKey];
        var generated = string.IsNullOrEmpty(password);
        return (users.Prepare(email, generated ? GeneratePassword() : password!, isSupport), generated ? passwordKey : null);
    }

    private async Task AddUserAsync(TextWriter console, (PreparedUser User, string? GeneratedFor) prepared, Guid? tenantId, CancellationToken ct)
    {
        var user = await users.AddAsync(prepared.User, tenantId, TenantRole.SuperAdmin, ct);
        if (prepared.GeneratedFor is { } passwordKey)
        {
            // Deliberately the console, not ILogger: the log must never hold a secret. Shown this once.
            await console.WriteLineAsync($"Seeded {user.Email} with generated password: {prepared.User.Password}  (set {passwordKey} to choose it)");
        }
    }

    /// <summary>20 random characters with every class Identity's default policy asks for.</summary>
    private static string GeneratePassword()
    {
        const string letters = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        return RandomNumberGenerator.GetString(letters, 16) + "-" + RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ", 1)
            + RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyz", 1) + RandomNumberGenerator.GetString("23456789", 1);
    }
}
