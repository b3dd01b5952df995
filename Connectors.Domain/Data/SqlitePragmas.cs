using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Connectors.Domain.Data;

/// <summary>
/// Per-connection SQLite settings. In WAL mode <c>synchronous = NORMAL</c> cannot corrupt the database
/// (a power cut may lose only the last commits) and spares an fsync on every commit — the documented
/// recommendation for WAL, and what lets a sync write thousands of documents quickly.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA synchronous = NORMAL;";
        command.ExecuteNonQuery();
    }
}
