using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.DualControl;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Projects;
using static CarbonRegistry.Accounting.Balances.BalanceComponent;

namespace CarbonRegistry.Accounting.Tests;

/// <summary>
/// The deduction rule sets of schema/policy/deductions.json worked by hand: the 2022 and 2024 rules
/// on the same data, feedstock deducted in the base year and the target year, and rule files the
/// loader refuses.
/// </summary>
public sealed class DeductionRuleTests
{
    private static readonly DeductionRules s_rules = DeductionRules.Load(ProjectPolicyLoader.DefaultDirectory);

    // 1,000 tce: 100 of green-certified grid power (the previous year: 40, so 60 of growth), 50 of
    // biomass (a clean fuel), 200 of feedstock; 100 × 10^4 yuan of value added.
    private static readonly Balance s_year = (Balance.Zero("2023") with { ValueAddedWanYuan = 100m })
        .With(FuelCombustionTce, 650m).With(CleanFuelTce, 50m).With(FeedstockTce, 200m)
        .With(GridElectricityTce, 150m).With(GreenCertifiedElectricityTce, 100m).With(RenewableBaselineTce, 40m);

    [Fact]
    public void The_2022_and_2024_rules_give_different_controlled_energy_for_the_same_data()
    {
        Assert.Equal(1_000m, s_year.EnergyTce);

        // 2022 (1258号): the renewable increment (60) from the total only, feedstock (200) from both.
        // Total 1,000 − 60 − 200 = 740; intensity (1,000 − 200) / 100 = 8.
        var rule2022 = s_year with { Deductions = s_rules.ForYear(2023) };
        Assert.Equal("NDRC-2022-1258", rule2022.Deductions.Id);
        Assert.Equal((740m, 800m, 8m), (rule2022.ControlledEnergyTce, rule2022.IntensityEnergyTce, rule2022.EnergyIntensity));

        // 2024: all non-fossil energy (100 + 50) and feedstock from both: 1,000 − 150 − 200 = 650; 6.5.
        var rule2024 = s_year with { Deductions = s_rules.ForYear(2024) };
        Assert.Equal("NDRC-NBS-NEA-2024", rule2024.Deductions.Id);
        Assert.Equal((650m, 650m, 6.5m), (rule2024.ControlledEnergyTce, rule2024.IntensityEnergyTce, rule2024.EnergyIntensity));

        // Before the 14th plan no rule covers the year: nothing is deducted.
        var before = s_year with { Deductions = s_rules.ForYear(2020) };
        Assert.Equal(("none", 1_000m, 10m), (before.Deductions.Id, before.ControlledEnergyTce, before.EnergyIntensity));
    }

    [Theory]
    [InlineData(2023)]
    [InlineData(2025)]
    public void Energy_of_major_national_projects_accounted_apart_leaves_the_total_only(int year)
    {
        // 120 tce confirmed for the region's projects. 2023 (2022 rule): 740 − 120 = 620, intensity
        // still 8. 2025 (2024 rule): 650 − 120 = 530, intensity still 6.5.
        var balance = s_year with { Deductions = s_rules.ForYear(year), SeparateEnergyTce = 120m };

        Assert.Contains(balance.Deductions.Deductions, d => d is { Code: "national_major_projects", AppliesTo: DeductionScope.Total });
        Assert.Equal(year == 2023 ? (620m, 8m) : (530m, 6.5m), (balance.ControlledEnergyTce, balance.EnergyIntensity));
        Assert.Equal(0m, (s_year with { Deductions = s_rules.ForYear(year) }).SeparateEnergyTce);
    }

    [Fact]
    public void A_recorded_switch_replaces_the_rule_set_covering_its_year_only()
    {
        var switched = s_rules.WithPins(new Dictionary<int, string> { [2023] = "NDRC-NBS-NEA-2024", [2019] = "NDRC-2022-1258" });

        Assert.Equal(["NDRC-NBS-NEA-2024", "NDRC-2022-1258", "NDRC-2022-1258", "NDRC-NBS-NEA-2024"], new[] { 2023, 2019, 2022, 2024 }.Select(y => switched.ForYear(y).Id));
        Assert.Equal("NDRC-2022-1258", s_rules.ForYear(2023).Id);
        Assert.Equal((650m, 6.5m), ((s_year with { Deductions = switched.ForYear(2023) }).ControlledEnergyTce, (s_year with { Deductions = switched.ForYear(2023) }).EnergyIntensity));
        Assert.Equal(("none", null), (switched.ById("none")?.Id, switched.ById("NO-SUCH-RULE")));
        Assert.Same(s_rules, s_rules.WithPins(new Dictionary<int, string>()));
    }

    [Fact]
    public void Feedstock_is_deducted_in_the_base_year_and_the_target_year()
    {
        // Base year: 1,000 tce with 300 of feedstock for 100; target year: 1,100 tce with 400 of
        // feedstock for 120. Deducted in both: 700 / 100 = 7 and 700 / 120 = 5.8333…, a reduction
        // of 1 − 100 / 120 = 16.67%. Counted in the base year only as energy (10), the reduction
        // would look like 41.7%: the rule forbids that.
        var baseYear = Balance.Zero("2020").With(FuelCombustionTce, 700m).With(FeedstockTce, 300m) with { ValueAddedWanYuan = 100m };
        var target = Balance.Zero("2025").With(FuelCombustionTce, 700m).With(FeedstockTce, 400m) with { ValueAddedWanYuan = 120m };

        var reduction = s_rules.ForYear(2025).IntensityReduction(baseYear, target);

        Assert.Equal(1m - (700m / 120m / 7m), reduction);
        Assert.Equal(0.1667m, Math.Round(reduction!.Value, 4));
    }

    [Theory]
    [InlineData("\"toYear\": 2023,", "\"toYear\": 2024,", "overlap")]
    [InlineData("\"code\": \"feedstock\", \"appliesTo\": \"Both\", \"status\": \"verified\", \"source\": \"NDRC and NBS, 2022-11\"", "\"code\": \"renewable_increment\", \"appliesTo\": \"Both\", \"status\": \"verified\", \"source\": \"x\"", "deducted twice")]
    [InlineData("\"code\": \"non_fossil\"", "\"code\": \"nuclear\"", "not a deduction")]
    [InlineData("\"id\": \"NDRC-NBS-NEA-2024\"", "\"id\": \"NDRC-2022-1258\"", "repeated")]
    [InlineData("\"id\": \"NDRC-2022-1258\"", "\"id\": \"none\"", "reserved")]
    public void A_rule_file_with_overlapping_years_or_energy_deducted_twice_is_not_loaded(string from, string to, string message)
    {
        var directory = Directory.CreateTempSubdirectory("deductions-");
        try
        {
            var text = File.ReadAllText(Path.Combine(ProjectPolicyLoader.DefaultDirectory, "deductions.json"));
            Assert.Contains(from, text, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(directory.FullName, "deductions.json"), text.Replace(from, to, StringComparison.Ordinal));

            Assert.Contains(message, Assert.Throws<FactorFileException>(() => DeductionRules.Load(directory.FullName)).Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
