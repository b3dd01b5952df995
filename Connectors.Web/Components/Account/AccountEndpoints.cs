using Connectors.Domain.Tenancy;
using Connectors.Web.Endpoints;
using Microsoft.AspNetCore.Identity;

namespace Connectors.Web.Components.Account;

public static class AccountEndpoints
{
    /// <summary>Sign-out is a POST with an antiforgery token (a GET could be triggered by any link).</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/logout", async (SignInManager<ConnectorsUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return TypedResults.LocalRedirect("/account/login");
        }).RequireFormAntiforgery();
        return endpoints;
    }
}
