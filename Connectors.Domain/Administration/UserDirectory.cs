using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Administration;

public sealed record MembershipSummary(Guid TenantId, string TenantSlug, string TenantName, TenantRole Role);

/// <summary>Creates users with their tenant role and sets a forgotten password (platform operations: the
/// CLI and seeding), and reads a user's memberships.</summary>
public sealed class UserDirectory(UserManager<ConnectorsUser> users, IDbContextFactory<ConnectorsDbContext> factory, TimeProvider clock)
{
    /// <summary>Creates a user. A tenant is required unless the user is platform support.</summary>
    public Task<ConnectorsUser> AddAsync(string email, string password, Guid? tenantId, TenantRole role, bool isSupport, CancellationToken ct)
    {
        RequireTenantUnlessSupport(tenantId, isSupport);
        return AddAsync(Prepare(email, password, isSupport), tenantId, role, ct);
    }

    /// <summary>
    /// Starts hashing the new user's password on the thread pool (Identity's PBKDF2, ≈ 0.1–0.25 s here), to be
    /// created with <see cref="AddAsync(PreparedUser, Guid?, TenantRole, CancellationToken)"/>. The seed prepares its
    /// two users before its other writes, so on the first start the two hashes run side by side and beside them.
    /// </summary>
    internal PreparedUser Prepare(string email, string password, bool isSupport)
    {
        var user = new ConnectorsUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true, IsSupport = isSupport };
        return new PreparedUser(user, password, Task.Run(() => users.PasswordHasher.HashPassword(user, password)));
    }

    /// <summary>What <c>UserManager.CreateAsync(user, password)</c> does — the password rules, then the user with its
    /// hash and a new security stamp — with the hash started ahead.</summary>
    internal async Task<ConnectorsUser> AddAsync(PreparedUser prepared, Guid? tenantId, TenantRole role, CancellationToken ct)
    {
        RequireTenantUnlessSupport(tenantId, prepared.User.IsSupport);
        var user = prepared.User;
        var passwordErrors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var validated = await validator.ValidateAsync(users, user, prepared.Password);
            passwordErrors.AddRange(validated.Errors);
        }

        if (passwordErrors.Count > 0)
        {
            throw new ValidationFailedException("password", string.Join(" ", passwordErrors.Select(e => e.Description)));
        }

        user.PasswordHash = await prepared.PasswordHash.WaitAsync(ct);
        var result = await users.CreateAsync(user);
        if (!result.Succeeded)
        {
            var field = result.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "password" : "email";
            throw new ValidationFailedException(field, string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        if (tenantId is { } id)
        {
            await using var db = factory.CreateDbContext();
            db.Memberships.Add(new TenantMembership { TenantId = id, UserId = user.Id, Role = role, CreatedAt = clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync(ct);
        }

        return user;
    }

    private static void RequireTenantUnlessSupport(Guid? tenantId, bool isSupport)
    {
        if (tenantId is null && !isSupport)
        {
            throw new ValidationFailedException("tenant", "A tenant is required for a user who is not platform support.");
        }
    }

    /// <summary>
    /// Sets the password of the user with <paramref name="email"/> without the old one (an operator recovering
    /// access): checked by Identity's password rules, then saved in one write together with a new security
    /// stamp — which ends every session signed in before — and with any lockout lifted.
    /// </summary>
    public async Task SetPasswordAsync(string email, string password, CancellationToken ct)
    {
        var user = await users.FindByEmailAsync(email.Trim())
            ?? throw new NotFoundException($"No user has the email '{email.Trim()}'.");
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user, password);
            errors.AddRange(result.Errors);
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException("password", string.Join(" ", errors.Select(e => e.Description)));
        }

        ct.ThrowIfCancellationRequested();
        // One UpdateAsync for the hash, the stamp and the lockout: UserManager's reset needs a token provider,
        // which the CLI's host has no use for, and remove-then-add could leave the user without a password.
        user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        var saved = await users.UpdateSecurityStampAsync(user);
        if (!saved.Succeeded)
        {
            throw new InvalidOperationException($"The password could not be saved: {string.Join(" ", saved.Errors.Select(e => e.Code))}.");
        }
    }

    public async Task<IReadOnlyList<MembershipSummary>> MembershipsAsync(string userId, CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        return await db.Memberships.Where(m => m.UserId == userId)
            .Join(db.Tenants, m => m.TenantId, t => t.Id, (m, t) => new { t.Id, t.Slug, t.Name, m.Role })
            .OrderBy(m => m.Slug)
            .Select(m => new MembershipSummary(m.Id, m.Slug, m.Name, m.Role))
            .ToListAsync(ct);
    }
}

/// <summary>A user about to be created, its password's hash already under way (<see cref="UserDirectory.Prepare"/>).</summary>
internal sealed record PreparedUser(ConnectorsUser User, string Password, Task<string> PasswordHash);
