using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Storage.Ledger;
using static CarbonRegistry.Accounting.Balances.BalanceComponent;

namespace CarbonRegistry.Storage.Tests;

/// <summary>The rollup rule without a database: which rows a batch changes, and by how much.</summary>
public sealed class RollupPlanTests
{
    private static readonly Dictionary<string, IReadOnlyList<string>> s_chains = new()
    {
        ["mine-a"] = ["mine-a", "zone-a", "city-a", "province"],
        ["zone-a"] = ["zone-a", "city-a", "province"],
        ["zone-b"] = ["zone-b", "city-b", "province"],
    };

    [Fact]
    public void A_leafs_report_changes_its_own_month_and_year_and_the_totals_of_every_ancestor()
    {
        var plan = new RollupPlan(1);

        plan.AddOwnDeltas([Report("mine-a", leaf: true, (2025, 3, Fuel(2m)))], s_chains);

        // Own month and year of the mine; total month and year of zone, city and province. The
        // mine keeps no total rows: its own rows are its total.
        var expected = new[] { ("mine-a", BalanceScope.Own), ("zone-a", BalanceScope.Total), ("city-a", BalanceScope.Total), ("province", BalanceScope.Total) }
            .SelectMany(x => new[] { new RowKey(x.Item1, 2025, 3, x.Item2), new RowKey(x.Item1, 2025, 0, x.Item2) })
            .ToHashSet();
        var ordered = plan.Ordered();
        Assert.Equal(expected, ordered.Select(pair => pair.Key).ToHashSet());
        Assert.All(ordered, pair => Assert.Equal(2m, pair.Value[FuelCombustionTce]));
        Assert.Equal(expected, plan.Touched(0).ToHashSet());
        Assert.Equal(8, plan.RowCount);
    }

    [Fact]
    public void A_body_that_contains_others_keeps_total_rows_of_its_own()
    {
        var plan = new RollupPlan(1);

        plan.AddOwnDeltas([Report("zone-a", leaf: false, (2025, 3, Fuel(5m)))], s_chains);

        var keys = plan.Ordered().Select(pair => pair.Key).ToList();
        Assert.Contains(new RowKey("zone-a", 2025, 3, BalanceScope.Own), keys);
        Assert.Contains(new RowKey("zone-a", 2025, 3, BalanceScope.Total), keys);
        Assert.Contains(new RowKey("province", 2025, 0, BalanceScope.Total), keys);
        Assert.Equal(8, keys.Count);
    }

    [Fact]
    public void Deltas_of_a_batch_on_the_same_row_add_up_and_each_commit_sees_the_rows_it_touched()
    {
        var plan = new RollupPlan(2);

        plan.AddOwnDeltas(
            [
                Report("mine-a", leaf: true, (2025, 3, Fuel(2m)), (2025, 4, Fuel(1m))),
                Report("zone-a", leaf: false, (2025, 3, Fuel(-0.5m))),
            ],
            s_chains);

        var rows = plan.Ordered().ToDictionary(pair => pair.Key, pair => pair.Value[FuelCombustionTce]);
        Assert.Equal(1.5m, rows[new RowKey("city-a", 2025, 3, BalanceScope.Total)]);
        Assert.Equal(1m, rows[new RowKey("city-a", 2025, 4, BalanceScope.Total)]);
        Assert.Equal(2.5m, rows[new RowKey("province", 2025, 0, BalanceScope.Total)]);
        Assert.Equal(-0.5m, rows[new RowKey("zone-a", 2025, 3, BalanceScope.Own)]);

        // Both commits changed the city's March total; each is told of it once.
        Assert.Single(plan.Touched(0), key => key == new RowKey("city-a", 2025, 3, BalanceScope.Total));
        Assert.Single(plan.Touched(1), key => key == new RowKey("city-a", 2025, 3, BalanceScope.Total));
        Assert.DoesNotContain(new RowKey("mine-a", 2025, 3, BalanceScope.Own), plan.Touched(1));
    }

    [Fact]
    public void Rows_are_ordered_by_entity_year_month_and_scope()
    {
        var plan = new RollupPlan(1);

        plan.AddOwnDeltas([Report("mine-a", leaf: true, (2025, 4, Fuel(1m)), (2024, 12, Fuel(1m)))], s_chains);

        var keys = plan.Ordered().Select(pair => pair.Key).ToList();
        Assert.Equal(keys.OrderBy(k => k.EntityId, StringComparer.Ordinal).ThenBy(k => k.Year).ThenBy(k => k.Month).ThenBy(k => k.Scope), keys);
    }

    [Fact]
    public void A_move_takes_the_totals_from_the_old_chain_and_adds_them_to_the_new_leaving_common_ancestors_alone()
    {
        var plan = new RollupPlan(1);
        BalanceRow[] totals =
        [
            new("zone-a", 2025, 3, BalanceScope.Total, Fuel(7m), 4),
            new("zone-a", 2025, 0, BalanceScope.Total, Fuel(9m), 5),
        ];

        // zone-a moves from city-a to city-b: both chains end in the province.
        plan.AddMove(0, s_chains["zone-a"].Skip(1).ToList(), ["city-b", "province"], totals);

        var rows = plan.Ordered().ToDictionary(pair => pair.Key, pair => pair.Value[FuelCombustionTce]);
        Assert.Equal(-7m, rows[new RowKey("city-a", 2025, 3, BalanceScope.Total)]);
        Assert.Equal(-9m, rows[new RowKey("city-a", 2025, 0, BalanceScope.Total)]);
        Assert.Equal(7m, rows[new RowKey("city-b", 2025, 3, BalanceScope.Total)]);
        Assert.Equal(9m, rows[new RowKey("city-b", 2025, 0, BalanceScope.Total)]);
        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public void Outcomes_give_each_commit_its_sequence_and_the_rows_it_touched_as_stored()
    {
        var plan = new RollupPlan(1);
        plan.AddOwnDeltas([Report("mine-a", leaf: true, (2025, 3, Fuel(2m)))], s_chains);
        var stored = plan.Ordered().ToDictionary(pair => pair.Key, pair => new BalanceRow(pair.Key.EntityId, pair.Key.Year, pair.Key.Month, pair.Key.Scope, pair.Value.Plus(Fuel(1m)), 3));

        var outcome = Assert.Single(plan.Outcomes([41], stored));

        Assert.Equal(41, outcome.Sequence);
        Assert.Equal(stored.Values.ToHashSet(), outcome.Rows.ToHashSet());
    }

    private static BalanceComponents Fuel(decimal tce) =>
        new() { Values = ComponentVector.Zero.With(FuelCombustionTce, tce), ReportCount = 1, FactorSetCounts = "CN-2024.P1=1" };

    private static LedgerCommit Report(string id, bool leaf, params (int Year, int Month, BalanceComponents Change)[] deltas) => new()
    {
        EntityId = id,
        Version = 2,
        Type = "ReportSubmitted",
        Payload = "{}",
        Actor = "test",
        RecordedAt = DateTimeOffset.UnixEpoch,
        Leaf = leaf,
        Deltas = [.. deltas.Select(d => new BalanceDelta(d.Year, d.Month, d.Change))],
    };
}
