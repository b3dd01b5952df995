using System.Net;
using System.Net.Http.Headers;
using Connectors.Domain;
using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.Notion;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Domain.Vault;
using Connectors.Tests.Fakes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Connectors.Tests.Connectors.Notion;

/// <summary>Connecting a Notion workspace through the real OAuth path against the fake Notion.</summary>
public sealed class NotionConnectTests : NotionTests
{
    [Fact]
    public async Task BeginOAuth_NotionDefaults_AuthorizeUrlAsksTheUserToPickPagesWithoutPkceOrScopes()
    {
        var (_, url, _) = await ConnectAsync();

        url.GetLeftPart(UriPartial.Path).ShouldBe(Server.OAuth.AuthorizeEndpoint(FakeNotionApi.Provider));
        var query = QueryHelpers.ParseQuery(url.Query);
        query["owner"].ToString().ShouldBe("user");
        query["response_type"].ToString().ShouldBe("code");
        query["client_id"].ToString().ShouldBe(FakeOAuthServer.ClientId);
        query["redirect_uri"].ToString().ShouldBe(Bed.Database.Services.GetRequiredService<IOptions<ConnectorsOptions>>().Value.OAuthCallbackUri.ToString());
        query["state"].ToString().ShouldNotBeNullOrWhiteSpace();
        query.Keys.ShouldNotContain("code_challenge");
        query.Keys.ShouldNotContain("scope");
    }

    [Fact]
    public async Task CompleteOAuth_Approved_TokenRequestUsesBasicAndJsonAndTheAccountIsActiveWithTokensOnlyInTheVault()
    {
        var (accountId, _, outcome) = await ConnectAsync(projectKey: "engineering");

        (outcome.Status, outcome.Error).ShouldBe((InstallationStatus.Active, null));
        var token = Notion.TokenRequests.ShouldHaveSingleItem();
        token.ShouldBe(new FakeNotionTokenRequest(BasicAuthentication: true, JsonBody: true, SecretInBody: false, GrantType: "authorization_code"));
        Server.OAuth.CodeExchanges.ShouldHaveSingleItem().CodeVerifier.ShouldBeNull();
        Server.CountRequests("/v1/users/me").ShouldBe(1);

        await using var scope = Bed.As(Bed.Acme);
        var vaulted = (await scope.ServiceProvider.GetRequiredService<CredentialVault>().GetAsync(accountId, Ct)).ShouldNotBeNull();
        vaulted.AccessToken.ShouldNotBeNullOrEmpty();
        vaulted.RefreshToken.ShouldNotBeNullOrEmpty();
        var account = await AccountAsync(accountId);
        account.ProjectKey.ShouldBe("engineering");
        account.ConfigJson.ShouldNotContain(vaulted.AccessToken!);
        account.ConfigJson.ShouldNotContain(vaulted.RefreshToken!);
        Bed.Logs.Lines.ShouldNotContain(l => l.Contains(vaulted.AccessToken!) || l.Contains(vaulted.RefreshToken!));
    }

    [Fact]
    public async Task CompleteOAuth_UsersMeRefused_AccountStaysPendingWithNothingVaulted()
    {
        Server.FailNext("/v1/users/me", 401);

        var (accountId, _, outcome) = await ConnectAsync();

        outcome.Status.ShouldBe(InstallationStatus.Pending);
        outcome.Error.ShouldNotBeNull().ShouldContain("Notion answered HTTP 401");
        await using var scope = Bed.As(Bed.Acme);
        (await scope.ServiceProvider.GetRequiredService<CredentialVault>().GetAsync(accountId, Ct)).ShouldBeNull();
    }

    [Fact]
    public async Task Health_ConnectedAccount_IsHealthy()
    {
        var (accountId, _, _) = await ConnectAsync();
        await using var scope = Bed.As(Bed.Acme);
        var summary = await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetAccountAsync(accountId, Ct);
        var account = new ConnectorAccount(summary.Id, Bed.Acme, summary.ConnectorKey, summary.Label, summary.ResolvedProjectKey, summary.Config);

        var health = await scope.ServiceProvider.GetRequiredService<NotionConnector>().HealthAsync(account, Ct);

        health.State.ShouldBe(HealthState.Healthy);
        Server.CountRequests("/v1/users/me").ShouldBe(2);
    }

    [Fact]
    public async Task FakeNotion_RequestWithoutNotionVersion_AnswersMissingVersionAsNotionDoes()
    {
        var (access, _) = Server.OAuth.IssueTokens(FakeNotionApi.Provider, TimeSpan.FromHours(1));
        using var http = new HttpClient { BaseAddress = new Uri(Server.BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", access);

        using var without = await http.GetAsync(new Uri("/v1/users/me", UriKind.Relative), Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/users/me", UriKind.Relative));
        request.Headers.Add("Notion-Version", NotionApi.Version);
        using var with = await http.SendAsync(request, Ct);

        without.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await without.Content.ReadAsStringAsync(Ct)).ShouldContain("\"code\":\"missing_version\"");
        with.StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

/// <summary>A deployment that has not registered a Notion integration.</summary>
public sealed class NotionUnconfiguredTests : NotionTests
{
    protected override bool ConfiguresClient => false;

    [Fact]
    public async Task BeginOAuth_NoClientId_NamesTheSettingToFillIn()
    {
        await using var scope = Bed.As(Bed.Acme);
        var connector = scope.ServiceProvider.GetRequiredService<NotionConnector>();

        var error = await Should.ThrowAsync<ValidationFailedException>(() =>
            scope.ServiceProvider.GetRequiredService<OAuthGrants>().BeginAsync(NotionConnector.ConnectorKey, "Wiki", null, Ct));

        connector.MissingConfiguration.ShouldBe("Connectors:OAuth:notion:ClientId");
        error.Message.ShouldContain("Connectors:OAuth:notion:ClientId");
        Server.Requests.ShouldBeEmpty();
    }
}
