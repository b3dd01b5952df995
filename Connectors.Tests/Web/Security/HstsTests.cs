using Connectors.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Connectors.Tests.Web.Security;

/// <summary>Outside Development, HTTPS answers tell the browser to stay on HTTPS (Strict-Transport-Security).</summary>
public sealed class HstsTests
{
    [Theory]
    [InlineData("Production", true)]
    [InlineData("Development", false)]
    public async Task HttpsRequest_ByEnvironment_CarriesHstsOnlyOutsideDevelopment(string environment, bool expected)
    {
        await using var app = new ConnectorsAppFactory(new Dictionary<string, string?>
        {
            ["environment"] = environment,
            ["Connectors:Vault:AllowUnprotectedKeys"] = "true",
        });
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://connectors.example.test/"), AllowAutoRedirect = false });

        var response = await client.GetAsync("/account/login", TestContext.Current.CancellationToken);

        SecurityHeadersTests.Header(response, "Strict-Transport-Security").ShouldBe(expected ? "max-age=2592000" : null);
    }
}
