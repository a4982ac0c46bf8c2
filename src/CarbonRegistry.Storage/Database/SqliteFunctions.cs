using System.Globalization;
using CarbonRegistry.Abstractions.Balances;
using Microsoft.Data.Sqlite;

namespace CarbonRegistry.Storage.Database;

/// <summary>
/// SQLite has no decimal type: balances are stored as invariant decimal text, and these functions,
/// registered on each connection, do in .NET what PostgreSQL does natively (migration V002), so the
/// ledger writer's SQL is the same on both engines.
/// </summary>
internal static class SqliteFunctions
{
    public static void Register(SqliteConnection connection)
    {
        connection.CreateFunction<string, string, string>("dec_add", (a, b) => (Parse(a) + Parse(b)).ToString(CultureInfo.InvariantCulture), isDeterministic: true);
        connection.CreateFunction<string, string, string>("merge_counts", (a, b) => BalanceComponents.MergeCounts(a, b, 1), isDeterministic: true);
    }

    private static decimal Parse(string text) => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);
}
