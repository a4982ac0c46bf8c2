namespace CarbonRegistry.Storage.Ledger;

/// <summary>
/// The statements that write a batch's <see cref="ProductionChange"/>s to the <c>production</c>
/// table, the same on both engines: each change deletes its month's rows and inserts what the
/// report now states.
/// </summary>
internal static class ProductionRows
{
    private const string DeleteSql = "DELETE FROM production WHERE entity_id = @e AND year = @y AND month = @m";
    private const string InsertSql = "INSERT INTO production (entity_id, year, month, product_code, quantity) VALUES (@e, @y, @m, @c, @q)";

    /// <summary>The statements for <paramref name="commits"/>, in commit order.</summary>
    public static IEnumerable<(string Sql, (string Name, object? Value)[] Parameters)> Statements(IReadOnlyList<LedgerCommit> commits)
    {
        foreach (var commit in commits)
        {
            foreach (var change in commit.Production)
            {
                yield return (DeleteSql, [("e", commit.EntityId), ("y", change.Year), ("m", (short)change.Month)]);
                foreach (var product in change.Products)
                {
                    yield return (InsertSql, [("e", commit.EntityId), ("y", change.Year), ("m", (short)change.Month), ("c", product.Code), ("q", product.Quantity)]);
                }
            }
        }
    }
}
