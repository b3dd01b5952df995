using Connectors.Domain.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Connectors.Web.Auth;

/// <summary>
/// Sign-in that does not tell who has an account: Identity answers an unknown email or a locked account
/// without hashing the password (milliseconds instead of the hash's ~150 ms), so timing told them apart.
/// Here every attempt verifies one password hash through the same hasher — the user's own, or a dummy
/// one for an unknown email or a locked account — and the page shows one message for every failure.
/// </summary>
public sealed class ConnectorsSignInManager(
    UserManager<ConnectorsUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ConnectorsUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ConnectorsUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ConnectorsUser> confirmation,
    DummyPasswordHash dummy)
    : SignInManager<ConnectorsUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    /// <summary>The one answer to an unknown email, a wrong password and a locked account alike.</summary>
    public const string FailedMessage = "Invalid email or password. After repeated failures, sign-in pauses for a few minutes.";

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            dummy.Verify(UserManager.PasswordHasher, password);
            return SignInResult.Failed;
        }

        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(ConnectorsUser user, string password, bool lockoutOnFailure)
    {
        if (UserManager.SupportsUserLockout && await UserManager.IsLockedOutAsync(user))
        {
            // Identity refuses a locked account before hashing: spend the same work first.
            dummy.Verify(UserManager.PasswordHasher, password);
        }

        return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
    }
}

/// <summary>A hash of a random password, made once with the app's hasher, to verify attempts against
/// when there is no real hash to check (the result is always a failure).</summary>
public sealed class DummyPasswordHash
{
    private static readonly ConnectorsUser Nobody = new();
    private string? _hash;

    public void Verify(IPasswordHasher<ConnectorsUser> hasher, string password)
    {
        _hash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString("N"));
        _ = hasher.VerifyHashedPassword(Nobody, _hash, password ?? "");
    }
}
