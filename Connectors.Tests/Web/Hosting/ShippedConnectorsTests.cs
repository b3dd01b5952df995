using System.Text.RegularExpressions;
using Connectors.Domain.Accounts;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Web.Hosting;

/// <summary>The real app's connectors as a user meets them: every shipped connector has a card, and an OAuth
/// connector this deployment has no client id for says which setting is missing instead of offering a
/// Connect button that would fail.</summary>
public sealed partial class ShippedConnectorsTests(SignedInClients clients) : IClassFixture<SignedInClients>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Summary_OfTheRealApp_ListsEveryShippedConnectorWithItsAuthKind()
    {
        await using var scope = clients.App.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(await WebSession.AcmeAsync(clients.App));
        scope.ServiceProvider.GetRequiredService<ActorContext>().Use("test-admin", TenantRole.Admin);

        var summary = await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetSummaryAsync(Ct);

        summary.Select(c => (c.Key, c.AuthKind)).OrderBy(c => c.Key).ShouldBe(
        [
            ("confluence", ConnectorAuthKind.Credential),
            ("google-drive", ConnectorAuthKind.OAuth),
            ("imap", ConnectorAuthKind.Credential),
            ("mcp", ConnectorAuthKind.Credential),
            ("notion", ConnectorAuthKind.OAuth),
        ]);
        summary.Single(c => c.Key == "google-drive").OAuthScopes.ShouldBe(["https://www.googleapis.com/auth/drive.readonly"]);
        summary.Select(c => (c.Key, c.SignInSummary)).OrderBy(c => c.Key).ShouldBe(
        [
            ("confluence", "Signs in with a password or key"),
            ("google-drive", "Signs in with OAuth"),
            ("imap", "Signs in with a password or key"),
            ("mcp", "Signs in at the server (OAuth) or with a token"),
            ("notion", "Signs in with OAuth"),
        ]);
    }

    [Theory]
    [InlineData("google-drive")]
    [InlineData("notion")]
    public async Task ConnectorsPage_OAuthConnectorWithoutClientId_NamesTheSettingAndDisablesConnect(string key)
    {
        var html = await clients[Who.SuperAdmin].GetStringAsync("/admin/connectors", Ct);

        html.ShouldContain($"<code>Connectors:OAuth:{key}:ClientId</code>");
        var button = AddButton().Matches(html).Single(m => m.Groups["key"].Value == key).Value;
        button.ShouldContain("disabled");
    }

    [Fact]
    public async Task ConnectorsPage_CredentialConnectors_AreReadyToConnect()
    {
        var html = await clients[Who.SuperAdmin].GetStringAsync("/admin/connectors", Ct);

        foreach (var key in new[] { "imap", "confluence" })
        {
            AddButton().Matches(html).Single(m => m.Groups["key"].Value == key).Value.ShouldNotContain("disabled");
        }
    }

    [GeneratedRegex("<button[^>]*data-testid=\"add-account-(?<key>[a-z0-9-]+)\"[^>]*>")]
    private static partial Regex AddButton();
}
