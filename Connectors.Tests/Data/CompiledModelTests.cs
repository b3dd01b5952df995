using System.Text;
using Connectors.Domain.Data;
using Connectors.Domain.Data.CompiledModels.Sqlite;
using Connectors.Domain.Projects;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Data;

/// <summary>
/// SQLite runs on a compiled model (Connectors.Domain/Data/CompiledModels/Sqlite, for the cold start): it must describe the same model
/// <see cref="ConnectorsDbContext.OnModelCreating"/> builds — a model change without regenerating it fails here — and
/// carry the tenant query filters the generator cannot write, so tenants stay isolated.
/// </summary>
public sealed class CompiledModelTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SqliteContext_RunsOnTheCompiledModel()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var scope = database.Services.CreateAsyncScope();
        await using var db = scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>();

        db.Model.ShouldBeSameAs(SqliteConnectorsDbContextModel.Instance);
    }

    [Fact]
    public async Task CompiledModel_DescribesTheModelBuiltAtRunTime()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var scope = database.Services.CreateAsyncScope();
        await using var db = scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>();
        // The design-time model is built by OnModelCreating every time, compiled model or not.
        var built = db.GetService<IDesignTimeModel>().Model;

        var compiled = Describe(SqliteConnectorsDbContextModel.Instance);
        var expected = Describe(built);

        compiled.ShouldBe(expected,
            "The compiled model is stale: regenerate it with `dotnet ef dbcontext optimize` (docs/performance.md, \"Cold start\").");
    }

    [Fact]
    public void CompiledModel_FiltersEveryTenantOwnedEntity()
    {
        var model = SqliteConnectorsDbContextModel.Instance;
        var owned = model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)).ToList();

        owned.Count.ShouldBeGreaterThan(5);
        owned.ShouldAllBe(e => e.GetDeclaredQueryFilters().Count == 1);
        model.GetEntityTypes().Except(owned).ShouldAllBe(e => e.GetDeclaredQueryFilters().Count == 0);
    }

    [Fact]
    public async Task CompiledModel_TenantFilter_IsolatesTenants()
    {
        await using var database = await TestDatabase.CreateAsync();
        var acme = await database.AddTenantAsync("acme", "default", "acme-hr");
        var globex = await database.AddTenantAsync("globex", "default");

        await using var scope = database.ScopeFor(globex);
        var tenant = scope.ServiceProvider.GetRequiredService<TenantContext>();
        var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>();
        await using var db = factory.CreateDbContext();
        db.Model.ShouldBeSameAs(SqliteConnectorsDbContextModel.Instance);

        (await db.Projects.Select(p => p.TenantId).ToListAsync(Ct)).ShouldBe([globex]);
        tenant.Use(acme);
        (await db.Projects.OrderBy(p => p.Key).Select(p => p.Key).ToListAsync(Ct)).ShouldBe(["acme-hr", "default"]);
        (await db.Projects.AnyAsync(p => p.TenantId == globex, Ct)).ShouldBeFalse();
        tenant.Clear();
        (await db.Projects.CountAsync(Ct)).ShouldBe(0);
        using (tenant.BeginCrossTenantScan())
        {
            (await db.Projects.CountAsync(Ct)).ShouldBe(3);
        }

        (await db.Set<KbProject>().IgnoreQueryFilters().CountAsync(Ct)).ShouldBe(3);
    }

    [Fact]
    public void SqlServerModel_BuiltAtRunTime_FiltersEachQueryByItsOwnContext()
    {
        // SQL Server has no compiled model: its filters are built at run time from the same expression, which names no
        // context instance — EF Core reads the tenant from the context that runs the query (the ef_filter__ parameters).
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:Connectors"] = "Server=127.0.0.1,1;Database=connectors;User Id=sa;Password=unused;TrustServerCertificate=true",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddConnectorsDomain(configuration);
        using var provider = services.BuildServiceProvider();

        var (acme, globex) = (Guid.NewGuid(), Guid.NewGuid());
        var acmeSql = QueryStringAs(provider, acme);
        var globexSql = QueryStringAs(provider, globex);

        acmeSql.ShouldContain("@ef_filter__CurrentTenantId");
        acmeSql.ShouldContain(acme.ToString(), Case.Insensitive);
        acmeSql.ShouldNotContain(globex.ToString(), Case.Insensitive);
        globexSql.ShouldContain(globex.ToString(), Case.Insensitive);
        globexSql.ShouldNotContain(acme.ToString(), Case.Insensitive);
    }

    private static string QueryStringAs(ServiceProvider provider, Guid tenantId)
    {
        using var scope = provider.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Use(tenantId);
        using var db = scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>();
        db.Model.ShouldNotBeOfType<SqliteConnectorsDbContextModel>();
        db.Model.FindEntityType(typeof(KbProject))!.GetDeclaredQueryFilters().ShouldHaveSingleItem();
        return db.Projects.ToQueryString();
    }

    /// <summary>What queries and the database see of a model: entity types with their properties, converters, keys,
    /// navigations and query filters, then the relational model (tables, columns with their store types, indexes with
    /// their filters, foreign keys) — what a read-optimized model keeps, so the two can be compared.</summary>
    private static string Describe(IModel model)
    {
        var text = new StringBuilder();
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            text.AppendLine($"{entity.Name} table={entity.GetTableName()} base={entity.BaseType?.Name}");
            foreach (var property in entity.GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
            {
                text.AppendLine($"  {property.Name} {property.ClrType.Name} null={property.IsNullable} max={property.GetMaxLength()}"
                    + $" converter={property.GetValueConverter()?.GetType().Name} provider={property.GetProviderClrType()?.Name}"
                    + $" generated={property.ValueGenerated} concurrency={property.IsConcurrencyToken}");
            }

            foreach (var key in entity.GetKeys())
            {
                text.AppendLine($"  key {string.Join(",", key.Properties.Select(p => p.Name))} primary={key.IsPrimaryKey()}");
            }

            foreach (var navigation in entity.GetNavigations().OrderBy(n => n.Name, StringComparer.Ordinal))
            {
                text.AppendLine($"  nav {navigation.Name} -> {navigation.TargetEntityType.Name}");
            }

            foreach (var filter in entity.GetDeclaredQueryFilters())
            {
                text.AppendLine($"  filter {filter.Key} {filter.Expression}");
            }
        }

        foreach (var table in model.GetRelationalModel().Tables.OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            text.AppendLine($"table {table.Name}");
            foreach (var column in table.Columns.OrderBy(c => c.Name, StringComparer.Ordinal))
            {
                text.AppendLine($"  {column.Name} {column.StoreType} null={column.IsNullable}");
            }

            text.AppendLine($"  pk {table.PrimaryKey?.Name} {string.Join(",", table.PrimaryKey?.Columns.Select(c => c.Name) ?? [])}");
            foreach (var index in table.Indexes.OrderBy(i => i.Name, StringComparer.Ordinal))
            {
                text.AppendLine($"  index {index.Name} {string.Join(",", index.Columns.Select(c => c.Name))} unique={index.IsUnique} filter={index.Filter}");
            }

            foreach (var constraint in table.UniqueConstraints.OrderBy(u => u.Name, StringComparer.Ordinal))
            {
                text.AppendLine($"  unique {constraint.Name} {string.Join(",", constraint.Columns.Select(c => c.Name))}");
            }

            foreach (var foreignKey in table.ForeignKeyConstraints.OrderBy(f => f.Name, StringComparer.Ordinal))
            {
                text.AppendLine($"  fk {foreignKey.Name} -> {foreignKey.PrincipalTable.Name} ({string.Join(",", foreignKey.Columns.Select(c => c.Name))}) delete={foreignKey.OnDeleteAction}");
            }
        }

        return text.ToString();
    }
}
