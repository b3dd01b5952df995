using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Connectors.Web.Api;

/// <summary>Describes the personal access token in the OpenAPI document: an HTTP bearer scheme that every
/// operation requires (the browser cookie works too, but automation should not rely on it).</summary>
public sealed class BearerSecuritySchemeTransformer : IOpenApiDocumentTransformer
{
    public const string SchemeName = "PersonalAccessToken";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "Connectors admin API";
        document.Info.Description = "The operations of the connectors admin area over HTTP. Authenticate with a personal access token "
            + "created at /account/manage/tokens: Authorization: Bearer cka_…. Errors are RFC 7807 problem details.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "cka_ personal access token",
            Description = "A personal access token (cka_…) acting for its user in the tenant it was created in.",
        };
        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations is { } operations ? operations.Values : Enumerable.Empty<OpenApiOperation>()))
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] });
        }

        return Task.CompletedTask;
    }
}
