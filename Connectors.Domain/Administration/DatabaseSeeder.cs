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

        await AddUserAsync(console, "Seed:AdminEmail", DefaultAdminEmail, "Seed:AdminPassword", acme.Id, isSupport: false, ct);
        await AddUserAsync(console, "Seed:SupportEmail", DefaultSupportEmail, "Seed:SupportPassword", null, isSupport: true, ct);
        logger.LogInformation("Seeded tenant {Tenant} with its projects, a super-admin and a support user.", acme.Slug);
        return true;
    }

    private async Task AddUserAsync(TextWriter console, string emailKey, string defaultEmail, string passwordKey, Guid? tenantId, bool isSupport, CancellationToken ct)
    {
        var email = configuration[emailKey] is { Length: > 0 } configured ? configured : defaultEmail;
        var password = configuration[passwordKey];
        var generated = string.IsNullOrEmpty(password);
        if (generated)
        {
            password = GeneratePassword();
        }

        await users.AddAsync(email, password!, tenantId, TenantRole.SuperAdmin, isSupport, ct);
        if (generated)
        {
            // Deliberately the console, not ILogger: the log must never hold a secret. Shown this once.
            await console.WriteLineAsync($"Seeded {email} with generated password: {password}  (set {passwordKey} to choose it)");
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
