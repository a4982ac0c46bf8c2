using CarbonRegistry.Accounting.Assessment;
using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.DualControl;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Projects;
using static CarbonRegistry.Accounting.Balances.BalanceComponent;

namespace CarbonRegistry.Accounting.Tests;

/// <summary>
/// The assessment schemes of schema/policy/assessment-schemes.json on cities worked by hand: points,
/// vetoes and grades, the cumulative five-year progress, and schemes the loader refuses.
/// </summary>
public sealed class AssessmentTests
{
    private static readonly AssessmentSchemes s_schemes = AssessmentSchemes.Load(ProjectPolicyLoader.DefaultDirectory);
    private static readonly AssessmentScheme s_energy = s_schemes.Scheme("energy_saving")!;
    private static readonly AssessmentScheme s_carbon = s_schemes.Scheme("carbon_intensity")!;

    // Every city: 1,000 × 10^4 yuan of value added, a cap of 2,000 tce and an intensity target of
    // base 2.0 with a 3% reduction (target 1.94 tce per 10^4 yuan).
    private static readonly DualControlTargets s_energyTargets = new() { Year = 2024, EnergyCapTce = 2_000m, EnergyIntensity = new IntensityTarget(2020, 2.0m, 0.03m) };

    [Theory]
    // 1,900 tce: intensity 1.9 ≤ 1.94 (40), within the cap (10), measures 48: 98 → exceeded (95–100).
    [InlineData(1_900, 48, 98, "Exceeded", "")]
    // 1,930 tce with a cap lowered to 1,920: intensity 1.93 met (40), over the cap (0), measures 45: 85 → met (80–95).
    [InlineData(1_930, 45, 85, "Met", "", 1_920)]
    // 1,900 tce, measures 15: 65 → basically met (60–80).
    [InlineData(1_900, 15, 65, "BasicallyMet", "")]
    // 1,960 tce: intensity 1.96 > 1.94 misses the veto item (0), within the cap (10), measures 50:
    // 60 points, but the veto makes it not met.
    [InlineData(1_960, 50, 60, "NotMet", "energy_intensity")]
    public void Energy_saving_grades_are_the_band_of_the_score_unless_a_veto_item_is_missed(int energyTce, int measures, int score, string grade, string vetoedBy, int cap = 2_000)
    {
        var year = Balance.Zero("2024").With(FuelCombustionTce, energyTce) with { ValueAddedWanYuan = 1_000m };
        var status = DualControlEvaluator.Evaluate(s_energyTargets with { EnergyCapTce = cap }, year, 12);

        var result = Assessor.Assess(s_energy, 2024, new AssessmentInputs(status, null, Judged("measures", measures)));

        Assert.Equal(score, result.Score);
        Assert.Equal(grade, result.Grade.Code);
        Assert.Equal(vetoedBy.Length == 0 ? [] : [vetoedBy], result.VetoedBy);
        Assert.True(result.Complete);
    }

    [Fact]
    public void Meeting_the_incentive_intensity_target_exempts_a_region_from_the_energy_total()
    {
        // Base 2.0 with a basic 3% (1.94) and an incentive 6% reduction (1.88); cap 1,800 tce.
        // 1,880 tce for 1,000: 1.88 meets the incentive target, so the cap it exceeds does not
        // count: 40 + 10 (exempt) + 45 = 95, exceeded. Without the incentive target: 40 + 0 + 45 = 85, met.
        var year = Balance.Zero("2024").With(FuelCombustionTce, 1_880m) with { ValueAddedWanYuan = 1_000m };
        var targets = new DualControlTargets { Year = 2024, EnergyCapTce = 1_800m, EnergyIntensity = new IntensityTarget(2020, 2.0m, 0.03m, 0.06m) };

        var status = DualControlEvaluator.Evaluate(targets, year, 12);
        var exempt = Assessor.Assess(s_energy, 2024, new AssessmentInputs(status, null, Judged("measures", 45)));
        var basic = Assessor.Assess(s_energy, 2024, new AssessmentInputs(DualControlEvaluator.Evaluate(targets with { EnergyIntensity = new IntensityTarget(2020, 2.0m, 0.03m) }, year, 12), null, Judged("measures", 45)));

        Assert.Equal((1.88m, true), (status.EnergyIntensity!.IncentiveIntensity, status.EnergyIntensity.MeetsIncentive));
        Assert.Equal((ScoreStatus.Exempt, 95m, "Exceeded", true), (exempt.Indicators[1].Status, exempt.Score, exempt.Grade.Code, exempt.Complete));
        Assert.Equal((ScoreStatus.NotMet, 85m, "Met"), (basic.Indicators[1].Status, basic.Score, basic.Grade.Code));
        var below = Assert.Throws<Errors.AccountingException>(() => DualControlEvaluator.Validate(targets with { EnergyIntensity = new IntensityTarget(2020, 2.0m, 0.03m, 0.02m) }));
        Assert.Equal(("INVALID_TARGET", "energyIntensity.incentiveReduction"), (below.Code, below.Field));
    }

    [Fact]
    public void A_city_without_targets_or_judgements_scores_nothing_is_not_vetoed_and_is_incomplete()
    {
        var status = new DualControlStatus { Year = 2024, MonthsReported = 12 };

        var result = Assessor.Assess(s_energy, 2024, new AssessmentInputs(status, null, new Dictionary<string, Judgement>()));

        Assert.Equal([ScoreStatus.NoTarget, ScoreStatus.NoTarget, ScoreStatus.NotEntered], result.Indicators.Select(i => i.Status));
        Assert.Equal((0m, "NotMet", false), (result.Score, result.Grade.Code, result.Complete));
        Assert.Empty(result.VetoedBy);
    }

    [Theory]
    // 2023 is 3 of 5 years into the plan based on 2020 whose 2025 target is an 18% reduction: 10.8%
    // is due by now. The year's carbon intensity target: base 1.0, 12% reduction (0.88).
    // 850 tCO2 over 1,000 × 10^4 yuan: 0.85 ≤ 0.88 (25); achieved 15% ≥ 10.8% (25); measures 42:
    // 92 → excellent (90–100).
    [InlineData(850, 42, 92, "Excellent", "")]
    // 870 t: 0.87 meets the annual target (25), 13% ≥ 10.8% (25), measures 35: 85 → good.
    [InlineData(870, 35, 85, "Good", "")]
    // 900 t: 0.90 misses the annual target (veto), 10% < 10.8% misses the progress (veto),
    // measures 50: 50 points, fail.
    [InlineData(900, 50, 50, "Fail", "carbon_intensity_annual,carbon_intensity_progress")]
    public void Carbon_intensity_grades_hold_the_year_and_the_cumulative_five_year_progress(int co2, int measures, int score, string grade, string vetoedBy)
    {
        var year = Balance.Zero("2023").With(ProcessCo2Tco2, co2) with { ValueAddedWanYuan = 1_000m };
        var status = DualControlEvaluator.Evaluate(new DualControlTargets { Year = 2023, CarbonIntensity = new IntensityTarget(2020, 1.0m, 0.12m) }, year, 12);
        var plan = new PlanProgress(2020, 0.18m, 1m - year.CarbonIntensity!.Value);

        var result = Assessor.Assess(s_carbon, 2023, new AssessmentInputs(status, plan, Judged("measures", measures)));

        Assert.Equal(score, result.Score);
        Assert.Equal(grade, result.Grade.Code);
        Assert.Equal(vetoedBy.Length == 0 ? [] : vetoedBy.Split(','), result.VetoedBy);
        var progress = result.Indicators.Single(i => i.Indicator.Code == "carbon_intensity_progress");
        Assert.Equal(0.108m, progress.Target);
    }

    [Theory]
    // The 14th plan (base 2020): energy intensity from 2.0 down 13.5% by 2025, incentive 15%.
    // 2023 is 3 of 5 years in: the path is 13.5% × 3/5 = 8.1%, the incentive path 15% × 3/5 = 9%.
    // The year's own target (3% from base 2.0: 1.94) and cap (1,800 tce) are also set.
    // 1,830 tce for 1,000: 1.83, achieved 8.5%. Annual binds: 1.83 ≤ 1.94 (40), over the cap (0),
    // measures 40: 80, met. The plan binds: 8.5% ≥ 8.1% (40), cap 0 (not on the incentive path), 40: 80, met.
    [InlineData(1_830, false, 80, "Met", "", ScoreStatus.NotMet)]
    [InlineData(1_830, true, 80, "Met", "", ScoreStatus.NotMet)]
    // 1,900 tce: 1.90, achieved 5%. Annual: 1.90 ≤ 1.94 (40) + 0 + 40 = 80, met. The plan binds:
    // 5% < 8.1% misses the veto item: not met.
    [InlineData(1_900, false, 80, "Met", "", ScoreStatus.NotMet)]
    [InlineData(1_900, true, 40, "NotMet", "energy_intensity", ScoreStatus.NotMet)]
    // 1,800 tce: 1.80, achieved 10% ≥ 9%, on the incentive path: where the plan binds the energy
    // total is exempt (10): 40 + 10 + 40 = 90. Annually it is within the cap (1,800 ≤ 1,800): met, 90.
    [InlineData(1_800, true, 90, "Met", "", ScoreStatus.Exempt)]
    [InlineData(1_800, false, 90, "Met", "", ScoreStatus.Met)]
    public void Where_the_plan_binds_the_intensity_veto_follows_the_plans_path_and_its_incentive_path_exempts_the_total(int energyTce, bool planBinds, int score, string grade, string vetoedBy, ScoreStatus total)
    {
        var year = Balance.Zero("2023").With(FuelCombustionTce, energyTce) with { ValueAddedWanYuan = 1_000m };
        var status = DualControlEvaluator.Evaluate(new DualControlTargets { Year = 2023, EnergyCapTce = 1_800m, EnergyIntensity = new IntensityTarget(2020, 2.0m, 0.03m) }, year, 12);
        var plan = new PlanProgress(2020, 0.135m, 1m - (year.EnergyIntensity!.Value / 2.0m), 0.15m);

        var result = Assessor.Assess(s_energy, 2023, new AssessmentInputs(status, null, Judged("measures", 40)) { EnergyPlan = plan, PlanBinds = planBinds });

        Assert.Equal((score, grade, total), ((int)result.Score, result.Grade.Code, result.Indicators[1].Status));
        Assert.Equal(vetoedBy.Length == 0 ? [] : vetoedBy.Split(','), result.VetoedBy);
        var intensity = result.Indicators[0];
        Assert.Equal(planBinds ? ((decimal?)0.081m, plan.AchievedReduction) : (1.94m, year.EnergyIntensity), (intensity.Target, intensity.Actual));
    }

    [Fact]
    public void The_share_of_a_plan_elapsed_runs_from_none_before_its_first_year_to_all_in_its_last()
    {
        var plan = new PlanProgress(2020, 0.18m, 0.05m, 0.2m);

        Assert.Equal([0m, 0.2m, 0.6m, 1m, 1m], new[] { 2019, 2021, 2023, 2025, 2027 }.Select(y => plan.Elapsed(y, 5)));
        Assert.Equal((true, false), (plan.MeetsIncentive(2021, 5), plan.MeetsIncentive(2023, 5))); // 5% against 4% and 12%
        Assert.Null((plan with { IncentiveReduction = null }).MeetsIncentive(2021, 5));
    }

    [Fact]
    public void The_top_band_includes_the_total_and_each_band_starts_at_its_minimum()
    {
        Assert.Equal("Exceeded", s_energy.GradeOf(100m).Code);
        Assert.Equal("Exceeded", s_energy.GradeOf(95m).Code);
        Assert.Equal("Met", s_energy.GradeOf(94.9m).Code);
        Assert.Equal("NotMet", s_energy.GradeOf(0m).Code);
        Assert.Equal("Good", s_carbon.GradeOf(89.5m).Code);
    }

    [Theory]
    [InlineData("\"points\": 40,", "\"points\": 45,", "add up to 105")]
    [InlineData("\"min\": 80, \"max\": 95,", "\"min\": 80, \"max\": 96,", "without gap or overlap")]
    [InlineData("\"min\": 60, \"max\": 80,", "\"min\": 61, \"max\": 80,", "without gap or overlap")]
    [InlineData("\"approvals\": \"frozen\"", "\"approvals\": \"paused\"", "consequences name")]
    [InlineData("\"vetoGrade\": \"NotMet\"", "\"vetoGrade\": \"Failed\"", "veto grade")]
    [InlineData("\"measure\": \"energyTotalMet\"", "\"measure\": \"energyTotalMetish\"", "a measure of")]
    public void A_scheme_whose_points_or_bands_do_not_add_up_is_not_loaded(string from, string to, string message)
    {
        var directory = Directory.CreateTempSubdirectory("assessment-");
        try
        {
            var text = File.ReadAllText(Path.Combine(ProjectPolicyLoader.DefaultDirectory, "assessment-schemes.json"));
            Assert.Contains(from, text, StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(directory.FullName, "assessment-schemes.json"), ReplaceFirst(text, from, to));

            Assert.Contains(message, Assert.Throws<FactorFileException>(() => AssessmentSchemes.Load(directory.FullName)).Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static Dictionary<string, Judgement> Judged(string indicator, decimal points) => new() { [indicator] = new Judgement(points, "measures reviewed") };

    private static string ReplaceFirst(string text, string from, string to)
    {
        var at = text.IndexOf(from, StringComparison.Ordinal);
        return text[..at] + to + text[(at + from.Length)..];
    }
}
