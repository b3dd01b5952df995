using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Connectors.Domain.Data;

/// <summary>
/// Per-connection SQLite settings. In WAL mode <c>synchronous = NORMAL</c> cannot corrupt the database
/// (a power cut may lose only the last commits) and spares an fsync on every commit — the documented
/// recommendation for WAL, and what lets a sync write thousands of documents quickly.
/// <para>
/// <c>cache_size</c>: SQLite's default page cache (2 MiB per connection) holds the index pages and rows of the
/// read summary up to a few thousand accounts; past that every summary re-read evicted pages, so its newest-run
/// query grew faster than the accounts (13× from 1,000 to 10,000). <see cref="CacheSizeKiB"/> is an upper bound:
/// pages are allocated as they are read, so a connection that reads little costs little; at worst it is that
/// much memory per pooled connection (docs/performance.md, "Linear at 10,000").
/// </para>
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    /// <summary>The page cache of every connection, in KiB (16 MiB; SQLite's default is 2 MiB).</summary>
    public const int CacheSizeKiB = 16 * 1024;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        // A negative cache_size is in KiB, a positive one in pages.
        command.CommandText = $"PRAGMA synchronous = NORMAL; PRAGMA cache_size = -{CacheSizeKiB};";
        command.ExecuteNonQuery();
    }
}
