using Connectors.Domain.Accounts;
using Connectors.Domain.Data;
using Connectors.Domain.Installations;
using Connectors.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Connectors.Tests.Infrastructure;

/// <summary>A migrated database with the fake connectors registered, two tenants (acme with projects
/// default/acme-hr/engineering, globex with default) and shortcuts to act as a user of either.</summary>
public sealed class ConnectorsTestBed : IAsyncDisposable
{
    private ConnectorsTestBed(TestDatabase database, ManualClock clock, ConnectorCallLog calls, CapturingLoggerProvider logs, Guid acme, Guid globex)
    {
        Logs = logs;
        Database = database;
        Clock = clock;
        Calls = calls;
        Acme = acme;
        Globex = globex;
    }

    public TestDatabase Database { get; }

    public ManualClock Clock { get; }

    public ConnectorCallLog Calls { get; }

    public Guid Acme { get; }

    /// <summary>Every log line written while the test bed ran, EF Core's included.</summary>
    public CapturingLoggerProvider Logs { get; }

    public Guid Globex { get; }

    public static async Task<ConnectorsTestBed> CreateAsync(
        IDictionary<string, string?>? settings = null, Action<IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration>? configure = null,
        ManualClock? clock = null)
    {
        clock ??= new ManualClock();
        var calls = new ConnectorCallLog();
        var logs = new CapturingLoggerProvider();
        var database = await TestDatabase.CreateAsync((services, configuration) =>
        {
            services.AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
            services.AddSingleton<TimeProvider>(clock);
            services.AddSingleton(calls);
            services.AddConnector<TestMailConnector>();
            services.AddConnector<TestDriveConnector>();
            configure?.Invoke(services, configuration);
        }, settings);
        var acme = await database.AddTenantAsync("acme", "default", "acme-hr", "engineering");
        var globex = await database.AddTenantAsync("globex", "default");
        return new ConnectorsTestBed(database, clock, calls, logs, acme, globex);
    }

    public AsyncServiceScope As(Guid tenantId, TenantRole role = TenantRole.SuperAdmin, string userId = "user-1") =>
        Database.ScopeFor(tenantId, role, userId);

    /// <summary>Runs <paramref name="action"/> in a scope of Acme's super-admin.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = As(Acme);
        return await action(scope.ServiceProvider);
    }

    /// <summary>Runs <paramref name="query"/> on a context of Acme's (its tenant filter applies).</summary>
    public async Task<T> QueryAsync<T>(Func<ConnectorsDbContext, Task<T>> query)
    {
        await using var scope = As(Acme);
        await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
        return await query(db);
    }

    /// <summary>Creates a credential account in <paramref name="tenantId"/> and returns the outcome.</summary>
    public async Task<ConfigureOutcome> CreateMailAccountAsync(
        Guid tenantId, string? label, string password = "s3cret-Passw0rd", string? projectKey = null, string authMode = "basic")
    {
        await using var scope = As(tenantId);
        return await scope.ServiceProvider.GetRequiredService<ConfigureConnectorService>().CreateAsync(
            TestMailConnector.ConnectorKey, MailSubmission(label, password, projectKey, authMode), CancellationToken.None);
    }

    public static CredentialSubmission MailSubmission(string? label, string password = "s3cret-Passw0rd", string? projectKey = null, string authMode = "basic") =>
        new(label, projectKey, new Dictionary<string, object?>
        {
            ["auth_mode"] = authMode,
            ["host"] = authMode == "basic" ? "imap.acme.test" : null,
            ["username"] = "support@acme.test",
            ["password"] = authMode == "basic" ? password : null,
        });

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
