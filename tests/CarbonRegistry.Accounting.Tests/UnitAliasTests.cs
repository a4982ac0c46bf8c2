using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.Errors;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Accounting.Tests;

/// <summary>Units as statistical returns write them: each alias is exactly one unit, converted exactly.</summary>
public sealed class UnitAliasTests
{
    [Theory]
    [InlineData("万千瓦时", Unit.TenThousandKilowattHours, "10^4 kWh")]
    [InlineData("万kWh", Unit.TenThousandKilowattHours, "10^4 kWh")]
    [InlineData("度", Unit.KilowattHour, "kWh")]
    [InlineData("万立方米", Unit.TenThousandCubicMetres, "10^4 m3")]
    [InlineData("吨", Unit.Tonne, "t")]
    [InlineData("万吨", Unit.TenThousandTonnes, "10^4 t")]
    [InlineData("公斤", Unit.Kilogram, "kg")]
    [InlineData("万元", Unit.TenThousandYuan, "10^4 yuan")]
    [InlineData("千克标准煤", Unit.KilogramCoalEquivalent, "kgce")]
    [InlineData(" 吉焦 ", Unit.Gigajoule, "GJ")]
    public void An_alias_reads_as_its_unit_and_becomes_its_symbol(string alias, Unit unit, string symbol)
    {
        Assert.Equal(unit, UnitCatalog.Parse(alias));
        Assert.Equal(symbol, UnitCatalog.Canonical(alias));
        Assert.Contains(alias.Trim(), UnitCatalog.AliasesOf(unit));
    }

    [Fact]
    public void The_new_units_convert_by_powers_of_ten()
    {
        Assert.Equal(15_000m, new Quantity(1.5m, Unit.TenThousandKilowattHours).InBase());
        Assert.Equal(0.25m, new Quantity(250m, Unit.KilogramCoalEquivalent).InBase());
        Assert.Equal(30_000m, new Quantity(3m, Unit.TenThousandTonnes).InBase());
    }

    [Fact]
    public void No_alias_shadows_a_symbol_and_every_unit_has_a_symbol()
    {
        Assert.Empty(UnitCatalog.Aliases.Keys.Intersect(UnitCatalog.Symbols));
        Assert.Equal(Enum.GetValues<Unit>().Length, UnitCatalog.Symbols.Count);
        foreach (var symbol in UnitCatalog.Symbols)
        {
            Assert.Equal(symbol, UnitCatalog.Symbol(UnitCatalog.Parse(symbol)));
        }
    }

    [Fact]
    public void An_unknown_spelling_is_refused_and_left_unchanged_by_canonical()
    {
        var refused = Assert.Throws<AccountingException>(() => UnitCatalog.Parse("万度电", "gridElectricity.unit"));
        Assert.Equal(AccountingErrorCode.UnknownUnit, refused.Code);
        Assert.Equal("gridElectricity.unit", refused.Field);
        Assert.Equal("万度电", UnitCatalog.Canonical("万度电"));
    }

    [Fact]
    public void A_report_in_aliases_balances_exactly_as_the_same_report_in_symbols()
    {
        MonthlyReport Report(Unit electricity, decimal power, Unit coal, decimal tonnes) => new()
        {
            Year = 2024,
            Month = 3,
            Fuels = [new FuelConsumption("raw_coal", new Quantity(tonnes, coal))],
            GridElectricity = new Quantity(power, electricity),
            ValueAdded = new Quantity(800m, Unit.TenThousandYuan),
        };

        var options = new BalanceOptions { GridRegion = GridRegion.NorthChina };
        var inSymbols = BalanceCalculator.Compute(Report(Unit.KilowattHour, 1_234_500m, Unit.Tonne, 25_000m), Shipped.Catalog, options);
        var inAliases = BalanceCalculator.Compute(Report(UnitCatalog.Parse("万千瓦时"), 123.45m, UnitCatalog.Parse("万吨"), 2.5m), Shipped.Catalog, options);
        Assert.Equal(inSymbols, inAliases);
    }
}
