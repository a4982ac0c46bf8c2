using System.Collections.Frozen;
using System.Reflection;
using System.Text;

namespace CarbonRegistry.Accounting.Balances;

/// <summary>What follows from the list <see cref="BalanceComponent"/>: its order, names and carrier groups.</summary>
public static class BalanceComponentList
{
    /// <summary>Every component, in ascending value (wire id) order.</summary>
    public static IReadOnlyList<BalanceComponent> All { get; } = Enum.GetValues<BalanceComponent>();

    /// <summary>How many components there are; <see cref="ComponentVector"/> holds this many.</summary>
    public static int Count { get; } = All.Count;

    /// <summary>
    /// The energy carrier groups in the order they are served: each group that adds to the total,
    /// followed by its parts.
    /// </summary>
    public static IReadOnlyList<BalanceComponent> EnergyCarriers { get; }

    /// <summary>The carrier groups that add up to the total energy consumption (no parts).</summary>
    public static IReadOnlyList<BalanceComponent> EnergyTotalCarriers { get; }

    private static readonly FrozenDictionary<BalanceComponent, string> s_columns;
    private static readonly FrozenDictionary<BalanceComponent, string> s_fieldNames;
    private static readonly int[] s_index;

    static BalanceComponentList()
    {
        s_index = new int[All.Count == 0 ? 0 : (int)All[^1] + 1];
        Array.Fill(s_index, -1);
        for (var i = 0; i < All.Count; i++)
        {
            s_index[(int)All[i]] = i;
        }

        var carriers = All
            .Select(c => (Component: c, Carrier: typeof(BalanceComponent).GetField(c.ToString())!.GetCustomAttribute<EnergyCarrierAttribute>()))
            .Where(x => x.Carrier is not null)
            .ToList();
        EnergyTotalCarriers = [.. carriers.Where(x => !x.Carrier!.IsPart).Select(x => x.Component)];
        EnergyCarriers = [.. EnergyTotalCarriers.SelectMany(total => carriers.Where(x => x.Carrier!.IsPart && x.Carrier.PartOf == total).Select(x => x.Component).Prepend(total))];
        s_columns = All.ToFrozenDictionary(c => c, c => SnakeCase(c.ToString()));
        s_fieldNames = All.ToFrozenDictionary(c => c, c => char.ToLowerInvariant(c.ToString()[0]) + c.ToString()[1..]);
    }

    /// <summary>The position of <paramref name="component"/> in <see cref="All"/> (and in a <see cref="ComponentVector"/>).</summary>
    public static int IndexOf(BalanceComponent component) => s_index[(int)component];

    /// <summary>The read model's column of a component: its name in snake case (<c>FuelCombustionTce</c> → <c>fuel_combustion_tce</c>).</summary>
    public static string ColumnName(BalanceComponent component) => s_columns[component];

    /// <summary>The API's field name of a component: its name in camel case (<c>fuelCombustionTce</c>).</summary>
    public static string FieldName(BalanceComponent component) => s_fieldNames[component];

    /// <summary>Total energy consumption of the components, tce: the sum of the carrier groups that are not parts of another.</summary>
    public static decimal TotalEnergyTce(ComponentVector components)
    {
        var total = 0m;
        foreach (var carrier in EnergyTotalCarriers)
        {
            total += components[carrier];
        }

        return total;
    }

    private static string SnakeCase(string name)
    {
        var result = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]) && !char.IsUpper(name[i - 1]))
            {
                result.Append('_');
            }

            result.Append(char.ToLowerInvariant(name[i]));
        }

        return result.ToString();
    }
}
