using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Connectors.Tests.Guide.JsonFeed;
using Connectors.Tests.Infrastructure;
using Connectors.Tests.Web;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Guide;

/// <summary>The guide's connector registered in the real app: the connectors page and the API describe it from
/// the read summary — a card ready to connect, its form with the token as a secret — with no host change.</summary>
public sealed partial class JsonFeedInTheAppTests : IAsyncLifetime
{
    private readonly ConnectorsAppFactory _app = new(configure: (services, configuration) =>
        services.AddJsonFeedConnector(configuration));

    private HttpClient _admin = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _admin = await WebSession.StartAsync(_app, Who.SuperAdmin);

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ConnectorsPage_WithTheConnector_ShowsItsCardReadyToConnect()
    {
        var html = await _admin.GetStringAsync("/admin/connectors", Ct);

        html.ShouldContain($"data-testid=\"connector-card-{JsonFeedConnector.ConnectorKey}\"");
        html.ShouldContain("JSON Feed");
        var button = AddButton().Match(html);
        button.Success.ShouldBeTrue("a super-admin gets the card's Connect button");
        button.Value.ShouldNotContain("disabled");
    }

    [Fact]
    public async Task ListConnectors_WithTheConnector_DescribesItsFormWithTheTokenAsASecret()
    {
        var connectors = JsonNode.Parse(await _admin.GetStringAsync("/api/admin/connectors", Ct))!.AsArray();

        var feed = connectors.Single(c => c!["key"]!.GetValue<string>() == JsonFeedConnector.ConnectorKey)!;
        (feed["authKind"]!.GetValue<string>(), feed["isConfigured"]!.GetValue<bool>()).ShouldBe(("credential", true));
        var fields = feed["credentialForm"]!["fields"]!.AsArray();
        fields.Select(f => (f!["name"]!.GetValue<string>(), f["target"]!.GetValue<string>()))
            .ShouldBe([(JsonFeedForms.FeedUrl, "connection"), (JsonFeedForms.Token, "secret")]);
    }

    [GeneratedRegex("<button[^>]*data-testid=\"add-account-json-feed\"[^>]*>")]
    private static partial Regex AddButton();
}
