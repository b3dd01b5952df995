using Microsoft.AspNetCore.Antiforgery;

namespace Connectors.Web.Api;

/// <summary>
/// A browser calling the API with its sign-in cookie must prove the request comes from this app's own
/// pages: unsafe methods need the antiforgery token (header <c>RequestVerificationToken</c>, or the form field
/// <c>__RequestVerificationToken</c>), otherwise 400. A personal access token is not sent by browsers on
/// their own, so token requests need none.
/// </summary>
public sealed class CookieAntiforgeryFilter(IAntiforgery antiforgery) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (IsSafe(http.Request.Method) || ApiAuthentication.IsTokenPrincipal(http.User) || await antiforgery.IsRequestValidAsync(http))
        {
            return await next(context);
        }

        return TypedResults.Problem(
            "A request signed in with the browser cookie must carry the antiforgery token in the RequestVerificationToken header; automation should use a personal access token instead.",
            statusCode: StatusCodes.Status400BadRequest, title: "Antiforgery token missing or invalid.");
    }

    private static bool IsSafe(string method) =>
        HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || HttpMethods.IsTrace(method);
}
