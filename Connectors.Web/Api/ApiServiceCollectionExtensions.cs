using Connectors.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace Microsoft.Extensions.DependencyInjection;

public static class ApiServiceCollectionExtensions
{
    /// <summary>The admin API's services: the personal-access-token scheme and the cookie-or-token selector
    /// (the app's default scheme, see <see cref="ApiAuthentication"/>), 401/403 instead of redirects for
    /// cookie calls to <c>/api</c>, the API's JSON settings and the OpenAPI document.</summary>
    public static IServiceCollection AddConnectorsApi(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, PersonalAccessTokenHandler>(ApiAuthentication.TokenScheme, "Personal access token", null)
            .AddPolicyScheme(ApiAuthentication.SelectorScheme, "Sign-in cookie or personal access token",
                o => o.ForwardDefaultSelector = ApiAuthentication.SelectScheme);
        services.ConfigureApplicationCookie(ApiAuthentication.AnswerApiWithStatusCodes);
        services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
        services.AddOpenApi(ApiEndpoints.DocumentName, o =>
        {
            o.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer<BearerSecuritySchemeTransformer>();
        });
        return services;
    }
}
