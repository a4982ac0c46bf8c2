using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.Projects;
using CarbonRegistry.Accounting.ZeroCarbon;
using static CarbonRegistry.Accounting.Balances.BalanceComponent;

namespace CarbonRegistry.Accounting.Tests;

/// <summary>
/// The zero-carbon programmes of schema/policy/zero-carbon.json against golden cases worked by
/// hand: a mine's per-tonne figures and gas use against its 2020 baseline, a park in each energy
/// band with the CO2-only core indicator, and rollups recomputed from sums.
/// </summary>
public sealed class ZeroCarbonProgrammeTests
{
    private static readonly ZeroCarbonRules s_rules = ZeroCarbonRules.Load(ProjectPolicyLoader.DefaultDirectory);

    private static readonly Dictionary<string, decimal> s_noBaseline = [];

    [Fact]
    public void A_zero_carbon_mine_is_held_to_its_per_tonne_reductions_and_gas_use_against_2020()
    {
        // 2025: 1,000,000 t of raw coal; 8,000 tce of energy (fuel combustion); gross emissions
        // 60,000 tCO2e as process CO2 for the sake of the arithmetic; 10,000,000 m3 drained, of which
        // 5,500,000 m3 used. So 0.06 tCO2e/t, 8 kgce/t and a use rate of 0.55.
        // Baseline 2020: 0.08 tCO2e/t and 9.5 kgce/t.
        // CO2 per tonne: 1 − 0.06 / 0.08 = 25% ≥ 20% → met (threshold 0.08 × 0.8 = 0.064).
        // Energy per tonne: 1 − 8 / 9.5 = 15.8% ≥ 10% → met (threshold 9.5 × 0.9 = 8.55).
        // Gas use 0.55 ≥ 0.5 (2025) → met; ≥ 0.6 by 2030 → not yet due.
        var annual = Balance.Zero("2025")
            .With(RawCoalOutputT, 1_000_000m)
            .With(FuelCombustionTce, 8_000m)
            .With(ProcessCo2Tco2, 60_000m)
            .With(MethaneDrainedM3, 10_000_000m)
            .With(MethaneUtilisedM3, 5_500_000m);
        var baseline = new Dictionary<string, decimal> { ["co2PerTonneRawCoal"] = 0.08m, ["energyPerTonneRawCoalKgce"] = 9.5m };

        var results = ZeroCarbonAssessor.Assess(s_rules, "Mine", ["ZeroCarbonMine"], 2025, annual, baseline);

        Assert.Equal(["shanxi_zero_carbon_mine", "shanxi_coal_industry"], results.Select(r => r.Programme.Code));
        var co2 = Indicator(results, "co2_per_tonne_reduction");
        Assert.Equal(0.06m, co2.Value);
        Assert.Equal(0.064m, co2.Threshold);
        Assert.Equal(0.25m, co2.AchievedReduction);
        Assert.Equal(IndicatorStatus.Met, co2.Status);
        var energy = Indicator(results, "energy_per_tonne_reduction");
        Assert.Equal(8m, energy.Value);
        Assert.Equal(8.55m, energy.Threshold);
        Assert.Equal(IndicatorStatus.Met, energy.Status);
        Assert.Equal(0.55m, Indicator(results, "gas_use_rate_2025").Value);
        Assert.Equal(IndicatorStatus.Met, Indicator(results, "gas_use_rate_2025").Status);
        Assert.Equal(IndicatorStatus.NotDue, Indicator(results, "gas_use_rate_2030").Status);
        Assert.Equal(IndicatorStatus.NotDue, Indicator(results, "net_zero").Status);
    }

    [Fact]
    public void Reductions_without_a_baseline_and_per_tonne_figures_without_output_are_said_so()
    {
        var annual = Balance.Zero("2025").With(FuelCombustionTce, 8_000m);

        var results = ZeroCarbonAssessor.Assess(s_rules, "Mine", [], 2025, annual, s_noBaseline);

        // A mine that is not a zero-carbon pilot: the coal-industry targets only.
        Assert.Equal(["shanxi_coal_industry"], results.Select(r => r.Programme.Code));
        Assert.Equal(IndicatorStatus.NoData, Indicator(results, "energy_per_tonne_reduction").Status);
        Assert.Equal(IndicatorStatus.NoData, Indicator(results, "gas_use_rate_2025").Status);

        var withOutput = ZeroCarbonAssessor.Assess(s_rules, "Mine", [], 2025, annual.With(RawCoalOutputT, 1_000m), s_noBaseline);
        Assert.Equal(IndicatorStatus.NoBaseline, Indicator(withOutput, "energy_per_tonne_reduction").Status);
        Assert.Equal(8_000m, Indicator(withOutput, "energy_per_tonne_reduction").Value);
    }

    [Theory]
    // Below 200,000 tce: no threshold given (never an invented 0.2).
    [InlineData(150_000, null, "NoThreshold")]
    // 200,000–1,000,000 tce: at most 0.2 tCO2/tce. 30,000 t over 200,000 tce = 0.15.
    [InlineData(200_000, "0.2", "Met")]
    // From 1,000,000 tce: at most 0.3. 30,000 t over 1,000,000 tce = 0.03.
    [InlineData(1_000_000, "0.3", "Met")]
    public void A_park_is_held_to_the_threshold_of_its_energy_band(int energyTce, string? threshold, string status)
    {
        var annual = Balance.Zero("2025").With(FuelCombustionTce, energyTce).With(ProcessCo2Tco2, 30_000m);

        var core = Indicator(ZeroCarbonAssessor.Assess(s_rules, "Park", ["NationalZeroCarbonPark"], 2025, annual, s_noBaseline), "co2_per_tce");

        Assert.Equal(threshold is null ? null : decimal.Parse(threshold, System.Globalization.CultureInfo.InvariantCulture), core.Threshold);
        Assert.Equal(Enum.Parse<IndicatorStatus>(status), core.Status);
        Assert.Equal(30_000m / energyTce, core.Value);
    }

    [Fact]
    public void The_park_core_indicator_counts_CO2_only_while_the_all_gas_figure_counts_methane()
    {
        // 500,000 tce; 80,000 t of process CO2 and 50,000 tCO2e of released CH4: CO2 only 0.16 ≤ 0.2
        // (met), while (scope 1 + market scope 2) per tce counts the CH4 too: 0.26.
        var annual = Balance.Zero("2025").With(FuelCombustionTce, 500_000m).With(ProcessCo2Tco2, 80_000m).With(MethaneReleasedTco2e, 50_000m);

        var core = Indicator(ZeroCarbonAssessor.Assess(s_rules, "Park", ["NationalZeroCarbonPark"], 2025, annual, s_noBaseline), "co2_per_tce");

        Assert.Equal(0.16m, core.Value);
        Assert.Equal(IndicatorStatus.Met, core.Status);
        Assert.Equal(0.26m, annual.CarbonPerEnergy);
    }

    [Fact]
    public void A_zone_is_held_to_its_total_emissions_against_2020()
    {
        // Baseline 100,000 tCO2e; 2025: 82,000 → 18% below, short of 20% → not met (threshold 80,000).
        var annual = Balance.Zero("2025").With(ProcessCo2Tco2, 82_000m);

        var total = Indicator(ZeroCarbonAssessor.Assess(s_rules, "Zone", ["ProvincialZeroCarbonZone"], 2025, annual, new Dictionary<string, decimal> { ["grossTco2e"] = 100_000m }), "co2_reduction");

        Assert.Equal(80_000m, total.Threshold);
        Assert.Equal(0.18m, total.AchievedReduction);
        Assert.Equal(IndicatorStatus.NotMet, total.Status);
    }

    [Fact]
    public void Per_tonne_figures_of_a_rollup_are_recomputed_from_sums_never_averaged()
    {
        // Mine A: 100 tCO2e over 1,000 t (0.1 t/t); mine B: 900 tCO2e over 3,000 t (0.3 t/t).
        // Together: 1,000 / 4,000 = 0.25 t/t, not the average of 0.1 and 0.3 (0.2).
        var a = Balance.Zero("2025").With(ProcessCo2Tco2, 100m).With(RawCoalOutputT, 1_000m).With(MethaneDrainedM3, 100m).With(MethaneUtilisedM3, 90m);
        var b = Balance.Zero("2025").With(ProcessCo2Tco2, 900m).With(RawCoalOutputT, 3_000m).With(MethaneDrainedM3, 900m).With(MethaneUtilisedM3, 10m);

        var sum = Balance.Sum("2025", [a, b]);

        Assert.Equal(0.25m, sum.Co2PerTonneRawCoal);
        Assert.Equal(0.1m, sum.GasUseRate); // 100 of 1,000 m3, not the average of 0.9 and 0.011.
    }

    [Fact]
    public void Clean_energy_share_is_held_to_ninety_percent()
    {
        // 300,000 tce: 270,000 of green-certified grid power and 30,000 of heat: 0.9, met; one tce
        // of green power less is 269,999 / 300,000 < 0.9, not met.
        var annual = Balance.Zero("2025").With(GridElectricityTce, 270_000m).With(GreenCertifiedElectricityTce, 270_000m).With(HeatTce, 30_000m);

        var met = Indicator(ZeroCarbonAssessor.Assess(s_rules, "Park", ["NationalZeroCarbonPark"], 2025, annual, s_noBaseline), "clean_energy_share");
        var short_ = Indicator(ZeroCarbonAssessor.Assess(s_rules, "Park", ["NationalZeroCarbonPark"], 2025, annual.With(GreenCertifiedElectricityTce, 269_999m), s_noBaseline), "clean_energy_share");

        Assert.Equal((0.9m, IndicatorStatus.Met), (met.Value, met.Status));
        Assert.Equal(IndicatorStatus.NotMet, short_.Status);
    }

    [Fact]
    public void Entered_guiding_indicators_and_waivers_decide_whether_acceptance_may_go_ahead()
    {
        // A park of 500,000 tce with 50,000 tCO2 (0.1 ≤ 0.2: core met) and 90% clean energy.
        // Entered: solid waste 0.85 (≥ 0.8, met), waste heat 0.4 (< 0.5, not met), water 0.8 (met),
        // products at grade 2: 1 (met). Waste heat blocks acceptance until it is waived.
        var annual = Balance.Zero("2025")
            .With(GridElectricityTce, 450_000m).With(GreenCertifiedElectricityTce, 450_000m)
            .With(FuelCombustionTce, 50_000m).With(ProcessCo2Tco2, 50_000m);
        var entered = new Dictionary<string, EnteredValue>
        {
            ["solid_waste_reuse"] = new(0.85m, "park statistics 2025"),
            ["waste_heat_reuse"] = new(0.4m, "park statistics 2025"),
            ["industrial_water_reuse"] = new(0.8m, "water bureau"),
            ["product_energy_grade_2"] = new(1m, "energy audit"),
        };
        var park = s_rules.Programme("national_zero_carbon_park")!;

        var before = ZeroCarbonAssessor.Assess(park, 2025, annual, s_noBaseline, new ProgrammeInputs(entered, new Dictionary<string, string>()));
        Assert.Equal(["waste_heat_reuse"], ZeroCarbonAssessor.AcceptanceBlockers(before).Select(i => i.Indicator.Code));
        Assert.Equal("park statistics 2025", before.Indicators.Single(i => i.Indicator.Code == "solid_waste_reuse").Source);

        var waived = ZeroCarbonAssessor.Assess(park, 2025, annual, s_noBaseline, new ProgrammeInputs(entered, new Dictionary<string, string> { ["waste_heat_reuse"] = "no heat-intensive process in the park" }));
        var heat = waived.Indicators.Single(i => i.Indicator.Code == "waste_heat_reuse");
        Assert.Equal((IndicatorStatus.Waived, 0.4m, "no heat-intensive process in the park"), (heat.Status, heat.Value, heat.WaiverReason));
        Assert.Empty(ZeroCarbonAssessor.AcceptanceBlockers(waived));

        // The core indicator is a hard gate: a waiver does not touch it, and without entered values
        // the guiding indicators have no data and block too.
        var dirty = annual.With(ProcessCo2Tco2, 150_000m); // 0.3 > 0.2
        var blocked = ZeroCarbonAssessor.Assess(park, 2025, dirty, s_noBaseline, new ProgrammeInputs(new Dictionary<string, EnteredValue>(), new Dictionary<string, string> { ["co2_per_tce"] = "ignored" }));
        Assert.Equal(IndicatorStatus.NotMet, blocked.Indicators.Single(i => i.Indicator.Code == "co2_per_tce").Status);
        Assert.Equal(["co2_per_tce", "product_energy_grade_2", "solid_waste_reuse", "waste_heat_reuse", "industrial_water_reuse"], ZeroCarbonAssessor.AcceptanceBlockers(blocked).Select(i => i.Indicator.Code));
    }

    [Fact]
    public void An_indicator_naming_a_figure_the_registry_does_not_compute_stops_the_load()
    {
        var directory = Directory.CreateTempSubdirectory("carbon-zero-carbon").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "zero-carbon.json"), File.ReadAllText(Path.Combine(ProjectPolicyLoader.DefaultDirectory, "zero-carbon.json")).Replace("\"gasUseRate\"", "\"gasRate\"", StringComparison.Ordinal));

            var error = Assert.Throws<Factors.FactorFileException>(() => ZeroCarbonRules.Load(directory));

            Assert.Contains("gasRate", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static IndicatorResult Indicator(IEnumerable<ProgrammeResult> results, string code) =>
        results.SelectMany(r => r.Indicators).Single(i => i.Indicator.Code == code);
}
