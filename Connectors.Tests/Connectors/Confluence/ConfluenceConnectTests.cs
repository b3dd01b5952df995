using System.Text;
using Connectors.Domain.Accounts;
using Connectors.Domain.Connectors.Confluence;
using Connectors.Domain.Installations;
using Connectors.Tests.Fakes;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Connectors.Confluence;

/// <summary>Creating Confluence accounts through the generic credential flow: the token is checked against
/// the site before anything is vaulted, and never leaves the vault.</summary>
public sealed class ConfluenceConnectTests : ConfluenceSiteTests
{
    [Fact]
    public async Task CreateAsync_RightToken_ActiveWithTheTokenOnlyInTheVault()
    {
        var outcome = await Bed.CreateConfluenceAccountAsync(ConfluenceTestBed.Form(Server.BaseUrl, spaces: "ENG, HR"));

        outcome.Succeeded.ShouldBeTrue(outcome.Error);
        outcome.Status.ShouldBe(InstallationStatus.Active);
        (await Bed.VaultAsync(outcome.AccountId))!.Secrets[ConfluenceForms.ApiToken].ShouldBe(FakeConfluenceApi.ApiToken);
        Server.Requests.ShouldContain("GET /wiki/rest/api/user/current");
        await using var scope = Bed.As(Bed.Acme);
        var summary = await scope.ServiceProvider.GetRequiredService<AccountQueries>().GetAccountAsync(outcome.AccountId, Ct);
        summary.Config["connection"]!["base_url"]!.GetValue<string>().ShouldBe(Server.BaseUrl);
        summary.Config["connection"]!["email"]!.GetValue<string>().ShouldBe(FakeConfluenceApi.Email);
        summary.Config["space_keys"]!.GetValue<string>().ShouldBe("ENG, HR");
        var audit = await Bed.QueryAsync(db => db.AuditEntries.Select(a => a.Action + " " + a.TargetId + " " + a.Summary).ToListAsync(Ct));
        audit.ShouldContain(a => a.StartsWith("account.connected", StringComparison.Ordinal));
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FakeConfluenceApi.Email}:{FakeConfluenceApi.ApiToken}"));
        var row = await Bed.QueryAsync(db => db.Installations.SingleAsync(i => i.Id == outcome.AccountId, Ct));
        string[] haystacks = [row.ConfigJson, summary.Config.ToJsonString(), summary.Error?.Message ?? "", .. audit, .. Bed.Logs.Lines];
        Bed.Logs.Lines.ShouldNotBeEmpty();
        haystacks.ShouldAllBe(text => !text.Contains(FakeConfluenceApi.ApiToken) && !text.Contains(basic));
    }

    [Fact]
    public async Task CreateAsync_WrongToken_PendingWithTheRefusalAndNothingVaulted()
    {
        var outcome = await Bed.CreateConfluenceAccountAsync(ConfluenceTestBed.Form(Server.BaseUrl, token: "not-the-token"));

        outcome.Succeeded.ShouldBeFalse();
        outcome.Status.ShouldBe(InstallationStatus.Pending);
        outcome.Error.ShouldStartWith("Confluence refused the email or API token");
        outcome.Error.ShouldNotContain("not-the-token");
        (await Bed.VaultAsync(outcome.AccountId)).ShouldBeNull();
        var row = await Bed.QueryAsync(db => db.Installations.SingleAsync(i => i.Id == outcome.AccountId, Ct));
        row.ErrorJson.ShouldNotBeNull().ShouldContain("\"auth\"");
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://x")]
    [InlineData("https://acme.atlassian.net/wiki?os_authType=basic")]
    [InlineData("https://acme.atlassian.net/wiki/spaces/ENG/overview")]
    public async Task CreateAsync_UnusableBaseUrl_MessageNamesBaseUrlAndNothingIsCalled(string baseUrl)
    {
        var outcome = await Bed.CreateConfluenceAccountAsync(ConfluenceTestBed.Form(baseUrl));

        outcome.Status.ShouldBe(InstallationStatus.Pending);
        outcome.Error.ShouldNotBeNull().ShouldContain("base_url");
        Server.Requests.ShouldBeEmpty();
        (await Bed.VaultAsync(outcome.AccountId)).ShouldBeNull();
    }

    [Fact]
    public async Task CreateAsync_NothingListening_SaysConfluenceCouldNotBeReached()
    {
        var outcome = await Bed.CreateConfluenceAccountAsync(ConfluenceTestBed.Form("http://127.0.0.1:1"));

        outcome.Status.ShouldBe(InstallationStatus.Pending);
        outcome.Error.ShouldNotBeNull().ShouldStartWith("Could not reach Confluence at http://127.0.0.1:1/ (base_url)");
        (await Bed.VaultAsync(outcome.AccountId)).ShouldBeNull();
    }

    [Fact]
    public async Task CreateAsync_SiteWithoutConfluence_SaysTheBaseUrlIsNotASite()
    {
        var outcome = await Bed.CreateConfluenceAccountAsync(ConfluenceTestBed.Form(Server.BaseUrl + "/wiki/"));
        outcome.Succeeded.ShouldBeTrue(outcome.Error); // "/wiki" pasted from the browser is accepted.

        await using var other = await FakeProviderServer.StartAsync();
        var missing = await Bed.CreateConfluenceAccountAsync(ConfluenceTestBed.Form(other.BaseUrl), label: "Elsewhere");

        missing.Error.ShouldNotBeNull().ShouldStartWith($"Base URL (base_url) {other.BaseUrl}/ is not a Confluence Cloud site");
    }

    [Fact]
    public async Task HealthAsync_ConnectedAccount_HealthyThenUnhealthyOnceTheTokenIsRevoked()
    {
        var outcome = await Bed.CreateConfluenceAccountAsync(ConfluenceTestBed.Form(Server.BaseUrl));
        await using var scope = Bed.As(Bed.Acme);
        var accounts = scope.ServiceProvider.GetRequiredService<AccountLifecycle>();

        var healthy = await accounts.TestConnectionAsync(outcome.AccountId, Ct);
        Server.FailNext("/wiki/rest/api/user/current", 401);
        var revoked = await accounts.TestConnectionAsync(outcome.AccountId, Ct);

        healthy.State.ShouldBe(global::Connectors.Domain.Connectors.HealthState.Healthy);
        revoked.State.ShouldBe(global::Connectors.Domain.Connectors.HealthState.Unhealthy);
        revoked.Message.ShouldStartWith("Confluence refused the email or API token");
    }
}
