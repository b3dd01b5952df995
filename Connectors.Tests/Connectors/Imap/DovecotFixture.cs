namespace Connectors.Tests.Connectors.Imap;

/// <summary>One Dovecot per test class. When Dovecot is not installed the tests skip saying what to
/// install — or fail, when <c>CONNECTORS_REQUIRE_DOVECOT=1</c> (set by .ci/run).</summary>
public sealed class DovecotFixture : IAsyncLifetime
{
    private DovecotServer? _server;

    public DovecotServer Server
    {
        get
        {
            if (_server is not null)
            {
                return _server;
            }

            var message = $"Dovecot not found at {DovecotServer.Binary}: apt-get install -y dovecot-imapd";
            if (Environment.GetEnvironmentVariable("CONNECTORS_REQUIRE_DOVECOT") == "1")
            {
                Assert.Fail(message + " (required because CONNECTORS_REQUIRE_DOVECOT=1)");
            }

            Assert.Skip(message);
            throw new InvalidOperationException(message);
        }
    }

    public async ValueTask InitializeAsync()
    {
        if (DovecotServer.IsInstalled)
        {
            _server = await DovecotServer.StartAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
