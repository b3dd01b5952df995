using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Connectors.Domain.Data;

/// <summary>Recognises a unique-index violation on either provider: the database is the
/// authority for duplicates, and the services turn this into a friendly conflict.</summary>
public static class UniqueIndex
{
    private const int SqliteConstraint = 19;
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;

    public static bool IsViolation(DbUpdateException exception) => IsViolation(exception.InnerException);

    /// <summary>For commands sent outside SaveChanges (<see cref="PreparedInsert"/>): the provider's own exception.</summary>
    public static bool IsViolation(Exception? exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint
            && sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
        SqlException sql => sql.Number is 2601 or 2627,
        _ => false,
    };
}
