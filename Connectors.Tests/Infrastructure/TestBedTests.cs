namespace Connectors.Tests.Infrastructure;

/// <summary>Base of the test classes that run against a fresh <see cref="ConnectorsTestBed"/> per test.</summary>
public abstract class TestBedTests : IAsyncLifetime
{
    protected ConnectorsTestBed Bed { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Configuration overrides for the test bed.</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    public async ValueTask InitializeAsync()
    {
        Bed = await ConnectorsTestBed.CreateAsync(Settings);
        await SeedAsync();
    }

    /// <summary>Creates what every test of the class starts from.</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    public ValueTask DisposeAsync() => Bed.DisposeAsync();
}
