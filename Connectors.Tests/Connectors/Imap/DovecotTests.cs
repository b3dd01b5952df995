using Connectors.Tests.Infrastructure;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>Base of the test classes that run the real IMAP connector against the class's Dovecot, on a
/// fresh test bed per test.</summary>
public abstract class DovecotTests(DovecotFixture dovecot) : IClassFixture<DovecotFixture>, IAsyncLifetime
{
    protected const string Password = "mailbox-Passw0rd";

    protected ConnectorsTestBed Bed { get; private set; } = null!;

    protected DovecotServer Server => dovecot.Server;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync() => Bed = await ImapTestBed.CreateAsync();

    /// <summary>For a test class whose bed needs its own settings or services.</summary>
    protected async ValueTask InitializeBedAsync(Task<ConnectorsTestBed> bed) => Bed = await bed;

    public ValueTask DisposeAsync() => Bed.DisposeAsync();
}
