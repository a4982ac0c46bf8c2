using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Accounting.Tests;

/// <summary>A month's balance explained line by line adds up to the balance, each line with the factors behind it.</summary>
public sealed class BalanceExplainerTests
{
    [Fact]
    public void The_contributions_add_up_to_the_balance_to_the_last_digit_and_name_their_factors()
    {
        var report = new MonthlyReport
        {
            Year = 2023,
            Month = 5,
            Fuels =
            [
                new FuelConsumption("raw_coal", new Quantity(1_234.5m, Unit.Tonne)),
                new FuelConsumption("diesel", new Quantity(12.3m, Unit.Tonne)),
                new FuelConsumption("natural_gas", new Quantity(80m, Unit.TenThousandCubicMetres), FuelUse.Feedstock),
                new FuelConsumption("biomass_solid", new Quantity(50m, Unit.Tonne), FuelUse.Biomass),
            ],
            GridElectricity = new Quantity(3_000m, Unit.MegawattHour),
            GreenCertifiedElectricity = new Quantity(400m, Unit.MegawattHour),
            OnSiteRenewableElectricity = new Quantity(120_000m, Unit.KilowattHour),
            PurchasedHeat = new Quantity(2_500m, Unit.Gigajoule),
            Methane = new CoalMineMethane(new Quantity(1_000_000m, Unit.CubicMetre), new Quantity(500_000m, Unit.CubicMetre), new Quantity(100_000m, Unit.CubicMetre), new Quantity(300_000m, Unit.CubicMetre)),
            ProcessCo2 = new Quantity(210m, Unit.TonneCo2),
            SinkRemovals = new Quantity(15m, Unit.TonneCo2),
            ValueAdded = new Quantity(9_000m, Unit.TenThousandYuan),
        };
        var factors = Shipped.Catalog.ForYear(2023);
        var options = new BalanceOptions { GridRegion = Factors.GridRegion.NorthChina };

        var balance = BalanceCalculator.Compute(report, factors, options);
        var contributions = BalanceExplainer.Explain(report, factors, options);

        Assert.Equal(10, contributions.Count);
        Assert.Equal(balance.EnergyTce, contributions.Sum(c => c.EnergyTce));
        Assert.Equal(balance.GrossTco2e, contributions.Sum(c => c.GrossTco2e));
        Assert.Equal(balance.NetTco2e, contributions.Sum(c => c.NetTco2e));

        var coal = contributions[0];
        Assert.Equal(("fuels[0]", "raw_coal"), (coal.Field, coal.Carrier));
        var standardCoal = coal.Factors.Single(f => f.Name == "standardCoal").Value;
        Assert.Equal(1_234.5m * standardCoal.Value, coal.EnergyTce); // raw coal: t × tce/t
        Assert.False(string.IsNullOrWhiteSpace(standardCoal.Source));
        Assert.Contains(contributions.Single(c => c.Field == "gridElectricity").Factors, f => f.Name == "gridFactor" && f.Value.Source.Length > 0);
        Assert.Equal(-15m, contributions.Single(c => c.Field == "sinkRemovals").NetTco2e);
    }
}
