using System.Net;
using Connectors.Domain.Connectors;
using Connectors.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Web.Hosting;

/// <summary>Every connector the app ships has the icon its card shows (<c>wwwroot/connectors/&lt;key&gt;.svg</c>),
/// so a new connector without one fails here instead of showing a broken image.</summary>
public sealed class ConnectorIconsTests
{
    [Fact]
    public async Task Icons_OfEveryShippedConnector_AreServed()
    {
        await using var app = new ConnectorsAppFactory();
        using var client = app.CreateClient();
        await using var scope = app.Services.CreateAsyncScope();

        var connectors = scope.ServiceProvider.GetRequiredService<ConnectorRegistry>().All;

        connectors.Count.ShouldBeGreaterThanOrEqualTo(4);
        foreach (var connector in connectors)
        {
            File.Exists(Path.Combine(RepositoryPaths.Root, "Connectors.Web", "wwwroot", connector.IconUrl.TrimStart('/'))).ShouldBeTrue(connector.IconUrl);
            var response = await client.GetAsync(connector.IconUrl, TestContext.Current.CancellationToken);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, connector.IconUrl);
            response.Content.Headers.ContentType!.MediaType.ShouldBe("image/svg+xml");
        }
    }
}
