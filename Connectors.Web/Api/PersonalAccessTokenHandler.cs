using System.Security.Claims;
using System.Text.Encodings.Web;
using Connectors.Domain.AccessTokens;
using Connectors.Domain.Tenancy;
using Connectors.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Connectors.Web.Api;

/// <summary>
/// Authenticates <c>Authorization: Bearer cka_…</c>. The principal is the one the sign-in cookie would carry
/// (built by the same claims factory), re-pointed at the token's tenant with the role its user holds there
/// now, so the same policies and <see cref="TenantAccess"/> apply. A token never carries support rights or
/// an impersonation. An unknown, revoked or expired token, a user no longer a member of the token's tenant,
/// a deleted or locked-out user: 401.
/// </summary>
public sealed class PersonalAccessTokenHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PersonalAccessTokenService tokens,
    UserManager<ConnectorsUser> users,
    IUserClaimsPrincipalFactory<ConnectorsUser> claims)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (ApiAuthentication.BearerValue(Request) is not { } presented)
        {
            return AuthenticateResult.NoResult();
        }

        // The reasons stay vague on purpose: the response must not tell a guesser which part was wrong.
        if (await tokens.AuthenticateAsync(presented, Context.RequestAborted) is not { } grant)
        {
            return AuthenticateResult.Fail("The access token is unknown, revoked or expired, or its user left its tenant.");
        }

        var user = await users.FindByIdAsync(grant.UserId);
        if (user is null || await users.IsLockedOutAsync(user))
        {
            return AuthenticateResult.Fail("The access token's user cannot sign in.");
        }

        var cookiePrincipal = await claims.CreateAsync(user);
        var identity = new ClaimsIdentity(
            cookiePrincipal.Claims.Where(c => c.Type is not (ConnectorsClaims.Tenant or ConnectorsClaims.Role or ConnectorsClaims.Support)
                && !Impersonation.IsImpersonationClaim(c)),
            Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ConnectorsClaims.Tenant, grant.TenantId.ToString()));
        identity.AddClaim(new Claim(ConnectorsClaims.Role, grant.Role.ToString()));
        identity.AddClaim(new Claim(ApiAuthentication.AccessTokenClaim, grant.TokenId.ToString()));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = ApiAuthentication.BearerValue(Request) is null
            ? "Bearer"
            : "Bearer error=\"invalid_token\"";
        return Task.CompletedTask;
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}
