using Connectors.Domain.Errors;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Connectors.Web.Api;

/// <summary>
/// The API's errors as RFC 7807 problem details (<c>application/problem+json</c>): 422 with <c>errors</c>
/// (field → messages) for validation, duplicate labels and unknown project keys; 409 when the account is
/// already syncing or a credential to delete is still used (naming the accounts); 404 for what does not exist in the caller's tenant; 403 without the right; 400 for a
/// body that cannot be read. Anything else is a 500 whose body says only that — never an exception's text
/// or a stack trace; the server log has the details.
/// </summary>
public static class ApiProblems
{
    public static IResult FromException(Exception exception, HttpContext context, ILogger logger)
    {
        switch (exception)
        {
            case ApiRequestException e:
                return TypedResults.Problem(e.Detail, statusCode: e.Status, title: e.Title);
            case InUseException e:
                return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "Still in use.",
                    extensions: new Dictionary<string, object?> { ["usedBy"] = e.UsedBy });
            case AlreadySyncingException e:
                return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status409Conflict, title: "The account is already syncing.");
            case DuplicateLabelException e:
                return Validation(e.Errors, StatusCodes.Status422UnprocessableEntity, "The label is already taken.");
            case ValidationFailedException e:
                return Validation(e.Errors, StatusCodes.Status422UnprocessableEntity, "The request is not valid.");
            case NotFoundException e:
                return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found.");
            case AccessDeniedException e:
                return TypedResults.Problem(e.Message, statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.");
            case BadHttpRequestException e:
                return TypedResults.Problem("The request could not be read.", statusCode: e.StatusCode, title: "Bad request.");
            default:
                logger.LogError(exception, "The API request {Method} {Path} failed unexpectedly.", context.Request.Method, context.Request.Path);
                return TypedResults.Problem("The server failed unexpectedly; its log has the details.",
                    statusCode: StatusCodes.Status500InternalServerError, title: "Unexpected error.",
                    extensions: new Dictionary<string, object?> { ["traceId"] = context.TraceIdentifier });
        }
    }

    /// <summary>The body for an error status that nothing else described (401 challenge, 404 no route, …).</summary>
    public static ProblemHttpResult ForStatus(int status) => TypedResults.Problem(statusCode: status, detail: status switch
    {
        StatusCodes.Status401Unauthorized => "Send a personal access token (Authorization: Bearer cka_…) or sign in.",
        StatusCodes.Status403Forbidden => "Your role in this tenant does not allow this.",
        StatusCodes.Status404NotFound => "There is no such API resource.",
        StatusCodes.Status405MethodNotAllowed => "The resource does not support this method.",
        _ => null,
    });

    private static ProblemHttpResult Validation(IReadOnlyDictionary<string, string> errors, int status, string title) =>
        TypedResults.Problem(new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => new[] { e.Value }))
        {
            Status = status,
            Title = title,
        });
}
