using System.Data.Common;
using CarbonRegistry.Abstractions.Balances;

namespace CarbonRegistry.Storage.ReadModel;

/// <summary>The columns of the <c>balances</c> table and their mapping to <see cref="BalanceComponents"/>.</summary>
internal static class BalanceColumns
{
    /// <summary>The decimal component columns, in table order.</summary>
    public static readonly string[] Decimals =
    [
        "fuel_combustion_tce", "feedstock_tce", "biomass_tce", "clean_fuel_tce", "grid_electricity_tce",
        "green_certified_electricity_tce", "on_site_renewable_tce", "electricity_equal_value_tce", "heat_tce",
        "renewable_baseline_tce", "combustion_carbon_tc", "biomass_carbon_tc", "process_co2_tco2",
        "methane_released_tch4", "methane_released_tco2e", "flare_co2_tco2", "electricity_location_tco2",
        "electricity_market_tco2", "heat_tco2", "sink_removals_tco2", "ccus_removals_tco2", "value_added_wan_yuan",
    ];

    /// <summary>Every column, key first.</summary>
    public static readonly string[] All =
        ["entity_id", "year", "month", "scope", .. Decimals, "parts_without_value_added", "report_count", "factor_sets", "row_version"];

    public static readonly string SelectList = string.Join(", ", All);

    public static decimal[] Values(BalanceComponents c)
    {
        var values = new decimal[Decimals.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Value(c, i);
        }

        return values;
    }

    /// <summary>The component in decimal column <paramref name="column"/> (an index into <see cref="Decimals"/>).</summary>
    public static decimal Value(BalanceComponents c, int column) => column switch
    {
        0 => c.FuelCombustionTce,
        1 => c.FeedstockTce,
        2 => c.BiomassTce,
        3 => c.CleanFuelTce,
        4 => c.GridElectricityTce,
        5 => c.GreenCertifiedElectricityTce,
        6 => c.OnSiteRenewableTce,
        7 => c.ElectricityEqualValueTce,
        8 => c.HeatTce,
        9 => c.RenewableBaselineTce,
        10 => c.CombustionCarbonTc,
        11 => c.BiomassCarbonTc,
        12 => c.ProcessCo2Tco2,
        13 => c.MethaneReleasedTch4,
        14 => c.MethaneReleasedTco2e,
        15 => c.FlareCo2Tco2,
        16 => c.ElectricityLocationTco2,
        17 => c.ElectricityMarketTco2,
        18 => c.HeatTco2,
        19 => c.SinkRemovalsTco2,
        20 => c.CcusRemovalsTco2,
        21 => c.ValueAddedWanYuan,
        _ => throw new ArgumentOutOfRangeException(nameof(column)),
    };

    /// <summary>Reads a row selected with <see cref="SelectList"/>.</summary>
    public static BalanceRow Read(DbDataReader reader)
    {
        // On the stack: the writer reads back every row it changes, so this runs for each of them.
        Span<decimal> d = stackalloc decimal[Decimals.Length];
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = reader.GetDecimal(4 + i);
        }

        var next = 4 + d.Length;
        var components = new BalanceComponents
        {
            FuelCombustionTce = d[0],
            FeedstockTce = d[1],
            BiomassTce = d[2],
            CleanFuelTce = d[3],
            GridElectricityTce = d[4],
            GreenCertifiedElectricityTce = d[5],
            OnSiteRenewableTce = d[6],
            ElectricityEqualValueTce = d[7],
            HeatTce = d[8],
            RenewableBaselineTce = d[9],
            CombustionCarbonTc = d[10],
            BiomassCarbonTc = d[11],
            ProcessCo2Tco2 = d[12],
            MethaneReleasedTch4 = d[13],
            MethaneReleasedTco2e = d[14],
            FlareCo2Tco2 = d[15],
            ElectricityLocationTco2 = d[16],
            ElectricityMarketTco2 = d[17],
            HeatTco2 = d[18],
            SinkRemovalsTco2 = d[19],
            CcusRemovalsTco2 = d[20],
            ValueAddedWanYuan = d[21],
            PartsWithoutValueAdded = reader.GetInt32(next),
            ReportCount = reader.GetInt32(next + 1),
            FactorSetCounts = reader.GetString(next + 2),
        };
        return new BalanceRow(
            reader.GetString(0),
            reader.GetInt32(1),
            reader.GetInt16(2),
            (BalanceScope)reader.GetInt16(3),
            components,
            reader.GetInt64(next + 3));
    }
}
