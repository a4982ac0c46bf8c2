using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.Errors;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Accounting.Tests;

public sealed class BadInputTests
{
    private static readonly MonthlyReport s_valid = new() { Year = 2023, Month = 4 };

    [Fact]
    public void Negative_quantity_is_rejected_with_its_field()
    {
        var error = Reject(s_valid with { Fuels = [new FuelConsumption("raw_coal", new Quantity(5m, Unit.Tonne)), new FuelConsumption("diesel", new Quantity(-1m, Unit.Tonne))] });

        Assert.Equal(AccountingErrorCode.InvalidQuantity, error.Code);
        Assert.Equal("fuels[1].quantity", error.Field);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    [InlineData("1e30")]
    [InlineData("12,5")]
    [InlineData("")]
    [InlineData("79228162514264337593543950336")]
    public void Non_finite_or_unparsable_text_is_not_a_quantity(string text)
    {
        var error = Assert.Throws<AccountingException>(() => Quantity.Parse(text, "t", "fuels[0].quantity"));

        Assert.Equal(AccountingErrorCode.InvalidQuantity, error.Code);
        Assert.Equal("fuels[0].quantity", error.Field);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    [InlineData(1e300)]
    [InlineData(-0.5)]
    public void Non_finite_overflowing_or_negative_doubles_are_not_quantities(double value)
    {
        var error = Assert.Throws<AccountingException>(() => Quantity.FromDouble(value, Unit.KilowattHour));

        Assert.Equal(AccountingErrorCode.InvalidQuantity, error.Code);
    }

    [Fact]
    public void Absurdly_large_quantity_is_rejected()
    {
        var error = Reject(s_valid with { GridElectricity = new Quantity(Quantity.MaxMagnitude + 1m, Unit.KilowattHour) });

        Assert.Equal(AccountingErrorCode.InvalidQuantity, error.Code);
        Assert.Equal("gridElectricity", error.Field);
    }

    [Fact]
    public void Largest_accepted_quantities_do_not_overflow()
    {
        var max = new Quantity(Quantity.MaxMagnitude, Unit.Tonne);
        var report = s_valid with
        {
            Fuels = [.. Enumerable.Repeat(new FuelConsumption("lpg", max), 10)],
            GridElectricity = new Quantity(Quantity.MaxMagnitude, Unit.MegawattHour),
            ValueAdded = new Quantity(1m, Unit.TenThousandYuan),
        };

        var balance = BalanceCalculator.Compute(report, Shipped.Catalog);

        // 10 × 10^12 t × 1.7143 = 1.7143 × 10^13 tce of LPG, plus 10^15 kWh × 0.0001229 tce.
        Assert.Equal(17_143_000_000_000m + 122_900_000_000m, balance.EnergyTce);
        Assert.True(balance.CarbonIntensity > 0m);
    }

    [Theory]
    [InlineData("raw_coal", Unit.KilowattHour)]
    [InlineData("raw_coal", Unit.CubicMetre)]
    [InlineData("natural_gas", Unit.Tonne)]
    [InlineData("diesel", Unit.Tce)]
    public void Unit_that_does_not_fit_the_carrier_is_an_error_not_a_conversion(string carrier, Unit unit)
    {
        var error = Reject(s_valid with { Fuels = [new FuelConsumption(carrier, new Quantity(10m, unit))] });

        Assert.Equal(AccountingErrorCode.UnitNotValid, error.Code);
        Assert.Equal("fuels[0].quantity", error.Field);
    }

    [Fact]
    public void Unit_of_the_wrong_measure_for_a_field_is_rejected()
    {
        Assert.Equal(AccountingErrorCode.UnitNotValid, Reject(s_valid with { GridElectricity = new Quantity(1m, Unit.Gigajoule) }).Code);
        Assert.Equal(AccountingErrorCode.UnitNotValid, Reject(s_valid with { PurchasedHeat = new Quantity(1m, Unit.KilowattHour) }).Code);
        Assert.Equal(AccountingErrorCode.UnitNotValid, Reject(s_valid with { ProcessCo2 = new Quantity(1m, Unit.Tonne) }).Code);
        Assert.Equal(AccountingErrorCode.UnitNotValid, Reject(s_valid with { ValueAdded = new Quantity(1m, Unit.Tce) }).Code);
    }

    [Fact]
    public void Unknown_unit_symbol_is_rejected()
    {
        var error = Assert.Throws<AccountingException>(() => Quantity.Parse("3", "barrel"));

        Assert.Equal(AccountingErrorCode.UnknownUnit, error.Code);
    }

    [Fact]
    public void Unknown_carrier_is_rejected()
    {
        var error = Reject(s_valid with { Fuels = [new FuelConsumption("unobtainium", new Quantity(1m, Unit.Tonne))] });

        Assert.Equal(AccountingErrorCode.UnknownCarrier, error.Code);
        Assert.Equal("fuels[0].carrier", error.Field);
    }

    [Fact]
    public void Year_without_a_factor_set_is_rejected()
    {
        var error = Reject(s_valid with { Year = 2019 });

        Assert.Equal(AccountingErrorCode.NoFactorSetForYear, error.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(13)]
    public void Month_outside_1_to_12_is_rejected(int month)
    {
        Assert.Equal(AccountingErrorCode.InvalidPeriod, Reject(s_valid with { Month = month }).Code);
    }

    [Fact]
    public void Factor_set_of_another_data_year_is_refused()
    {
        var error = Assert.Throws<AccountingException>(() => BalanceCalculator.Compute(s_valid, Shipped.Catalog.Get("CN-2021.1")));

        Assert.Equal(AccountingErrorCode.FactorNotAvailable, error.Code);
    }

    [Fact]
    public void Grid_region_without_a_published_factor_is_refused_not_substituted()
    {
        var report = s_valid with { GridElectricity = new Quantity(1m, Unit.KilowattHour) };

        var error = Assert.Throws<AccountingException>(() => BalanceCalculator.Compute(report, Shipped.Catalog, new BalanceOptions { GridRegion = GridRegion.Shanxi }));

        Assert.Equal(AccountingErrorCode.FactorNotAvailable, error.Code);
    }

    [Fact]
    public void Green_certified_electricity_above_grid_electricity_is_rejected()
    {
        var error = Reject(s_valid with
        {
            GridElectricity = new Quantity(1_000m, Unit.KilowattHour),
            GreenCertifiedElectricity = new Quantity(2m, Unit.MegawattHour),
        });

        Assert.Equal(AccountingErrorCode.GreenExceedsGrid, error.Code);
    }

    [Fact]
    public void Flared_and_utilised_methane_above_drained_is_rejected()
    {
        var m3 = (decimal v) => new Quantity(v, Unit.CubicMetre);
        var error = Reject(s_valid with { Methane = new CoalMineMethane(m3(100m), m3(0m), m3(60m), m3(41m)) });

        Assert.Equal(AccountingErrorCode.MethaneBalanceNotValid, error.Code);
    }

    [Theory]
    [InlineData("biomass_solid", FuelUse.Combustion)]
    [InlineData("biomass_solid", FuelUse.Feedstock)]
    [InlineData("raw_coal", FuelUse.Biomass)]
    public void Biomass_and_fossil_carriers_cannot_swap_uses(string carrier, FuelUse use)
    {
        var error = Reject(s_valid with { Fuels = [new FuelConsumption(carrier, new Quantity(1m, Unit.Tonne), use)] });

        Assert.Equal(AccountingErrorCode.CarrierUseNotValid, error.Code);
        Assert.Equal("fuels[0].use", error.Field);
    }

    [Fact]
    public void Unknown_factor_set_id_is_rejected()
    {
        Assert.Equal(AccountingErrorCode.UnknownFactorSet, Assert.Throws<AccountingException>(() => Shipped.Catalog.Get("CN-1999.1")).Code);
    }

    private static AccountingException Reject(MonthlyReport report) =>
        Assert.Throws<AccountingException>(() => BalanceCalculator.Compute(report, Shipped.Catalog));
}
