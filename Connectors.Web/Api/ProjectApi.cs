using Connectors.Domain.Accounts;
using Connectors.Domain.Overview;
using Connectors.Domain.Projects;
using Connectors.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Connectors.Web.Api;

/// <summary><c>/api/admin/projects</c>: the tenant's project registry (the list the project dropdown and
/// the binding validator read) and adding a project.</summary>
public static class ProjectApi
{
    public static RouteGroupBuilder MapProjectApi(this RouteGroupBuilder api)
    {
        api.MapGet("/projects", ListAsync)
            .WithName("ListProjects")
            .WithSummary("The tenant's projects: key, name, whether it is the tenant default, bound accounts, documents.");
        api.MapPost("/projects", AddAsync)
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("AddProject")
            .Accepts<ProjectRequest>("application/json")
            .Produces<ProjectSummary>(StatusCodes.Status201Created)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        api.MapDelete("/projects/{key}", async (string key, ProjectDeletion projects, CancellationToken ct) =>
            {
                await projects.DeleteAsync(key, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(Policies.ManageConnectors)
            .WithName("DeleteProject")
            .WithSummary("Deletes a project no account ingests into (bound or as a further target) and that is not the tenant default; 409 names the accounts.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static async Task<Ok<IReadOnlyList<ProjectOverview>>> ListAsync(ProjectOverviews projects, CancellationToken ct) =>
        TypedResults.Ok(await projects.ListAsync(ct));

    private static async Task<Created<ProjectSummary>> AddAsync(HttpRequest request, ProjectRegistry projects, CancellationToken ct)
    {
        var body = ProjectRequest.Read(await ApiJsonBody.ReadObjectAsync(request, ct));
        return TypedResults.Created("/api/admin/projects", await projects.AddAsync(body.Key, body.Name, ct));
    }
}
