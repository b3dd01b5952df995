using Connectors.Domain.Data;
using Connectors.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Connectors.Tests.Data;

/// <summary>
/// An empty SQLite database is created from the baseline script (faster start) and ends up exactly as the
/// migrations would leave it; the script matches the migrations. After adding a migration, regenerate the script:
/// <c>CONNECTORS_WRITE_SQLITE_BASELINE=1 dotnet test Connectors.Tests --filter "FullyQualifiedName~SqliteBaselineTests"</c>.
/// </summary>
public sealed class SqliteBaselineTests
{
    private const string WriteVariable = "CONNECTORS_WRITE_SQLITE_BASELINE";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Script_MatchesWhatTheMigrationsGenerate()
    {
        using var services = Services("Data Source=:memory:");
        using var scope = services.CreateScope();
        var generated = SqliteBaseline.Generate(scope.ServiceProvider.GetRequiredService<ConnectorsDbContext>());
        if (Environment.GetEnvironmentVariable(WriteVariable) == "1")
        {
            File.WriteAllText(Path.Combine(RepositoryPaths.Root, "Connectors.Domain", "Data", "Migrations", "Sqlite", "Baseline.sql"), generated);
            return;
        }

        SqliteBaseline.Read().ShouldBe(generated,
            $"Data/Migrations/Sqlite/Baseline.sql is stale: run {WriteVariable}=1 dotnet test Connectors.Tests --filter \"FullyQualifiedName~SqliteBaselineTests\"");
    }

    [Fact]
    public async Task EmptyDatabase_FromTheScript_HasTheSchemaAndHistoryTheMigrationsGive()
    {
        var folder = Directory.CreateTempSubdirectory("baseline-").FullName;
        try
        {
            var fromScript = Path.Combine(folder, "script.db");
            var fromMigrations = Path.Combine(folder, "migrations.db");
            using (var services = Services($"Data Source={fromScript}"))
            {
                await using var scope = services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(Ct);
                // A second start finds tables: the script does not run again.
                await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
                (await SqliteBaseline.ApplyToEmptyAsync(db, Ct)).ShouldBeFalse();
                (await db.Database.GetPendingMigrationsAsync(Ct)).ShouldBeEmpty();
            }

            using (var services = Services($"Data Source={fromMigrations}"))
            {
                await using var scope = services.CreateAsyncScope();
                await using var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConnectorsDbContext>>().CreateDbContext();
                await db.Database.MigrateAsync(Ct);
            }

            var expected = await DescribeAsync(fromMigrations);
            (await DescribeAsync(fromScript)).ShouldBe(expected);
            expected.ShouldContain(line => line.StartsWith("table AspNetUsers", StringComparison.Ordinal));
            expected.ShouldContain(line => line.StartsWith("history ", StringComparison.Ordinal));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Every schema object with its SQL, and the migration history.</summary>
    private static async Task<List<string>> DescribeAsync(string file)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=false");
        await connection.OpenAsync(Ct);
        var lines = new List<string>();
        await using (var schema = connection.CreateCommand())
        {
            schema.CommandText = "SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name";
            await using var reader = await schema.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                lines.Add($"{reader.GetString(0)} {reader.GetString(1)} {reader.GetString(2)}");
            }
        }

        await using (var history = connection.CreateCommand())
        {
            history.CommandText = "SELECT MigrationId, ProductVersion FROM __EFMigrationsHistory ORDER BY MigrationId";
            await using var reader = await history.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                lines.Add($"history {reader.GetString(0)} {reader.GetString(1)}");
            }
        }

        return lines;
    }

    private static ServiceProvider Services(string connectionString) => DomainServices.Build(connectionString);
}
