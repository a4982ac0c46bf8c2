using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Benchmarks;

/// <summary>Representative monthly reports: a coal mine, a chemical park, a manufacturer.</summary>
internal static class SampleReports
{
    public static MonthlyReport Mine(int year, int month, decimal scale) => new()
    {
        Year = year,
        Month = month,
        Fuels =
        [
            new FuelConsumption("raw_coal", new Quantity(1_200m * scale, Unit.Tonne)),
            new FuelConsumption("diesel", new Quantity(85_000m * scale, Unit.Kilogram)),
        ],
        GridElectricity = new Quantity(4_500m * scale, Unit.MegawattHour),
        Methane = new CoalMineMethane(
            new Quantity(2_000_000m * scale, Unit.CubicMetre),
            new Quantity(3_500_000m * scale, Unit.CubicMetre),
            new Quantity(300_000m * scale, Unit.CubicMetre),
            new Quantity(1_200_000m * scale, Unit.CubicMetre)),
        ValueAdded = new Quantity(12_000m * scale, Unit.TenThousandYuan),
    };

    public static MonthlyReport Park(int year, int month, decimal scale) => new()
    {
        Year = year,
        Month = month,
        Fuels =
        [
            new FuelConsumption("natural_gas", new Quantity(200m * scale, Unit.TenThousandCubicMetres)),
            new FuelConsumption("natural_gas", new Quantity(3_000_000m * scale, Unit.CubicMetre), FuelUse.Feedstock),
        ],
        GridElectricity = new Quantity(20_000m * scale, Unit.MegawattHour),
        GreenCertifiedElectricity = new Quantity(8_000m * scale, Unit.MegawattHour),
        ValueAdded = new Quantity(50_000m * scale, Unit.TenThousandYuan),
    };

    public static MonthlyReport Enterprise(int year, int month, decimal scale) => new()
    {
        Year = year,
        Month = month,
        Fuels =
        [
            new FuelConsumption("bituminous_coal", new Quantity(500m * scale, Unit.Tonne)),
            new FuelConsumption("biomass_solid", new Quantity(2_000m * scale, Unit.Tonne), FuelUse.Biomass),
        ],
        GridElectricity = new Quantity(1_000_000m * scale, Unit.KilowattHour),
        OnSiteRenewableElectricity = new Quantity(200_000m * scale, Unit.KilowattHour),
        PurchasedHeat = new Quantity(30_000m * scale, Unit.Gigajoule),
        ProcessCo2 = new Quantity(120m * scale, Unit.TonneCo2),
        ValueAdded = new Quantity(8_000m * scale, Unit.TenThousandYuan),
    };

    /// <summary>A mix of the three kinds with varied sizes, all in one data year.</summary>
    public static MonthlyReport[] Mix(int count, int year = 2023)
    {
        var reports = new MonthlyReport[count];
        for (var i = 0; i < count; i++)
        {
            var scale = 0.5m + (i % 97) / 50m;
            var month = (i % 12) + 1;
            reports[i] = (i % 3) switch
            {
                0 => Mine(year, month, scale),
                1 => Park(year, month, scale),
                _ => Enterprise(year, month, scale),
            };
        }

        return reports;
    }

    /// <summary>
    /// The baseline: read every quantity of the report and add it up as decimals, with no factor
    /// lookups, validation or balance. Computing a balance cannot be cheaper than reading its input.
    /// </summary>
    public static decimal SumOfQuantities(MonthlyReport report)
    {
        var sum = 0m;
        foreach (var fuel in report.Fuels)
        {
            sum += fuel.Quantity.Value;
        }

        sum += (report.GridElectricity?.Value ?? 0m) + (report.GreenCertifiedElectricity?.Value ?? 0m)
            + (report.OnSiteRenewableElectricity?.Value ?? 0m) + (report.PurchasedHeat?.Value ?? 0m)
            + (report.ProcessCo2?.Value ?? 0m) + (report.ValueAdded?.Value ?? 0m);
        if (report.Methane is { } m)
        {
            sum += m.Drained.Value + m.Vented.Value + m.Flared.Value + m.Utilised.Value;
        }

        return sum;
    }
}
