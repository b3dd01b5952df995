using Connectors.Tests.Infrastructure;

namespace Connectors.Tests.Web;

/// <summary>One app with a signed-in client per <see cref="Who"/>, shared by a test class.</summary>
public sealed class SignedInClients : IAsyncLifetime
{
    private readonly Dictionary<Who, HttpClient> _clients = [];

    public ConnectorsAppFactory App { get; } = new();

    public HttpClient this[Who who] => _clients[who];

    public async ValueTask InitializeAsync()
    {
        await WebSession.AddRoleUsersAsync(App);
        foreach (var who in Enum.GetValues<Who>())
        {
            _clients[who] = await WebSession.StartAsync(App, who);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        await App.DisposeAsync();
    }
}
