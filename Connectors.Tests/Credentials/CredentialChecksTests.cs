using Connectors.Domain.Accounts;
using Connectors.Domain.Checks;
using Connectors.Domain.Connectors.Confluence;
using Connectors.Tests.Connectors.Confluence;
using Connectors.Tests.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Credentials;

/// <summary>
/// The scheduled checks of tenant credentials themselves (with the connection checks' sweep): a credential is signed in
/// with again once its last test is older than the checks' cadence — used by accounts or not — and the outcome lands on
/// the credential as the Test button's would; two sweeps at once (two nodes) test it once; a refusal is logged without
/// the token, and nothing is audited (no one acted).
/// </summary>
public sealed class CredentialChecksTests : ConfluenceSiteTests
{
    private const string RotatedAtTheSite = "ATATT3xFfGF0-rotated-at-the-site-5d1e";

    [Fact]
    public async Task Sweep_TestsACredentialOnlyOnceItsLastTestIsOlderThanTheCadence_AndRecordsTheOutcome()
    {
        var credential = await CreateCredentialAsync();
        Bed.Clock.Advance(TimeSpan.FromMinutes(359));
        (await SweepAsync()).ShouldBe(0);

        Api.AcceptedToken = RotatedAtTheSite; // The token was revoked at Atlassian: the stored one is refused now.
        Bed.Clock.Advance(TimeSpan.FromMinutes(2));
        (await SweepAsync()).ShouldBe(1);

        var failed = await ViewAsync(credential);
        (failed.TestStatus, failed.TestedAt).ShouldBe(("failed", Bed.Clock.GetUtcNow().UtcDateTime));
        failed.TestMessage.ShouldNotBeNull().ShouldContain("api_token");
        Bed.Logs.Lines.ShouldContain(l => l.Contains("scheduled check of the confluence tenant credential", StringComparison.Ordinal));
        Bed.Logs.Lines.ShouldAllBe(l => !l.Contains(FakeConfluenceApi.ApiToken, StringComparison.Ordinal));
        (await SweepAsync()).ShouldBe(0);

        Api.AcceptedToken = FakeConfluenceApi.ApiToken;
        Bed.Clock.Advance(TimeSpan.FromMinutes(361));
        (await SweepAsync()).ShouldBe(1);
        var passed = await ViewAsync(credential);
        (passed.TestStatus, passed.TestMessage).ShouldBe(("passed", null));
        (await Bed.QueryAsync(db => db.AuditEntries.CountAsync(a => a.Action == "credential.tested", Ct))).ShouldBe(0);
    }

    [Fact]
    public async Task TwoSweepsAtOnce_TestADueCredentialOnce()
    {
        await CreateCredentialAsync();
        Bed.Clock.Advance(TimeSpan.FromMinutes(361));
        var calls = Server.Requests.Count;

        var swept = await Task.WhenAll(SweepAsync(), SweepAsync());

        swept.Sum().ShouldBe(1);
        (Server.Requests.Count - calls).ShouldBe(1);
    }

    private async Task<Guid> CreateCredentialAsync() =>
        (await Bed.InScopeAsync(sp => sp.GetRequiredService<TenantCredentials>().CreateAsync(ConfluenceConnector.ConnectorKey, "Atlassian bot", new Dictionary<string, object?>
        {
            [ConfluenceForms.BaseUrl] = Server.BaseUrl,
            [ConfluenceForms.Email] = FakeConfluenceApi.Email,
            [ConfluenceForms.ApiToken] = FakeConfluenceApi.ApiToken,
        }, Ct))).Id;

    private Task<TenantCredentialView> ViewAsync(Guid id) => Bed.InScopeAsync(sp => sp.GetRequiredService<TenantCredentials>().GetAsync(id, Ct));

    private async Task<int> SweepAsync()
    {
        await using var scope = Bed.Database.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CredentialChecks>().SweepAsync(Ct);
    }
}
