using Connectors.Domain.Data;
using Connectors.Domain.Errors;
using Connectors.Domain.Tenancy;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Administration;

public sealed record MembershipSummary(Guid TenantId, string TenantSlug, string TenantName, TenantRole Role);

/// <summary>Creates users with their tenant role (platform operations: the CLI and seeding) and
/// reads a user's memberships.</summary>
public sealed class UserDirectory(UserManager<ConnectorsUser> users, IDbContextFactory<ConnectorsDbContext> factory, TimeProvider clock)
{
    /// <summary>Creates a user. A tenant is required unless the user is platform support.</summary>
    public async Task<ConnectorsUser> AddAsync(string email, string password, Guid? tenantId, TenantRole role, bool isSupport, CancellationToken ct)
    {
        if (tenantId is null && !isSupport)
        {
            throw new ValidationFailedException("tenant", "A tenant is required for a user who is not platform support.");
        }

        var user = new ConnectorsUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true, IsSupport = isSupport };
        var result = await users.CreateAsync(user, password);
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
