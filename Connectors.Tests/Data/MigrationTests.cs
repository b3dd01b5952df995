using Connectors.Domain.Data;
using Connectors.Domain.Tenancy;
using Connectors.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Data;

/// <summary>Both migration sets match the model; SQLite migrates from nothing; the SQL Server
/// idempotent script generates (no SQL Server runs on these machines).</summary>
public sealed class MigrationTests
{
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("SqlServer")]
    public void Model_ForEachProvider_HasNoPendingChanges(string provider)
    {
        using var scope = Services(provider).CreateScope();
        using var db = scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>();

        db.Database.HasPendingModelChanges().ShouldBeFalse();
        db.Database.GetMigrations().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Migrate_EmptySqliteFile_AppliesEveryMigration()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var scope = database.Services.CreateAsyncScope();
        await using var db = scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>();

        (await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken)).ShouldBeEmpty();
        (await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken)).ShouldBe(db.Database.GetMigrations());
        var tables = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table'")
            .ToListAsync(TestContext.Current.CancellationToken);
        tables.ShouldContain("ConnectorInstallations");
        tables.ShouldContain("ConnectorCredentials");
        tables.ShouldContain("DataProtectionKeys");
        tables.ShouldContain("AspNetUsers");
        (await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync(TestContext.Current.CancellationToken)).ShouldBe(["wal"]);
    }

    [Fact]
    public void SqlServer_IdempotentScript_Generates()
    {
        using var scope = Services("SqlServer").CreateScope();
        using var db = scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>();

        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        script.ShouldStartWith("IF OBJECT_ID(N'[__EFMigrationsHistory]') IS NULL");
        // Every migration is guarded by its history row, which is what makes the script idempotent.
        System.Text.RegularExpressions.Regex.Count(script, @"IF NOT EXISTS \(\s*SELECT \* FROM \[__EFMigrationsHistory\]").ShouldBeGreaterThan(1);
        script.ShouldContain("CREATE TABLE [ConnectorInstallations]");
        script.ShouldContain("CREATE UNIQUE INDEX [IX_SyncRuns_OneActivePerAccount] ON [SyncRuns] ([InstallationId]) WHERE Status IN (''Queued'', ''Running'')");
    }

    [Fact]
    public void Provider_Unknown_StopsWithMessageNamingValidOnes()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = "Postgres" }).Build();

        var error = Should.Throw<InvalidOperationException>(() => new ServiceCollection().AddConnectorsDomain(configuration));

        error.Message.ShouldBe("Database:Provider 'Postgres' is not supported. Valid values: Sqlite, SqlServer.");
    }

    [Fact]
    public void Provider_Omitted_DefaultsToSqlite()
    {
        using var scope = Services(provider: null).CreateScope();

        scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>().ShouldBeOfType<SqliteConnectorsDbContext>();
    }

    private static ServiceProvider Services(string? provider) => DomainServices.Build(
        provider == "SqlServer" ? "Server=127.0.0.1,1;Database=connectors;User Id=sa;Password=unused;TrustServerCertificate=true" : "Data Source=:memory:",
        provider);
}
