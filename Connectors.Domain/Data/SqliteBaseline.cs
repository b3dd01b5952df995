using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Connectors.Domain.Data;

/// <summary>
/// The SQLite migrations as one SQL script (what <c>dotnet ef migrations script</c> writes: every migration's
/// statements and their history rows), run on an empty database instead of the migrations one by one. The result is
/// the same, but EF no longer builds every migration's target model to generate that SQL at start — the largest part
/// of a first start's migration time. Databases that already have tables migrate as always; after the script the
/// migrator finds nothing pending. <c>SqliteBaselineTests</c> fails when the script no longer matches the migrations
/// (regenerate it as that test says).
/// </summary>
public static class SqliteBaseline
{
    public const string ResourceName = "Connectors.Domain.Data.Migrations.Sqlite.Baseline.sql";

    /// <summary>What the migrations generate now (for the test and to regenerate the file).</summary>
    public static string Generate(ConnectorsDbContext db) =>
        Normalize(db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.NoTransactions));

    public static string Read()
    {
        using var stream = typeof(SqliteBaseline).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return Normalize(reader.ReadToEnd());
    }

    /// <summary>Runs the script when the database has no table at all, inside one immediate transaction (so of
    /// several nodes starting on one new file, one creates it and the others find tables). True when it ran.</summary>
    public static async Task<bool> ApplyToEmptyAsync(ConnectorsDbContext db, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await using var transaction = connection.BeginTransaction(IsolationLevel.Serializable, deferred: false);
            await using (var probe = connection.CreateCommand())
            {
                probe.Transaction = transaction;
                probe.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table'";
                if (Convert.ToInt64(await probe.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0)
                {
                    return false;
                }
            }

            await using (var script = connection.CreateCommand())
            {
                script.Transaction = transaction;
                script.CommandText = Read();
                await script.ExecuteNonQueryAsync(ct);
            }

            await transaction.CommitAsync(ct);
            return true;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static string Normalize(string sql) => sql.Replace("\r\n", "\n", StringComparison.Ordinal).Trim() + "\n";
}
