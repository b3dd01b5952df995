using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Connectors.Tests.Fakes;

/// <summary>The smallest provider API: <c>GET /{provider}/api/me</c> answers who the bearer token belongs to
/// (401 without a live token). Enough for the host-level OAuth tests' connector to check access.</summary>
public sealed class FakeWhoAmIApi(string provider) : IFakeProviderApi
{
    public void Map(IEndpointRouteBuilder routes, FakeOAuthServer oauth) =>
        routes.MapGet($"/{provider}/api/me", (HttpRequest request) => oauth.IsAuthorized(request, provider)
            ? Results.Json(new { user = oauth.ConsentingUser })
            : Results.Json(new { message = "Invalid or expired token." }, statusCode: 401));
}
