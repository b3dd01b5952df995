using System.Text;
using Connectors.Domain.Installations;
using Connectors.Tests.Fakes;

namespace Connectors.Tests.Connectors.Notion;

/// <summary>A token endpoint that echoes the request — the deployment's client secret (in the Basic header)
/// and the authorization code — in its 4xx body and reason phrase: the stored error keeps the status and the
/// OAuth error code only when it has a code's shape.</summary>
public sealed class NotionTokenEchoTests : NotionTests
{
    private static readonly string Basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FakeOAuthServer.ClientId}:{FakeOAuthServer.ClientSecret}"));

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    public async Task CompleteOAuth_TokenEndpointEchoesTheRequest_StoredErrorHoldsNoSecret(int status)
    {
        Server.EchoNext($"/{FakeNotionApi.Provider}/oauth/token", status);

        var (accountId, _, outcome) = await ConnectAsync();

        outcome.Status.ShouldBe(InstallationStatus.Pending);
        outcome.Error.ShouldNotBeNull().ShouldContain($"HTTP {status}");
        var account = await AccountAsync(accountId);
        string[] stored = [outcome.Error, account.ErrorJson.ShouldNotBeNull(), .. Bed.Logs.Lines];
        stored.ShouldAllBe(text => !text.Contains(FakeOAuthServer.ClientSecret) && !text.Contains(Basic) && !text.Contains("Echo")
            && !text.Contains("authorization_code"));
    }
}
