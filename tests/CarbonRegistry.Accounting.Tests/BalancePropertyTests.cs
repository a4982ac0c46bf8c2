using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Accounting.Tests;

public sealed class BalancePropertyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Balance_of_a_sum_of_reports_equals_the_sum_of_their_balances(int seed)
    {
        var generator = new ReportGenerator(seed);
        for (var round = 0; round < 200; round++)
        {
            var a = generator.Next(2023, 5);
            var b = generator.Next(2023, 5);

            var ofSum = BalanceCalculator.Compute(Combine(a, b), Shipped.Catalog);
            var sum = Balance.Sum("2023-05", [BalanceCalculator.Compute(a, Shipped.Catalog), BalanceCalculator.Compute(b, Shipped.Catalog)]);

            // Every stored component is exact, so the two records are equal to the last digit,
            // and so is every figure derived from them.
            Assert.Equal(sum, ofSum);
            Assert.Equal(sum.GrossTco2e, ofSum.GrossTco2e);
            Assert.Equal(sum.CarbonIntensity, ofSum.CarbonIntensity);
        }
    }

    [Fact]
    public void Quantities_in_kg_and_in_t_give_the_same_balance()
    {
        var generator = new ReportGenerator(42);
        for (var round = 0; round < 100; round++)
        {
            var tonnes = generator.Amount(3);
            var inTonnes = new MonthlyReport { Year = 2022, Month = 1, Fuels = [new FuelConsumption("coke", new Quantity(tonnes, Unit.Tonne))] };
            var inKilograms = inTonnes with { Fuels = [new FuelConsumption("coke", new Quantity(tonnes * 1_000m, Unit.Kilogram))] };

            Assert.Equal(BalanceCalculator.Compute(inTonnes, Shipped.Catalog), BalanceCalculator.Compute(inKilograms, Shipped.Catalog));
        }
    }

    [Fact]
    public void Every_unit_pair_of_a_measure_gives_the_same_balance()
    {
        var small = new MonthlyReport
        {
            Year = 2024,
            Month = 7,
            Fuels = [new FuelConsumption("natural_gas", new Quantity(1_234_567m, Unit.CubicMetre))],
            GridElectricity = new Quantity(7_654_321m, Unit.KilowattHour),
            PurchasedHeat = new Quantity(98_765m, Unit.Megajoule),
        };
        var large = small with
        {
            Fuels = [new FuelConsumption("natural_gas", new Quantity(123.4567m, Unit.TenThousandCubicMetres))],
            GridElectricity = new Quantity(7_654.321m, Unit.MegawattHour),
            PurchasedHeat = new Quantity(98.765m, Unit.Gigajoule),
        };

        Assert.Equal(BalanceCalculator.Compute(small, Shipped.Catalog), BalanceCalculator.Compute(large, Shipped.Catalog));
    }

    private static MonthlyReport Combine(MonthlyReport a, MonthlyReport b) => a with
    {
        Fuels = [.. a.Fuels, .. b.Fuels],
        GridElectricity = Add(a.GridElectricity, b.GridElectricity),
        GreenCertifiedElectricity = Add(a.GreenCertifiedElectricity, b.GreenCertifiedElectricity),
        OnSiteRenewableElectricity = Add(a.OnSiteRenewableElectricity, b.OnSiteRenewableElectricity),
        PurchasedHeat = Add(a.PurchasedHeat, b.PurchasedHeat),
        Methane = new CoalMineMethane(
            Add(a.Methane!.Drained, b.Methane!.Drained)!.Value,
            Add(a.Methane.Vented, b.Methane.Vented)!.Value,
            Add(a.Methane.Flared, b.Methane.Flared)!.Value,
            Add(a.Methane.Utilised, b.Methane.Utilised)!.Value),
        ProcessCo2 = Add(a.ProcessCo2, b.ProcessCo2),
        SinkRemovals = Add(a.SinkRemovals, b.SinkRemovals),
        CcusRemovals = Add(a.CcusRemovals, b.CcusRemovals),
        ValueAdded = Add(a.ValueAdded, b.ValueAdded),
    };

    private static Quantity? Add(Quantity? a, Quantity? b)
    {
        Assert.Equal(a!.Value.Unit, b!.Value.Unit);
        return new Quantity(a.Value.Value + b.Value.Value, a.Value.Unit);
    }
}
