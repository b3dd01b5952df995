using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.E2E.Infrastructure;

/// <summary>The real app on a real Kestrel port (loopback, port chosen by the OS), on its own
/// SQLite file with known seed passwords.</summary>
public sealed class LiveApp : WebApplicationFactory<Program>
{
    public const string AdminEmail = "admin@acme.test";
    public const string AdminPassword = "Admin-Passw0rd-For-E2E";

    private readonly string _folder = Directory.CreateTempSubdirectory("connectors-e2e-").FullName;

    public LiveApp()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        BaseUrl = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public string BaseUrl { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Connectors", $"Data Source={Path.Combine(_folder, "connectors.db")}");
        builder.UseSetting("Seed:AdminPassword", AdminPassword);
        builder.UseSetting("Seed:SupportPassword", "Support-Passw0rd-For-E2E");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
