namespace CarbonRegistry.Storage.Ledger;

/// <summary>
/// The statements that write a batch's read-model rows beside the balances, the same on both
/// engines: each <see cref="ProductionChange"/> deletes its month's rows in <c>production</c> and
/// inserts what the report now states; each <see cref="DeductionSwitch"/> replaces its year's row in
/// <c>deduction_switches</c>.
/// </summary>
internal static class ProductionRows
{
    private const string DeleteSql = "DELETE FROM production WHERE entity_id = @e AND year = @y AND month = @m";
    private const string InsertSql = "INSERT INTO production (entity_id, year, month, product_code, quantity) VALUES (@e, @y, @m, @c, @q)";
    private const string SwitchSql = "INSERT INTO deduction_switches (entity_id, year, rule_set_id) VALUES (@e, @y, @r) ON CONFLICT (entity_id, year) DO UPDATE SET rule_set_id = excluded.rule_set_id";

    /// <summary>The statements for <paramref name="commits"/>, in commit order.</summary>
    public static IEnumerable<(string Sql, (string Name, object? Value)[] Parameters)> Statements(IReadOnlyList<LedgerCommit> commits)
    {
        foreach (var commit in commits)
        {
            if (commit.DeductionSwitch is { } switched)
            {
                yield return (SwitchSql, [("e", commit.EntityId), ("y", switched.Year), ("r", switched.RuleSetId)]);
            }

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
