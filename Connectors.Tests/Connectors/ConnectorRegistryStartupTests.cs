using Connectors.Domain.Connectors;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Connectors.Tests.Connectors;

/// <summary>A faulty connector stops the host from starting; a sound one lets it start.</summary>
public sealed class ConnectorRegistryStartupTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("connectors-registry-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task StartAsync_FaultyConnectorRegistered_StopsStartUpNamingIt()
    {
        using var host = Build(services => services.AddConnector<WikiConnector>().AddConnector<LeakyConnector>());

        var error = await Should.ThrowAsync<ConnectorRegistrationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        error.Message.ShouldContain("Connector 'leaky' (LeakyConnector)");
        error.Message.ShouldContain("secret fields must be Password fields");
    }

    [Fact]
    public async Task StartAsync_SoundConnectors_Starts()
    {
        using var host = Build(services => services.AddConnector<WikiConnector>());

        await host.StartAsync(TestContext.Current.CancellationToken);
        await host.StopAsync(TestContext.Current.CancellationToken);

        using var scope = host.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<ConnectorRegistry>().All.Select(c => c.Key).ShouldBe(["wiki"]);
    }

    private IHost Build(Action<IServiceCollection> connectors)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Connectors"] = $"Data Source={Path.Combine(_folder, "registry.db")}",
            ["Connectors:Vault:AllowUnprotectedKeys"] = "true", // a host without defaults is Production
        });
        builder.Services.AddConnectorsDomain(builder.Configuration);
        connectors(builder.Services);
        return builder.Build();
    }
}
