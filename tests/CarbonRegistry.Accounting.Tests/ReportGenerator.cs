using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Accounting.Tests;

/// <summary>Deterministic random reports for property tests (seeded, so a failure reproduces).</summary>
internal sealed class ReportGenerator(int seed)
{
    private static readonly string[] s_fossilMass = ["raw_coal", "anthracite", "washed_coal", "coke", "diesel", "gasoline", "fuel_oil", "lpg"];
    private static readonly string[] s_fossilVolume = ["natural_gas", "coalbed_methane", "coke_oven_gas"];
    private readonly Random _random = new(seed);

    public MonthlyReport Next(int year, int month)
    {
        var fuels = new List<FuelConsumption>();
        for (var i = _random.Next(0, 5); i > 0; i--)
        {
            fuels.Add(_random.Next(3) switch
            {
                0 => new FuelConsumption(Pick(s_fossilMass), new Quantity(Amount(3), Unit.Tonne), Pick([FuelUse.Combustion, FuelUse.Feedstock])),
                1 => new FuelConsumption(Pick(s_fossilVolume), new Quantity(Amount(2), Unit.CubicMetre), Pick([FuelUse.Combustion, FuelUse.Feedstock])),
                _ => new FuelConsumption("biomass_solid", new Quantity(Amount(3), Unit.Tonne), FuelUse.Biomass),
            });
        }

        var grid = Amount(1);
        var drained = Amount(0);
        var flared = Math.Round(drained * (decimal)_random.NextDouble() / 2, 0);
        return new MonthlyReport
        {
            Year = year,
            Month = month,
            Fuels = fuels,
            GridElectricity = new Quantity(grid, Unit.KilowattHour),
            GreenCertifiedElectricity = new Quantity(Math.Round(grid * (decimal)_random.NextDouble(), 1), Unit.KilowattHour),
            OnSiteRenewableElectricity = new Quantity(Amount(1), Unit.KilowattHour),
            PurchasedHeat = new Quantity(Amount(2), Unit.Gigajoule),
            Methane = new CoalMineMethane(
                new Quantity(drained, Unit.CubicMetre),
                new Quantity(Amount(0), Unit.CubicMetre),
                new Quantity(flared, Unit.CubicMetre),
                new Quantity(Math.Round((drained - flared) * (decimal)_random.NextDouble(), 0), Unit.CubicMetre)),
            ProcessCo2 = new Quantity(Amount(3), Unit.TonneCo2),
            SinkRemovals = new Quantity(Amount(3), Unit.TonneCo2),
            CcusRemovals = new Quantity(Amount(3), Unit.TonneCo2),
            ValueAdded = new Quantity(Amount(2), Unit.TenThousandYuan),
        };
    }

    /// <summary>A positive amount up to 10^7 with the given number of decimal places.</summary>
    public decimal Amount(int decimals) => Math.Round((decimal)_random.NextDouble() * 10_000_000m, decimals);

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}
