using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Connectors.Tests.Sync;

/// <summary>One SQL statement the tick sent, with the parameters it was sent with.</summary>
public sealed record CapturedCommand(string Sql, IReadOnlyList<(string Name, object? Value, SqliteType Type)> Parameters)
{
    public string Verb => Sql.TrimStart().Split(' ', 2)[0].ToUpperInvariant();

    /// <summary>The due query: the SELECT over the installations table that looks for accounts without an active run.</summary>
    public bool IsDueQuery => IsOverInstallations && Sql.Contains("\"SyncRuns\"", StringComparison.Ordinal);

    /// <summary>After a batch is inserted: are its accounts still as the due query saw them.</summary>
    public bool IsStillDueCheck => IsOverInstallations && !IsDueQuery;

    private bool IsOverInstallations => Verb == "SELECT" && Sql.Contains("FROM \"ConnectorInstallations\"", StringComparison.Ordinal);
}

/// <summary>Records the statements EF sends while <see cref="Recording"/> is on.</summary>
public sealed class CommandCapture : DbCommandInterceptor
{
    private readonly ConcurrentQueue<CapturedCommand> _commands = new();

    public bool Recording { get; set; }

    public IReadOnlyList<CapturedCommand> Commands => [.. _commands];

    public void Clear() => _commands.Clear();

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Record(DbCommand command)
    {
        if (Recording)
        {
            _commands.Enqueue(new CapturedCommand(command.CommandText, [.. command.Parameters.Cast<SqliteParameter>()
                .Select(p => (p.ParameterName, p.Value, p.SqliteType))]));
        }
    }
}
