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

    public static decimal[] Values(BalanceComponents c) =>
    [
        c.FuelCombustionTce, c.FeedstockTce, c.BiomassTce, c.CleanFuelTce, c.GridElectricityTce,
        c.GreenCertifiedElectricityTce, c.OnSiteRenewableTce, c.ElectricityEqualValueTce, c.HeatTce,
        c.RenewableBaselineTce, c.CombustionCarbonTc, c.BiomassCarbonTc, c.ProcessCo2Tco2,
        c.MethaneReleasedTch4, c.MethaneReleasedTco2e, c.FlareCo2Tco2, c.ElectricityLocationTco2,
        c.ElectricityMarketTco2, c.HeatTco2, c.SinkRemovalsTco2, c.CcusRemovalsTco2, c.ValueAddedWanYuan,
    ];

    /// <summary>Reads a row selected with <see cref="SelectList"/>.</summary>
    public static BalanceRow Read(DbDataReader reader)
    {
        var d = new decimal[Decimals.Length];
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
