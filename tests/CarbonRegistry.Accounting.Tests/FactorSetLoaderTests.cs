using System.Text.Json.Nodes;
using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.Errors;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Accounting.Units;
using static CarbonRegistry.Accounting.Balances.BalanceComponent;

namespace CarbonRegistry.Accounting.Tests;

public sealed class FactorSetLoaderTests
{
    private static readonly MonthlyReport s_report = new()
    {
        Year = 2022,
        Month = 2,
        Fuels = [new FuelConsumption("raw_coal", new Quantity(100m, Unit.Tonne))],
        GridElectricity = new Quantity(1_000_000m, Unit.KilowattHour),
    };

    [Theory]
    [InlineData(2021, "CN-2021.1", 0.5568)]
    [InlineData(2022, "CN-2022.1", 0.5366)]
    [InlineData(2023, "CN-2023.1", 0.5306)]
    [InlineData(2024, "CN-2024.P1", 0.5306)]
    [InlineData(2026, "CN-2024.P1", 0.5306)]
    public void Each_data_year_uses_its_own_set(int year, string id, double nationalGrid)
    {
        var set = Shipped.Catalog.ForYear(year);

        Assert.Equal(id, set.Id);
        Assert.Equal((decimal)nationalGrid, set.GridFactor(GridRegion.National).Value);
        Assert.Equal("AR5", set.GwpSet);
        Assert.Equal(28m, set.MethaneGwp.Value);
        Assert.False(string.IsNullOrWhiteSpace(set.GridFactor(GridRegion.National).Source));
    }

    [Fact]
    public void Shipped_sets_carry_the_required_coefficients_with_sources()
    {
        var set = Shipped.Catalog.Get("CN-2022.1");

        Assert.Equal(0.7143m, set.Carrier("raw_coal").StandardCoal.Value);
        Assert.Equal(1.2143m, set.Carrier("natural_gas").StandardCoal.Value);
        Assert.Equal(0.1229m, set.ElectricityEquivalent.Value);
        Assert.Equal(0.6776m, set.GridFactor(GridRegion.NorthChina).Value);
        Assert.Equal(0.7096m, set.GridFactor(GridRegion.Shanxi).Value);
        Assert.Equal(0.5856m, set.ResidualGridFactor.Value);
        Assert.Equal(7.17m, set.MethaneDensity.Value);
        Assert.Equal(0.98m, set.FlareDestruction.Value);
        foreach (var code in new[] { "raw_coal", "washed_coal", "coke", "crude_oil", "fuel_oil", "gasoline", "kerosene", "diesel", "lpg", "natural_gas", "coalbed_methane" })
        {
            var carrier = set.Carrier(code);
            Assert.All(
                new[] { carrier.StandardCoal, carrier.NetCalorificValue, carrier.CarbonContent, carrier.Oxidation },
                value => Assert.False(string.IsNullOrWhiteSpace(value.Source)));
        }
    }

    [Fact]
    public void A_changed_factor_file_changes_the_result_with_no_code_change()
    {
        using var factors = new FactorDirectory();
        var before = BalanceCalculator.Compute(s_report, factors.Load());

        factors.Edit("CN-2022.1.json", root => root["electricity"]!["grid"]!["national"]!["value"] = 0.6m);
        factors.Edit("tables/carriers.json", root => root["carriers"]!["raw_coal"]!["standardCoal"]!["value"] = 0.8m);
        var after = BalanceCalculator.Compute(s_report, factors.Load());

        // 1,000,000 kWh × 0.5366 → × 0.6; 100 t × 0.7143 → × 0.8.
        Assert.Equal(536.6m, before.Scope2LocationTco2);
        Assert.Equal(600m, after.Scope2LocationTco2);
        Assert.Equal(71.43m, before[FuelCombustionTce]);
        Assert.Equal(80m, after[FuelCombustionTce]);
    }

    [Fact]
    public void A_correction_supersedes_its_set_for_new_calculations_and_the_old_one_stays_readable()
    {
        using var factors = new FactorDirectory();
        factors.Derive("CN-2022.1.json", "CN-2022.2.json", root =>
        {
            root["id"] = "CN-2022.2";
            root["supersedes"] = "CN-2022.1";
            root["electricity"]!["grid"]!["national"]!["value"] = 0.5400m;
        });

        var catalog = factors.Load();

        Assert.Equal("CN-2022.2", catalog.ForYear(2022).Id);
        Assert.False(catalog.IsCurrent(catalog.Get("CN-2022.1")));
        Assert.Equal(536.6m, BalanceCalculator.Compute(s_report, catalog.Get("CN-2022.1")).Scope2LocationTco2);
        Assert.Equal(540m, BalanceCalculator.Compute(s_report, catalog).Scope2LocationTco2);
    }

    [Fact]
    public void Missing_carrier_names_the_file_and_key()
    {
        using var factors = new FactorDirectory();
        var carriers = JsonNode.Parse(File.ReadAllText(Path.Combine(factors.Path, "tables/carriers.json")))!;
        carriers["carriers"]!.AsObject().Remove("diesel");
        factors.Write("tables/carriers-2023.json", carriers.ToJsonString());
        factors.Edit("CN-2023.1.json", root => root["tables"]![0] = "tables/carriers-2023.json");

        var error = factors.LoadFails();

        Assert.Equal("CN-2023.1.json", error.File);
        Assert.Equal("carriers.diesel", error.Key);
        Assert.Equal(AccountingErrorCode.FactorFileNotValid, FactorFileException.Code);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.5)]
    public void Non_positive_value_names_the_file_and_key(double value)
    {
        using var factors = new FactorDirectory();
        factors.Edit("CN-2021.1.json", root => root["heat"]!["emissionFactor"]!["value"] = value);

        var error = factors.LoadFails();

        Assert.Equal("CN-2021.1.json", error.File);
        Assert.Equal("heat.emissionFactor.value", error.Key);
    }

    [Fact]
    public void Non_positive_carrier_value_names_the_table_and_key()
    {
        using var factors = new FactorDirectory();
        factors.Edit("tables/carriers.json", root => root["carriers"]!["coke"]!["netCalorificValue"]!["value"] = 0);

        var error = factors.LoadFails();

        Assert.Equal("tables/carriers.json", error.File);
        Assert.Equal("carriers.coke.netCalorificValue.value", error.Key);
    }

    [Fact]
    public void Overlapping_years_are_refused()
    {
        using var factors = new FactorDirectory();
        factors.Edit("CN-2023.1.json", root => root["years"]!["to"] = 2024);

        var error = factors.LoadFails();

        Assert.Equal("CN-2024.P1.json", error.File);
        Assert.Equal("years", error.Key);
        Assert.Contains("CN-2023.1.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Factor_stated_in_another_unit_is_refused()
    {
        using var factors = new FactorDirectory();
        factors.Edit("CN-2022.1.json", root => root["electricity"]!["grid"]!["shanxi"]!["unit"] = "tCO2/MWh");

        var error = factors.LoadFails();

        Assert.Equal("electricity.grid.shanxi.unit", error.Key);
    }

    [Fact]
    public void Fraction_above_one_is_refused()
    {
        using var factors = new FactorDirectory();
        factors.Edit("CN-2022.1.json", root => root["methane"]!["flareDestruction"]!["value"] = 1.2m);

        Assert.Equal("methane.flareDestruction.value", factors.LoadFails().Key);
    }

    [Fact]
    public void Missing_key_and_malformed_json_are_named()
    {
        using var factors = new FactorDirectory();
        factors.Edit("CN-2021.1.json", root => root["electricity"]!.AsObject().Remove("residual"));
        Assert.Equal(("CN-2021.1.json", "electricity"), (factors.LoadFails().File, factors.LoadFails().Key));
        Assert.Contains("'residual' is missing", factors.LoadFails().Message, StringComparison.Ordinal);

        factors.Write("CN-2021.1.json", "{ \"id\": ");
        Assert.Equal("CN-2021.1.json", factors.LoadFails().File);
    }

    [Fact]
    public void File_name_must_match_the_id()
    {
        using var factors = new FactorDirectory();
        factors.Edit("CN-2021.1.json", root => root["id"] = "CN-2021.9");

        Assert.Equal("id", factors.LoadFails().Key);
    }

    [Fact]
    public void Unknown_gwp_set_is_refused()
    {
        using var factors = new FactorDirectory();
        factors.Edit("CN-2023.1.json", root => root["gwpSet"] = "AR7");

        Assert.Equal("gwpSet", factors.LoadFails().Key);
    }

    [Fact]
    public void Choosing_another_gwp_set_changes_methane_only()
    {
        using var factors = new FactorDirectory();
        var report = new MonthlyReport
        {
            Year = 2023,
            Month = 1,
            Methane = new CoalMineMethane(new Quantity(0m, Unit.CubicMetre), new Quantity(10_000m, Unit.CubicMetre), new Quantity(0m, Unit.CubicMetre), new Quantity(0m, Unit.CubicMetre)),
        };
        var ar5 = BalanceCalculator.Compute(report, factors.Load());

        factors.Edit("CN-2023.1.json", root => root["gwpSet"] = "AR6");
        var ar6 = BalanceCalculator.Compute(report, factors.Load());

        // 10,000 m3 × 0.000717 t/m3 = 7.17 t CH4: × 28 = 200.76 (AR5), × 27.9 = 200.043 (AR6).
        Assert.Equal(200.76m, ar5.Scope1Tco2e);
        Assert.Equal(200.043m, ar6.Scope1Tco2e);
    }
}
