using CarbonRegistry.Accounting.Errors;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Production;
using CarbonRegistry.Accounting.Projects;
using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Accounting.Tests;

/// <summary>
/// Main products: the catalogue's check of a report's product lines, and CO2 per unit of product
/// summed over bodies and months, worked by hand.
/// </summary>
public sealed class ProductionTests
{
    private static readonly ProductCatalog s_catalog = ProductCatalog.Load(ProjectPolicyLoader.DefaultDirectory);

    [Fact]
    public void Product_lines_are_given_in_the_base_unit_of_their_measure()
    {
        var lines = s_catalog.Check([("coke", new Quantity(2_500_000m, Unit.Kilogram)), ("coal_power_supply", new Quantity(3m, Unit.MegawattHour))]);

        Assert.Equal([new ProductQuantity("coke", 2_500m), new ProductQuantity("coal_power_supply", 3_000m)], lines);
        Assert.Equal("t", s_catalog.Find("coke")!.Unit);
        Assert.Equal("kWh", s_catalog.Find("coal_power_supply")!.Unit);
    }

    [Theory]
    [InlineData("moon_cheese", 1, "t", "UNKNOWN_PRODUCT", "products[0].code")]
    [InlineData("coke", 1, "kWh", "UNIT_NOT_VALID", "products[0].quantity.unit")]
    [InlineData("coke", 0, "t", "INVALID_QUANTITY", "products[0].quantity")]
    [InlineData("coke", -1, "t", "INVALID_QUANTITY", "products[0].quantity")]
    public void Bad_product_lines_are_refused_with_their_code_and_field(string code, int value, string unit, string error, string field)
    {
        var refused = Assert.Throws<AccountingException>(() => s_catalog.Check([(code, new Quantity(value, UnitCatalog.Parse(unit)))]));

        Assert.Equal((error, field), (refused.Code, refused.Field));
    }

    [Fact]
    public void A_product_stated_twice_in_one_report_is_refused()
    {
        var refused = Assert.Throws<AccountingException>(() => s_catalog.Check([("coke", new Quantity(1m, Unit.Tonne)), ("coke", new Quantity(2m, Unit.Tonne))]));

        Assert.Equal((AccountingErrorCode.DuplicateProduct, "products[1].code"), (refused.Code, refused.Field));
    }

    [Fact]
    public void Co2_per_unit_is_recomputed_from_sums_and_only_months_with_one_product_carry_emissions()
    {
        // Plant A, January: 400 t of coke alone, 100 tCO2e. February: 600 t of coke alone, 120 tCO2e.
        // Plant B, January: 1,000 t of coke alone, 500 tCO2e. March: 300 t of coke beside 50 t of
        // methanol, 90 tCO2e (no allocation given: neither product takes those emissions).
        // Coke: 2,300 t in all, 2,000 t attributed, 720 tCO2e → 0.36 tCO2e/t, the ratio of the sums
        // (the mean of the three monthly figures 0.25, 0.2 and 0.5 would be 0.3167).
        var months = new[]
        {
            new ProductionMonth("a", 1, [new ProductQuantity("coke", 400m)], 100m),
            new ProductionMonth("a", 2, [new ProductQuantity("coke", 600m)], 120m),
            new ProductionMonth("b", 1, [new ProductQuantity("coke", 1_000m)], 500m),
            new ProductionMonth("b", 3, [new ProductQuantity("coke", 300m), new ProductQuantity("methanol", 50m)], 90m),
        };

        var figures = ProductionFigures.Sum(months);

        var coke = figures.Single(f => f.Code == "coke");
        Assert.Equal((2_300m, 2_000m, 300m, 720m, 2), (coke.Quantity, coke.AttributedQuantity, coke.UnattributedQuantity, coke.AttributedTco2e, coke.Reporters));
        Assert.Equal(0.36m, coke.Tco2ePerUnit);
        var methanol = figures.Single(f => f.Code == "methanol");
        Assert.Equal((50m, 0m, 1), (methanol.Quantity, methanol.AttributedQuantity, methanol.Reporters));
        Assert.Null(methanol.Tco2ePerUnit);
    }

    [Fact]
    public void A_catalogue_with_a_repeated_code_or_a_product_counted_in_money_is_not_loaded()
    {
        var directory = Directory.CreateTempSubdirectory("products-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "products.json"), """{ "id": "x", "source": "s", "products": [ { "code": "coke", "name": "C", "nameZh": "焦", "sector": "coking", "measure": "Mass" }, { "code": "coke", "name": "C", "nameZh": "焦", "sector": "coking", "measure": "Mass" } ] }""");
            Assert.Contains("more than once", Assert.Throws<FactorFileException>(() => ProductCatalog.Load(directory.FullName)).Message, StringComparison.Ordinal);

            File.WriteAllText(Path.Combine(directory.FullName, "products.json"), """{ "id": "x", "source": "s", "products": [ { "code": "coke", "name": "C", "nameZh": "焦", "sector": "coking", "measure": "Money" } ] }""");
            Assert.Contains("not Money", Assert.Throws<FactorFileException>(() => ProductCatalog.Load(directory.FullName)).Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
