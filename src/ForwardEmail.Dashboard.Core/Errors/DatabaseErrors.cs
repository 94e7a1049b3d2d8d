using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace ForwardEmail.Dashboard.Core.Errors;

/// <summary>Recognises the two database errors that concurrent writers cause and that the caller handles by re-reading.</summary>
internal static class DatabaseErrors
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteConstraint = 19;
    private const int SqlServerUniqueIndex = 2601;
    private const int SqlServerUniqueConstraint = 2627;

    /// <summary>A unique index said no: someone else inserted the same key first.</summary>
    public static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode == SqliteConstraint,
        SqlException sql => sql.Number is SqlServerUniqueIndex or SqlServerUniqueConstraint,
        _ => false,
    };

    /// <summary>SQLite's single writer lock stayed taken past the command timeout ("database is locked").</summary>
    public static bool IsBusy(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked,
        DbUpdateException { InnerException: SqliteException sqlite } => sqlite.SqliteErrorCode is SqliteBusy or SqliteLocked,
        _ => false,
    };
}
