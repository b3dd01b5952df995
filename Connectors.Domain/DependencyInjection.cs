using Connectors.Domain;
using Connectors.Domain.AccessTokens;
using Connectors.Domain.Accounts;
using Connectors.Domain.Administration;
using Connectors.Domain.Auditing;
using Connectors.Domain.Checks;
using Connectors.Domain.Connectors;
using Connectors.Domain.Data;
using Connectors.Domain.Documents;
using Connectors.Domain.Installations;
using Connectors.Domain.Network;
using Connectors.Domain.Notifications;
using Connectors.Domain.OAuth;
using Connectors.Domain.Overview;
using Connectors.Domain.Projects;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Connectors.Domain.Vault;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

// Extension methods live in the DI namespace, as ASP.NET's own do.
namespace Microsoft.Extensions.DependencyInjection;

public static class DomainServiceCollectionExtensions
{
    /// <summary>Registers the model on the configured provider, tenancy, vault, forms, the connector
    /// registry and the account services. Connectors themselves are added with <c>AddConnector&lt;T&gt;()</c>.</summary>
    public static IServiceCollection AddConnectorsDomain(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddConnectorsDatabase(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<TenantContext>();
        services.AddScoped<ActorContext>();
        services.AddScoped<DatabaseMigrator>();
        services.AddOptions<ConnectorsOptions>().Bind(configuration.GetSection(ConnectorsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<ConnectorsOptions>, ConnectorsOptionsValidator>());
        services.AddScoped<AuditLog>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<ProjectRegistry>();
        services.AddScoped<ProjectOverviews>();
        services.AddAdministration();
        services.AddVault(configuration);
        services.AddScoped<OAuthStateStore>();
        // Token endpoints may be discovered (an MCP server's authorization server): the host guard applies, and no redirect
        // carries a code or a client secret elsewhere.
        services.AddHttpClient<OAuthTokenClient>(c => c.Timeout = TimeSpan.FromSeconds(30))
            .ConfigurePrimaryHttpMessageHandler(sp => Connectors.Domain.Http.GuardedHttpHandler.Create(sp.GetRequiredService<HostGuard>()));
        services.AddSingleton<TokenRefreshLocks>();
        services.AddSingleton<HostGuard>();
        services.AddSingleton<OAuthProviders>();
        services.AddScoped<AccessTokenSource>();
        services.AddScoped<TenantOAuthClients>();
        services.AddHttpClient<Connectors.Domain.Http.ProviderHttp>(c => c.Timeout = TimeSpan.FromSeconds(60))
            .ConfigurePrimaryHttpMessageHandler(sp => Connectors.Domain.Http.GuardedHttpHandler.Create(sp.GetRequiredService<HostGuard>()));
        services.AddScoped<AuthorizationCodeGrant>();
        services.AddScoped<OAuthConnectorServices>();
        services.AddScoped<DocumentStore>();
        services.AddScoped<DocumentLibrary>();
        services.AddScoped<ConnectorRegistry>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, ConnectorRegistryStartupCheck>());
        services.AddScoped<AccountStore>();
        services.AddScoped<AccountQueries>();
        services.AddScoped<AccountTable>();
        services.AddScoped<AccountBulk>();
        services.AddScoped<TenantHealth>();
        services.AddScoped<AccountLifecycle>();
        services.AddScoped<AccountEditor>();
        services.AddScoped<ProjectDeletion>();
        services.AddScoped<HeldRemovals>();
        services.AddScoped<OAuthGrants>();
        services.AddScoped<ConnectionOutcomes>();
        services.AddScoped<ConfigureConnectorService>();
        services.AddScoped<TenantCredentials>();
        services.AddScoped<AccountCredentialSwitch>();
        services.AddScoped<CredentialConsolidation>();
        services.AddScoped<TenantOAuthApps>();
        services.AddScoped<AccountSettingsService>();
        services.AddScoped<AccountPreviews>();
        services.AddMetrics();
        services.TryAddSingleton<SyncTelemetry>();
        services.TryAddSingleton<Connectors.Domain.Credentials.CredentialTelemetry>();
        services.AddHostedService(sp => sp.GetRequiredService<Connectors.Domain.Credentials.CredentialTelemetry>());
        services.TryAddSingleton<SyncProgressHub>();
        services.TryAddSingleton<ISyncDispatcher, LeaveForTickDispatcher>();
        services.AddOptions<SyncLivenessOptions>().Bind(configuration.GetSection(SyncLivenessOptions.Section))
            .Validate(o => o.IsValid, $"{SyncLivenessOptions.Section}: HeartbeatSeconds must be 1–300 and StaleAfterSeconds at least three heartbeats.")
            .ValidateOnStart();
        services.TryAddSingleton<SyncNode>();
        services.AddScoped<SyncRunner>();
        services.AddScoped<SyncRunQueue>();
        services.AddScoped<RunOutcomes>();
        services.AddScoped<SyncScheduler>();
        services.TryAddSingleton(new SyncJitter());
        services.AddScoped<SyncHistory>();
        services.AddScoped<PersonalAccessTokenService>();
        services.AddScoped<ConnectionChecks>();
        services.AddScoped<CredentialChecks>();
        services.AddScoped<NotificationSettings>();
        services.AddScoped<NotificationDispatcher>();
        services.AddScoped<DeliveryWorker>();
        services.AddScoped<Inbox>();
        services.AddSingleton<EmailSender>();
        services.AddHttpClient<WebhookSender>(c => c.Timeout = TimeSpan.FromSeconds(60))
            .ConfigurePrimaryHttpMessageHandler(sp => Connectors.Domain.Http.GuardedHttpHandler.Create(sp.GetRequiredService<HostGuard>()));
        return services;
    }

    private static void AddConnectorsDatabase(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = DatabaseSettings.ConnectionString(configuration);
        switch (DatabaseSettings.Provider(configuration))
        {
            case DatabaseProvider.SqlServer:
                services.AddProviderContext<SqlServerConnectorsDbContext>(o => o.UseSqlServer(connectionString));
                break;
            default:
                // SQLite runs on its compiled model (Connectors.Domain/Data/CompiledModels/Sqlite, found by EF Core through its assembly
                // attribute). Migrate() would otherwise build the whole model once more, the slow way, only to compare
                // it with the migrations' snapshot: that comparison is MigrationTests' job (and CompiledModelTests
                // checks the compiled model against the built one), so the first start skips it.
                services.AddProviderContext<SqliteConnectorsDbContext>(o => o.UseSqlite(connectionString).AddInterceptors(new SqlitePragmas())
                    .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)));
                break;
        }
    }

    private static void AddProviderContext<TContext>(this IServiceCollection services, Action<DbContextOptionsBuilder> configure)
        where TContext : ConnectorsDbContext
    {
        // Scoped factory: each context gets the scope's tenant and actor. It also registers TContext itself (scoped).
        services.AddDbContextFactory<TContext>(configure, ServiceLifetime.Scoped);
        services.AddScoped<ConnectorsDbContext>(sp => sp.GetRequiredService<TContext>());
        services.AddScoped<IDbContextFactory<ConnectorsDbContext>>(sp =>
            new ConnectorsDbContextFactory<TContext>(sp.GetRequiredService<IDbContextFactory<TContext>>()));
    }
}
