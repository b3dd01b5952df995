using Connectors.Tests.Fakes;
using Connectors.Tests.Infrastructure;

namespace Connectors.Tests.Connectors.Confluence;

/// <summary>Base of the test classes that run the Confluence connector against a fresh fake site (served over
/// loopback HTTP) and a fresh test bed per test.</summary>
public abstract class ConfluenceSiteTests : IAsyncLifetime
{
    protected FakeConfluenceApi Api { get; private set; } = null!;

    protected FakeProviderServer Server { get; private set; } = null!;

    protected ConnectorsTestBed Bed { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The fake site, with the answer size a class needs.</summary>
    protected virtual FakeConfluenceApi NewApi() => new();

    public async ValueTask InitializeAsync()
    {
        Api = NewApi();
        Server = await FakeProviderServer.StartAsync(Api);
        Bed = await ConfluenceTestBed.CreateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Bed.DisposeAsync();
        await Server.DisposeAsync();
    }
}
