using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Accounting.Units;
using static CarbonRegistry.Accounting.Balances.BalanceComponent;

namespace CarbonRegistry.Accounting.Tests;

public sealed class AggregationTests
{
    [Fact]
    public void Months_add_to_a_year_and_intensity_is_recomputed_from_the_sums_not_averaged()
    {
        // January: 100 t coke, value added 1,000. February: 1,000 t coke, value added 100.
        var january = Month(1, 100m, 1_000m);
        var february = Month(2, 1_000m, 100m);

        var year = Balance.Sum("2024", [january, february]);

        // Coke 0.9714 kgce/kg: 97.14 + 971.4 = 1,068.54 tce over 1,100 × 10^4 yuan = 0.9714 tce per 10^4 yuan.
        Assert.Equal(1_068.54m, year.EnergyTce);
        Assert.Equal(1_100m, year.ValueAddedWanYuan);
        Assert.Equal(0.9714m, year.EnergyIntensity);

        // The mean of the monthly intensities (0.09714 and 9.714) would be 4.905: a different, wrong answer.
        var meanOfMonths = (january.EnergyIntensity!.Value + february.EnergyIntensity!.Value) / 2;
        Assert.NotEqual(meanOfMonths, year.EnergyIntensity);
        Assert.Equal(january[CombustionCarbonTc] + february[CombustionCarbonTc], year[CombustionCarbonTc]);
        Assert.Equal("2024", year.Period);
        Assert.Equal("CN-2024.P1", year.FactorSetId);
    }

    [Fact]
    public void A_rollup_without_value_added_for_some_part_has_no_intensity()
    {
        var withValueAdded = Month(1, 100m, 1_000m);
        var without = BalanceCalculator.Compute(
            new MonthlyReport { Year = 2024, Month = 2, Fuels = [new FuelConsumption("coke", new Quantity(5m, Unit.Tonne))] },
            Shipped.Catalog);

        var rollup = Balance.Sum("2024", [withValueAdded, without]);

        Assert.Null(without.EnergyIntensity);
        Assert.Null(rollup.ValueAddedWanYuan);
        Assert.Null(rollup.EnergyIntensity);
        Assert.Null(rollup.CarbonIntensity);
        Assert.Equal(withValueAdded.EnergyTce + without.EnergyTce, rollup.EnergyTce);
    }

    [Fact]
    public void A_rollup_across_data_years_names_every_factor_set_used()
    {
        var a = BalanceCalculator.Compute(new MonthlyReport { Year = 2022, Month = 12 }, Shipped.Catalog);
        var b = BalanceCalculator.Compute(new MonthlyReport { Year = 2023, Month = 1 }, Shipped.Catalog);

        Assert.Equal("CN-2022.1+CN-2023.1", Balance.Sum("rolling", [a, b, a]).FactorSetId);
    }

    [Fact]
    public void Renewable_deduction_of_a_rollup_is_the_growth_of_the_summed_consumption()
    {
        // Body A grew its renewable use by 20 tce, body B's fell by 15: the region grew by 5.
        var a = BalanceCalculator.Compute(Renewables(1_000_000m), Shipped.Catalog, new BalanceOptions { RenewableBaselineTce = 102.9m });
        var b = BalanceCalculator.Compute(Renewables(1_000_000m), Shipped.Catalog, new BalanceOptions { RenewableBaselineTce = 137.9m });

        var region = Balance.Sum("2023", [a, b]);

        Assert.Equal(20m, a.RenewableDeductionTce);
        Assert.Equal(0m, b.RenewableDeductionTce);
        Assert.Equal(5m, region.RenewableDeductionTce);
        Assert.Equal(region.EnergyTce - 5m, region.ControlledEnergyTce);

        static MonthlyReport Renewables(decimal kwh) =>
            new() { Year = 2023, Month = 8, OnSiteRenewableElectricity = new Quantity(kwh, Unit.KilowattHour) };
    }

    [Fact]
    public void Sum_of_nothing_is_a_zero_balance()
    {
        var empty = Balance.Sum("2025", []);

        Assert.Equal(0m, empty.EnergyTce);
        Assert.Equal(0m, empty.NetTco2e);
        Assert.Null(empty.EnergyIntensity);
        Assert.Null(empty.CarbonPerEnergy);
        Assert.Equal("", empty.FactorSetId);
    }

    private static Balance Month(int month, decimal cokeTonnes, decimal valueAdded) =>
        BalanceCalculator.Compute(
            new MonthlyReport
            {
                Year = 2024,
                Month = month,
                Fuels = [new FuelConsumption("coke", new Quantity(cokeTonnes, Unit.Tonne))],
                ValueAdded = new Quantity(valueAdded, Unit.TenThousandYuan),
            },
            Shipped.Catalog);
}
