using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Accounting.Balances;
using static CarbonRegistry.Accounting.Balances.BalanceComponent;

namespace CarbonRegistry.Storage.Tests;

/// <summary>
/// Factor-set counts merge exactly as the sorted-map definition says, fast paths included (the
/// ledger writer and the grains combine them on every write; PostgreSQL's merge_counts must agree).
/// </summary>
public sealed class FactorSetCountsTests
{
    private static readonly string[] s_ids = ["CN-2024.P1", "CN-2025.P1", "SX-2025.A"];

    [Fact]
    public void Merging_counts_matches_the_sorted_map_definition_for_every_shape()
    {
        var random = new Random(20261129);
        var shapes = new List<string> { "", "CN-2024.P1=1", "CN-2024.P1=-1", "CN-2024.P1=0", "CN-2024.P1=01", "CN-2024.P1=1;", "CN-2024.P1=2;CN-2025.P1=-1" };
        for (var i = 0; i < 300; i++)
        {
            shapes.Add(BalanceComponents.FormatCounts(s_ids.Where(_ => random.Next(3) == 0).Select(id => new KeyValuePair<string, int>(id, random.Next(-3, 4)))));
        }

        foreach (var a in shapes)
        {
            foreach (var b in shapes.Take(40))
            {
                foreach (var sign in new[] { 1, -1 })
                {
                    Assert.Equal(Reference(a, b, sign), BalanceComponents.MergeCounts(a, b, sign));
                }
            }
        }
    }

    [Fact]
    public void Plus_and_minus_carry_the_counts_with_the_components()
    {
        var a = new BalanceComponents { Values = new ComponentVector.Builder { [FuelCombustionTce] = 2.5m }.ToVector(), ReportCount = 1, FactorSetCounts = "CN-2024.P1=1" };
        var b = new BalanceComponents { Values = new ComponentVector.Builder { [FuelCombustionTce] = 1.25m }.ToVector(), ReportCount = 1, FactorSetCounts = "CN-2025.P1=1" };

        var sum = a.Plus(b);

        Assert.Equal(3.75m, sum[FuelCombustionTce]);
        Assert.Equal("CN-2024.P1=1;CN-2025.P1=1", sum.FactorSetCounts);
        Assert.Equal(a, sum.Minus(b));
        Assert.True(a.Minus(a).IsZero);
    }

    private static string Reference(string a, string b, int sign)
    {
        var counts = BalanceComponents.ParseCounts(a);
        foreach (var (id, count) in BalanceComponents.ParseCounts(b))
        {
            counts[id] = counts.GetValueOrDefault(id) + (sign * count);
        }

        return BalanceComponents.FormatCounts(counts);
    }
}
