using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Connectors.Domain.Data;

/// <summary>Applies the provider's migrations. For SQLite it first creates the database's folder, creates an empty
/// database from the baseline script (see <see cref="SqliteBaseline"/>), and switches the file to WAL so readers do not
/// block the writer.</summary>
public sealed class DatabaseMigrator(IDbContextFactory<ConnectorsDbContext> factory, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var db = factory.CreateDbContext();
        if (db.Database.IsSqlite())
        {
            PrepareSqliteFile(db.Database.GetConnectionString());
            if (await SqliteBaseline.ApplyToEmptyAsync(db, ct))
            {
                logger.LogInformation("Empty database created from the migrations' baseline script.");
            }
        }

        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }

        logger.LogInformation("Database migrated ({Count} migration(s) applied).", pending.Count);
    }

    private static void PrepareSqliteFile(string? connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (string.IsNullOrEmpty(dataSource) || dataSource == ":memory:")
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }
}
