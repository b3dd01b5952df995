using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Connectors.Web.Api;

/// <summary>
/// How a request is authenticated: the app's default scheme is a selector that sends <c>/api</c> requests
/// carrying <c>Authorization: Bearer …</c> (or no sign-in cookie at all) to the personal-access-token
/// handler and everything else to the Identity cookie. Tokens therefore authenticate the API only — never
/// a page or the Blazor circuit — and an anonymous API call is challenged with <c>401</c> and
/// <c>WWW-Authenticate: Bearer</c> instead of a redirect to the sign-in page.
/// </summary>
public static class ApiAuthentication
{
    public const string TokenScheme = "PersonalAccessToken";
    public const string SelectorScheme = "CookieOrPersonalAccessToken";
    public const string PathPrefix = "/api";

    /// <summary>The id of the token a principal was authenticated with (token principals only).</summary>
    public const string AccessTokenClaim = "connectors:access-token";

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the principal came from a personal access token rather than the cookie.</summary>
    public static bool IsTokenPrincipal(ClaimsPrincipal principal) =>
        principal.Identity is { IsAuthenticated: true, AuthenticationType: TokenScheme };

    /// <summary>The bearer value of the Authorization header, or null when there is none.</summary>
    public static string? BearerValue(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    internal static string SelectScheme(HttpContext context)
    {
        if (Connectors.Web.Mcp.McpSurface.IsMcp(context.Request))
        {
            return Connectors.Web.Mcp.McpSurface.Scheme; // tokens only: an MCP request never rides on the sign-in cookie
        }

        if (!IsApi(context.Request))
        {
            return IdentityConstants.ApplicationScheme;
        }

        var cookieName = context.RequestServices.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>()
            .Get(IdentityConstants.ApplicationScheme).Cookie.Name ?? "";
        return BearerValue(context.Request) is not null || !context.Request.Cookies.ContainsKey(cookieName)
            ? TokenScheme
            : IdentityConstants.ApplicationScheme;
    }

    /// <summary>A cookie-authenticated API call that is not (or no longer) signed in, or lacks the right,
    /// gets 401/403 (made a problem response by <see cref="ApiErrorMiddleware"/>) instead of the redirects
    /// pages get.</summary>
    internal static void AnswerApiWithStatusCodes(CookieAuthenticationOptions options)
    {
        var toLogin = options.Events.OnRedirectToLogin;
        var toDenied = options.Events.OnRedirectToAccessDenied;
        options.Events.OnRedirectToLogin = context => IsApi(context.Request) ? Status(context.Response, StatusCodes.Status401Unauthorized) : toLogin(context);
        options.Events.OnRedirectToAccessDenied = context => IsApi(context.Request) ? Status(context.Response, StatusCodes.Status403Forbidden) : toDenied(context);
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
