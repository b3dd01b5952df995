using Connectors.Web.Auth;

namespace Connectors.Web.Api;

/// <summary>
/// The admin API under <c>/api/admin</c> (one core, several surfaces): the same domain services
/// and the same read summary as the pages, so every rule — rights, tenancy, validation, secrets — is the
/// one the UI gets. Reading needs ViewConnectors, changing ManageConnectors. The OpenAPI document is at
/// <c>/openapi/v1.json</c>, readable without signing in (it describes the API, not any tenant's data).
/// </summary>
public static class ApiEndpoints
{
    public const string Prefix = "/api/admin";
    public const string DocumentName = "v1";

    /// <summary>Error handling for <c>/api</c>: goes before authentication so its 401/403 answers get
    /// problem bodies too.</summary>
    public static WebApplication UseConnectorsApiErrors(this WebApplication app)
    {
        app.UseWhen(context => ApiAuthentication.IsApi(context.Request), api => api.UseMiddleware<ApiErrorMiddleware>());
        return app;
    }

    public static IEndpointRouteBuilder MapConnectorsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix)
            .RequireAuthorization(Policies.ViewConnectors)
            .AddEndpointFilter<CookieAntiforgeryFilter>()
            .WithTags("Connectors admin")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapConnectorApi();
        api.MapAccountApi();
        api.MapAccountActionApi();
        api.MapBulkApi();
        api.MapProjectApi();
        api.MapNotificationApi();
        api.MapCredentialApi();

        endpoints.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        return endpoints;
    }
}
