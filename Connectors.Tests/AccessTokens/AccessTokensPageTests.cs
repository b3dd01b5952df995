using System.Net;
using Connectors.Domain.AccessTokens;
using Connectors.Tests.Api;
using Connectors.Tests.Web;

namespace Connectors.Tests.AccessTokens;

/// <summary>The tokens page (<c>/account/manage/tokens</c>): a token is shown once, then listed without it;
/// revoking works at once; who cannot have tokens is told why.</summary>
public sealed class AccessTokensPageTests(ApiApp app) : IClassFixture<ApiApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TokensPage_Create_ShowsTheTokenOnceThenListsItWithoutIt()
    {
        using var browser = await WebSession.StartAsync(app.Factory, Who.SuperAdmin);

        var created = await TokensPage.PostAsync(browser, "create-token", new() { ["Input.Name"] = "CI export", ["Input.Expiry"] = "90" });
        var token = TokensPage.TokenIn(created);
        var list = await browser.GetStringAsync("/account/manage/tokens", Ct);

        token.ShouldStartWith("cka_");
        AccessTokenSecret.IsWellFormed(token).ShouldBeTrue();
        list.ShouldNotContain(token);
        list.ShouldNotContain("data-testid=\"token-value\"");
        list.ShouldContain("data-name=\"CI export\" data-state=\"active\"");
        using var api = app.Client(token);
        (await api.GetAsync("/api/admin/connectors", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TokensPage_Revoke_TheTokenGets401AtOnce()
    {
        using var browser = await WebSession.StartAsync(app.Factory, Who.SuperAdmin);
        var created = await TokensPage.PostAsync(browser, "create-token", new() { ["Input.Name"] = "Short lived", ["Input.Expiry"] = "7" });
        var token = TokensPage.TokenIn(created);
        using var api = app.Client(token);
        (await api.GetAsync("/api/admin/projects", Ct)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var id = TokensPage.RevokeIdIn(TokensPage.RowOf(created, "Short lived"));

        var revoked = await TokensPage.PostAsync(browser, "revoke-token", new() { ["RevokeId"] = id });

        TokensPage.RowOf(revoked, "Short lived").ShouldContain("data-state=\"revoked\"");
        await (await api.GetAsync("/api/admin/projects", Ct)).ShouldBeProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TokensPage_BlankName_SaysSoAndCreatesNothing()
    {
        using var browser = await WebSession.StartAsync(app.Factory, Who.Admin);

        var page = await TokensPage.PostAsync(browser, "create-token", new() { ["Input.Name"] = "  ", ["Input.Expiry"] = "30" });

        page.ShouldContain("data-testid=\"token-error\"");
        page.ShouldContain("Name the token");
        page.ShouldNotContain("data-testid=\"token-value\"");
    }

    [Theory]
    [InlineData(Who.SupportFullAccess, "while impersonating")]
    [InlineData(Who.Support, "not acting in any tenant")]
    [InlineData(Who.Member, "no access to it")]
    public async Task TokensPage_WhoCannotHaveTokens_SeesWhyAndNoForm(Who who, string reason)
    {
        using var browser = await WebSession.StartAsync(app.Factory, who);

        var page = await browser.GetStringAsync("/account/manage/tokens", Ct);

        page.ShouldContain("data-testid=\"token-unavailable\"");
        page.ShouldContain(reason);
        page.ShouldNotContain("data-testid=\"token-create\"");
    }
}
