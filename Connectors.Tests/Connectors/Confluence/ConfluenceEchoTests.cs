using System.Text;
using Connectors.Domain.Installations;
using Connectors.Domain.Sync;
using Connectors.Tests.Fakes;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Tests.Connectors.Confluence;

/// <summary>A Confluence site that echoes the request — the account's API token included — in its error
/// answers: the account's stored error, the run's message and the logs keep the product's words and the
/// status only.</summary>
public sealed class ConfluenceEchoTests : IAsyncLifetime
{
    private static readonly string Basic = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{FakeConfluenceApi.Email}:{FakeConfluenceApi.ApiToken}"));

    private FakeProviderServer _server = null!;
    private ConnectorsTestBed _bed = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await FakeProviderServer.StartAsync(new FakeConfluenceApi());
        _bed = await ConfluenceTestBed.CreateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _bed.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    [InlineData(500)]
    public async Task Create_SiteEchoesTheRequestInItsError_StoredErrorHoldsNoToken(int status)
    {
        _server.EchoNext("/wiki/rest/api/user/current", status);

        var outcome = await _bed.CreateConfluenceAccountAsync(ConfluenceTestBed.Form(_server.BaseUrl));

        outcome.Status.ShouldBe(InstallationStatus.Pending);
        var row = await _bed.QueryAsync(db => db.Installations.AsNoTracking().SingleAsync(i => i.Id == outcome.AccountId, Ct));
        string[] stored = [outcome.Error.ShouldNotBeNull(), row.ErrorJson.ShouldNotBeNull(), .. _bed.Logs.Lines];
        stored.ShouldAllBe(text => !text.Contains(FakeConfluenceApi.ApiToken) && !text.Contains(Basic) && !text.Contains("Echo"));
        outcome.Error.ShouldContain(status is 401 ? "API token" : "base_url");
    }

    [Theory]
    [InlineData(400, SyncErrorCategory.Configuration)]
    [InlineData(403, SyncErrorCategory.Auth)]
    [InlineData(500, SyncErrorCategory.Transient)]
    public async Task Sync_SiteEchoesTheRequestInItsError_RunAndAccountHoldTheStatusOnly(int status, SyncErrorCategory category)
    {
        var account = (await _bed.CreateConfluenceAccountAsync(ConfluenceTestBed.Form(_server.BaseUrl))).AccountId;
        _server.EchoNext("/wiki/rest/api/content/search", status, times: 3);

        var run = await _bed.SyncAsync(account);

        (run.Status, run.ErrorCategory).ShouldBe((SyncRunStatus.Failed, (SyncErrorCategory?)category));
        run.ErrorMessage.ShouldNotBeNull().ShouldContain($"HTTP {status}");
        var row = await _bed.QueryAsync(db => db.Installations.AsNoTracking().SingleAsync(i => i.Id == account, Ct));
        string[] stored = [run.ErrorMessage, row.ErrorJson ?? "", .. _bed.Logs.Lines];
        stored.ShouldAllBe(text => !text.Contains(FakeConfluenceApi.ApiToken) && !text.Contains(Basic) && !text.Contains("Echo"));
    }
}
