using Connectors.Domain.Data;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Infrastructure;

/// <summary>A fresh SQLite file migrated with the real migrations, and the domain services over it.
/// Each test gets its own file; <see cref="DisposeAsync"/> deletes it.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _folder;

    private TestDatabase(string folder, ServiceProvider services, IConfiguration configuration)
    {
        _folder = folder;
        Services = services;
        Configuration = configuration;
    }

    public ServiceProvider Services { get; }

    public IConfiguration Configuration { get; }

    public string FilePath => Path.Combine(_folder, "connectors.db");

    public string ConnectionString => $"Data Source={FilePath}";

    public static async Task<TestDatabase> CreateAsync(
        Action<IServiceCollection, IConfiguration>? configureServices = null,
        IDictionary<string, string?>? settings = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "connectors-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Connectors"] = $"Data Source={Path.Combine(folder, "connectors.db")}",
            ["Connectors:Network:AllowPrivateHosts"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddConnectorsDomain(configuration);
        configureServices?.Invoke(services, configuration);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        var db = new TestDatabase(folder, provider, configuration);
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
        }

        return db;
    }

    /// <summary>Another node on the same database (its own services, caches and key-ring reader), as a second app server
    /// would be.</summary>
    public ServiceProvider StartNode(Action<IServiceCollection, IConfiguration>? configureServices = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Configuration);
        services.AddConnectorsDomain(Configuration);
        configureServices?.Invoke(services, Configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    /// <summary>Creates a tenant with the given projects (its default is the first one).</summary>
    public async Task<Guid> AddTenantAsync(string slug, params string[] projectKeys)
    {
        await using var scope = Services.CreateAsyncScope();
        var tenant = new Tenant { Slug = slug, Name = slug.ToUpperInvariant(), DefaultProjectKey = projectKeys.FirstOrDefault() };
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenant.Id);
        await using var context = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        context.Tenants.Add(tenant);
        foreach (var key in projectKeys)
        {
            context.Projects.Add(new KbProject { Key = key, Name = key });
        }

        await context.SaveChangesAsync();
        return tenant.Id;
    }

    /// <summary>A scope acting in <paramref name="tenantId"/> as a user with <paramref name="role"/>.</summary>
    public AsyncServiceScope ScopeFor(Guid tenantId, TenantRole role = TenantRole.SuperAdmin, string userId = "user-1")
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        scope.ServiceProvider.GetRequiredService<ActorContext>().Use(userId, role);
        return scope;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine: the temp folder is cleaned by the OS.
        }
    }
}
