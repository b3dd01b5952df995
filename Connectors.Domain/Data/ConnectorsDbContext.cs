using System.Linq.Expressions;
using Connectors.Domain.AccessTokens;
using Connectors.Domain.Auditing;
using Connectors.Domain.Credentials;
using Connectors.Domain.Documents;
using Connectors.Domain.Events;
using Connectors.Domain.Installations;
using Connectors.Domain.Notifications;
using Connectors.Domain.OAuth;
using Connectors.Domain.Projects;
using Connectors.Domain.Sync;
using Connectors.Domain.Tenancy;
using Connectors.Domain.Vault;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Data;

/// <summary>
/// The one model, shared by both providers. Tenant-owned entities are filtered by
/// <see cref="TenantContext"/>, get their tenant filled on insert, and a save that touches
/// another tenant's row throws <see cref="CrossTenantWriteException"/>.
/// </summary>
/// <remarks>
/// Each provider has its own subclass and migration set. To add a migration run both:
/// <code>
/// dotnet ef migrations add Name --project Connectors.Domain --startup-project Connectors.Web --context SqliteConnectorsDbContext --output-dir Data/Migrations/Sqlite
/// dotnet ef migrations add Name --project Connectors.Domain --startup-project Connectors.Web --context SqlServerConnectorsDbContext --output-dir Data/Migrations/SqlServer -- --Database:Provider SqlServer
/// </code>
/// and regenerate SQLite's compiled model (CompiledModelTests fails until then):
/// <code>
/// dotnet ef dbcontext optimize --project Connectors.Domain --startup-project Connectors.Web --context SqliteConnectorsDbContext --output-dir Data/CompiledModels/Sqlite --namespace Connectors.Domain.Data.CompiledModels.Sqlite --nativeaot
/// </code>
/// </remarks>
public abstract class ConnectorsDbContext(DbContextOptions options, TenantContext tenant, ActorContext actor, TimeProvider clock)
    : IdentityDbContext<ConnectorsUser>(options), IDataProtectionKeyContext
{
    public DbSet<Tenant> Tenants => Set<Tenant>();
    public DbSet<TenantMembership> Memberships => Set<TenantMembership>();
    public DbSet<KbProject> Projects => Set<KbProject>();
    public DbSet<ConnectorInstallation> Installations => Set<ConnectorInstallation>();
    public DbSet<AccountTarget> AccountTargets => Set<AccountTarget>();
    public DbSet<HeldRemoval> HeldRemovals => Set<HeldRemoval>();
    public DbSet<ConnectorCredential> Credentials => Set<ConnectorCredential>();
    public DbSet<OAuthState> OAuthStates => Set<OAuthState>();
    public DbSet<SyncRun> SyncRuns => Set<SyncRun>();
    public DbSet<Document> Documents => Set<Document>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<PersonalAccessToken> AccessTokens => Set<PersonalAccessToken>();
    public DbSet<AccountEvent> AccountEvents => Set<AccountEvent>();
    public DbSet<NotificationChannel> NotificationChannels => Set<NotificationChannel>();
    public DbSet<AlertRule> AlertRules => Set<AlertRule>();
    public DbSet<NotificationDelivery> NotificationDeliveries => Set<NotificationDelivery>();
    public DbSet<DeliveryAttempt> DeliveryAttempts => Set<DeliveryAttempt>();
    public DbSet<InboxNotification> InboxNotifications => Set<InboxNotification>();
    public DbSet<VaultSecret> VaultSecrets => Set<VaultSecret>();
    public DbSet<TenantCredential> TenantCredentials => Set<TenantCredential>();
    public DbSet<TenantOAuthApp> TenantOAuthApps => Set<TenantOAuthApp>();

    /// <summary>Read by the query filters; EF evaluates it per query on the executing context.</summary>
    internal Guid? CurrentTenantId => tenant.TenantId;

    internal bool IsCrossTenantScan => tenant.IsCrossTenantScan;

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ConnectorsDbContext).Assembly);
        ApplyTenantFilters(builder);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare DateTimeOffset in SQL: every time is a UTC DateTime, read back as UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private static void ApplyTenantFilters(ModelBuilder builder)
    {
        // The compiled model (Data/CompiledModels) is generated from the design-time model, and EF Core cannot write
        // query filters out as code: `dotnet ef dbcontext optimize` builds the model without them and the compiled
        // model adds the very same filters back (SqliteConnectorsDbContextModel.Customize). Migrations do not record
        // query filters, so leaving them out of the design-time model changes no migration.
        if (EF.IsDesignTime)
        {
            return;
        }

        foreach (var entity in builder.Model.GetEntityTypes().Where(e => IsTenantOwned(e.ClrType)))
        {
            builder.Entity(entity.ClrType).HasQueryFilter(TenantFilter(entity.ClrType));
        }
    }

    internal static bool IsTenantOwned(Type clrType) => typeof(ITenantOwned).IsAssignableFrom(clrType);

    /// <summary>
    /// <c>e =&gt; context.IsCrossTenantScan || e.TenantId == context.CurrentTenantId</c>, where <c>context</c> is a
    /// typed null constant: EF Core replaces every reference to a context in a query filter with the context that runs
    /// the query (the filter's values become the <c>ef_filter__</c> parameters), so the filter needs no instance — and
    /// the one model, built once or compiled, serves every context.
    /// </summary>
    internal static LambdaExpression TenantFilter(Type clrType)
    {
        var e = Expression.Parameter(clrType, "e");
        var context = Expression.Constant(null, typeof(ConnectorsDbContext));
        var body = Expression.OrElse(
            Expression.Property(context, nameof(IsCrossTenantScan)),
            Expression.Equal(
                Expression.Convert(Expression.Property(e, nameof(ITenantOwned.TenantId)), typeof(Guid?)),
                Expression.Property(context, nameof(CurrentTenantId))));
        return Expression.Lambda(body, e);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampChanges();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampChanges();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void StampChanges()
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            if (entry.Entity is ITenantOwned owned)
            {
                GuardTenant(entry.State, owned, entry.Metadata.ClrType.Name);
            }

            if (entry.Entity is IAuditedEntity audited && entry.State != EntityState.Deleted)
            {
                if (entry.State == EntityState.Added)
                {
                    audited.CreatedAt = now;
                    audited.CreatedBy ??= actor.UserId;
                }

                audited.UpdatedAt = now;
                audited.UpdatedBy = actor.UserId;
            }

            if (entry.Entity is IConcurrencyStamped stamped && entry.State == EntityState.Modified)
            {
                stamped.ConcurrencyStamp = Guid.NewGuid();
            }
        }
    }

    private void GuardTenant(EntityState state, ITenantOwned owned, string entityName)
    {
        var current = tenant.TenantId ?? throw new InvalidOperationException(
            $"Cannot save a {entityName} without a current tenant.");
        if (state == EntityState.Added && owned.TenantId == Guid.Empty)
        {
            owned.TenantId = current;
        }
        else if (owned.TenantId != current)
        {
            throw new CrossTenantWriteException(entityName);
        }
    }
}
