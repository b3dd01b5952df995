using Microsoft.AspNetCore.Antiforgery;

namespace Connectors.Web.Endpoints;

/// <summary>
/// A form endpoint that changes state answers only a request carrying the antiforgery token (form field
/// <c>__RequestVerificationToken</c>, rendered by <c>&lt;AntiforgeryToken /&gt;</c>): otherwise any site could
/// sign a user out or end an impersonation with a self-submitting form. Minimal APIs check the token on
/// their own only when they bind a form; these endpoints bind none, so the check is explicit.
/// </summary>
public static class FormAntiforgery
{
    public static TBuilder RequireFormAntiforgery<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new RequireAntiforgeryTokenAttribute());
        builder.AddEndpointFilter(async (context, next) =>
        {
            // UseAntiforgery has checked the token (the metadata asks it to); without its verdict, check here.
            var http = context.HttpContext;
            var valid = http.Features.Get<IAntiforgeryValidationFeature>()?.IsValid
                ?? await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http);
            return valid
                ? await next(context)
                : TypedResults.Problem("The form's antiforgery token is missing or invalid: reload the page and try again.",
                    statusCode: StatusCodes.Status400BadRequest, title: "Antiforgery token missing or invalid.");
        });
        return builder;
    }
}
