using System.Net;
using Connectors.Tests.Web;

namespace Connectors.Tests.Api;

/// <summary>The OpenAPI document: reachable without signing in, lists every operation, describes the bearer token.</summary>
public sealed class OpenApiDocumentTests(ApiApp app) : IClassFixture<ApiApp>
{
    [Fact]
    public async Task Document_Anonymous_DescribesEveryOperationAndTheBearerScheme()
    {
        using var anonymous = app.Client(token: null);

        var document = await (await anonymous.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken)).ShouldBeJsonAsync(HttpStatusCode.OK);

        document.GetProperty("openapi").GetString()!.ShouldStartWith("3.");
        var paths = document.GetProperty("paths");
        var operations = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}"))
            .Order()
            .ToList();
        operations.ShouldBe(ApiAuthenticationTests.Operations()
            .Select(row => $"{row.Data.Item1} {row.Data.Item2}")
            .Order()
            .ToList());
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("PersonalAccessToken");
        scheme.GetProperty("type").GetString().ShouldBe("http");
        scheme.GetProperty("scheme").GetString().ShouldBe("bearer");
        foreach (var path in paths.EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operation.Value.GetProperty("security")[0].TryGetProperty("PersonalAccessToken", out _).ShouldBeTrue($"{operation.Name} {path.Name}");
            }
        }
    }

    [Fact]
    public async Task Document_SignedIn_IsTheSame()
    {
        using var owner = app.Client(Who.SuperAdmin);
        using var anonymous = app.Client(token: null);

        var signedIn = await owner.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        var open = await anonymous.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        signedIn.ShouldBe(open);
    }
}
