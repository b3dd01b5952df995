using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Infrastructure;

/// <summary>The real web app in-process, on its own SQLite file with known seed passwords.</summary>
public sealed class ConnectorsAppFactory : WebApplicationFactory<Program>
{
    public const string AdminPassword = "Admin-Passw0rd-For-Tests";
    public const string SupportPassword = "Support-Passw0rd-For-Tests";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "connectors-tests", Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string?> _settings;

    private readonly TimeProvider? _clock;
    private readonly Action<IServiceCollection>? _services;
    private readonly Action<IServiceCollection, IConfiguration>? _configure;

    /// <param name="services">Replacements and extra registrations applied after the app's own.</param>
    /// <param name="configure">Registrations that need the app's configuration — a connector's
    /// <c>Add…Connector(services, configuration)</c>, so its options bind to the settings given here.</param>
    public ConnectorsAppFactory(
        IDictionary<string, string?>? settings = null,
        TimeProvider? clock = null,
        Action<IServiceCollection>? services = null,
        Action<IServiceCollection, IConfiguration>? configure = null)
    {
        _configure = configure;
        _clock = clock;
        _services = services;
        Directory.CreateDirectory(_folder);
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Connectors"] = $"Data Source={DatabasePath}",
            ["Seed:AdminPassword"] = AdminPassword,
            ["Seed:SupportPassword"] = SupportPassword,
            ["Connectors:Network:AllowPrivateHosts"] = "true",
            // The scheduler runs (Sync now dispatches to it), but its tick only when a test drives it
            // (SyncTickJob.TickAsync) or sets its own cron: nothing syncs behind a test's back.
            ["Connectors:Sync:TickCron"] = RareTickCron,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    /// <summary>Once a year (03:00 on 1 January): the cron of apps whose tick the test drives.</summary>
    public const string RareTickCron = "0 0 3 1 1 ?";

    public string DatabasePath => Path.Combine(_folder, "connectors.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_clock is { } clock)
        {
            builder.ConfigureTestServices(s => s.AddSingleton(clock));
        }

        if (_configure is { } configure)
        {
            builder.ConfigureServices((context, s) => configure(s, context.Configuration));
        }

        if (_services is { } services)
        {
            builder.ConfigureTestServices(services);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean when a handle is still closing.
        }
    }
}
