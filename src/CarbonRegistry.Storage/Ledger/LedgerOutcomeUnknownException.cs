using Npgsql;

namespace CarbonRegistry.Storage.Ledger;

/// <summary>
/// The connection to PostgreSQL failed after a ledger transaction was sent, before the server
/// answered: the transaction may or may not have committed. Only the ledger can tell (the unique
/// entity version and idempotency key keep a retry from storing it twice).
/// </summary>
internal sealed class LedgerOutcomeUnknownException(Exception inner)
    : Exception("The connection to the database failed after the ledger transaction was sent; it may or may not have committed.", inner)
{
    /// <summary>
    /// Whether <paramref name="error"/>, thrown while the transaction was being sent or answered,
    /// leaves its outcome unknown: a failure of the connection (broken, timed out), or the server
    /// ending the session (a FATAL error such as <c>pg_terminate_backend</c> or a shutdown, which
    /// may come after the commit while its answer was still being sent).
    /// </summary>
    public static bool LeavesOutcomeUnknown(Exception error) => error is NpgsqlException && !IsRollback(error);

    /// <summary>Whether <paramref name="error"/> is an ERROR the server reported, after which it has rolled the transaction back.</summary>
    public static bool IsRollback(Exception error) => error is PostgresException { InvariantSeverity: not ("FATAL" or "PANIC") };
}
