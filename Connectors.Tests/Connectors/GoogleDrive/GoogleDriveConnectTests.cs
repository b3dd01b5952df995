using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors;
using Connectors.Domain.Connectors.GoogleDrive;
using Connectors.Domain.Errors;
using Connectors.Domain.Installations;
using Connectors.Tests.Fakes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.GoogleDrive;

/// <summary>Connecting Google Drive through the real OAuth flow against the fake provider: PKCE sent and
/// checked, offline access asked for, tokens in the vault only; refused when the deployment has no client id.</summary>
public sealed class GoogleDriveConnectTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CompleteOAuth_ConsentApproved_ExchangesTheCodeWithACheckedPkceVerifierAndVaultsTheTokens()
    {
        await using var drive = await DriveTestBed.CreateAsync();

        var begin = await drive.BeginAsync();
        var outcome = await drive.CompleteAsync(begin);

        var query = QueryHelpers.ParseQuery(begin.AuthorizeUrl.Query);
        begin.AuthorizeUrl.GetLeftPart(UriPartial.Path).ShouldBe(drive.Server.OAuth.AuthorizeEndpoint(FakeGoogleDriveApi.Provider));
        query["code_challenge"].ToString().Length.ShouldBe(43);
        query["code_challenge_method"].ToString().ShouldBe("S256");
        query["scope"].ToString().ShouldBe("https://www.googleapis.com/auth/drive.readonly");
        (query["access_type"].ToString(), query["prompt"].ToString(), query["include_granted_scopes"].ToString()).ShouldBe(("offline", "consent", "true"));
        outcome.Status.ShouldBe(InstallationStatus.Active);
        var exchange = drive.Server.OAuth.CodeExchanges.ShouldHaveSingleItem();
        exchange.Provider.ShouldBe(FakeGoogleDriveApi.Provider);
        exchange.CodeVerifier.ShouldNotBeNull();
        drive.Server.Requests.ShouldContain("GET /drive/v3/about?fields=user");
        var vaulted = (await drive.VaultAsync(begin.AccountId))!;
        vaulted.AccessToken.ShouldStartWith("at-");
        vaulted.RefreshToken.ShouldStartWith("rt-");
        var account = await drive.AccountAsync(begin.AccountId);
        account.ConfigJson.ShouldNotContain(vaulted.AccessToken!);
        account.ConfigJson.ShouldNotContain(vaulted.RefreshToken!);
        account.ProjectKey.ShouldBe("acme-hr");
    }

    [Fact]
    public async Task BeginOAuth_NoClientIdConfigured_NamesTheMissingSettingAndRefuses()
    {
        await using var drive = await DriveTestBed.CreateAsync(configured: false);
        await using var scope = drive.Bed.As(drive.Bed.Acme);
        var connector = scope.ServiceProvider.GetRequiredService<ConnectorRegistry>().Find(GoogleDriveConnector.ConnectorKey);

        var error = await Should.ThrowAsync<ValidationFailedException>(() => drive.BeginAsync());

        connector.ShouldBeOfType<GoogleDriveConnector>().MissingConfiguration.ShouldBe("Connectors:OAuth:google-drive:ClientId");
        error.Message.ShouldContain("Connectors:OAuth:google-drive:ClientId");
        var summary = await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetSummaryAsync(Ct);
        var card = summary.Single(c => c.Key == GoogleDriveConnector.ConnectorKey);
        (card.IsConfigured, card.MissingConfiguration).ShouldBe((false, "Connectors:OAuth:google-drive:ClientId"));
        card.Accounts.ShouldBeEmpty();
        drive.Server.Requests.ShouldBeEmpty();
    }
}
