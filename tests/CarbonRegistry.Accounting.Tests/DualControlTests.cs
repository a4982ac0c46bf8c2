using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.DualControl;
using CarbonRegistry.Accounting.Errors;
using static CarbonRegistry.Accounting.Balances.BalanceComponent;

namespace CarbonRegistry.Accounting.Tests;

public sealed class DualControlTests
{
    [Theory]
    // Cap 12,000 tce; 6 months reported → expected 6,000. Yellow up to 6,600 (10% over the path).
    [InlineData(6_000, Rating.Green)]
    [InlineData(6_000.01, Rating.Yellow)]
    [InlineData(6_600, Rating.Yellow)]
    [InlineData(6_600.01, Rating.Red)]
    [InlineData(5_000, Rating.Green)]
    public void Energy_cap_is_rated_against_the_time_proportional_path(double controlledTce, Rating expected)
    {
        var ytd = Balance.Zero("2024").With(FuelCombustionTce, (decimal)controlledTce) with { ValueAddedWanYuan = null };

        var status = DualControlEvaluator.Evaluate(new DualControlTargets { Year = 2024, EnergyCapTce = 12_000m }, ytd, monthsReported: 6);

        Assert.Equal(expected, status.EnergyTotal!.Rating);
        Assert.Equal(expected, status.EnergyRating);
        Assert.Equal(6_000m, status.EnergyTotal.Expected);
        Assert.Equal((decimal)controlledTce / 12_000m, status.EnergyTotal.ShareOfCap);
        Assert.Null(status.CarbonRating);
    }

    [Fact]
    public void A_cap_already_exceeded_is_red_whatever_the_month()
    {
        var ytd = Balance.Zero("2024").With(ProcessCo2Tco2, 1_001m);

        var status = DualControlEvaluator.Evaluate(new DualControlTargets { Year = 2024, CarbonCapTco2e = 1_000m }, ytd, monthsReported: 12);

        Assert.Equal(Rating.Red, status.CarbonRating);
        Assert.Equal(1_000m, status.CarbonTotal!.Expected);
    }

    [Fact]
    public void Deductions_count_against_the_cap_not_the_total()
    {
        // 9,000 tce used, of which 3,500 feedstock: 5,500 controlled against a 6,000 path → green.
        var ytd = Balance.Zero("2024").With(FuelCombustionTce, 5_500m).With(FeedstockTce, 3_500m);

        var status = DualControlEvaluator.Evaluate(new DualControlTargets { Year = 2024, EnergyCapTce = 12_000m }, ytd, 6);

        Assert.Equal(9_000m, ytd.EnergyTce);
        Assert.Equal(5_500m, status.EnergyTotal!.Actual);
        Assert.Equal(Rating.Green, status.EnergyRating);
    }

    [Fact]
    public void Renewable_deduction_is_the_growth_over_the_previous_year_only()
    {
        // Previous year's renewable electricity: 800 tce. This year: 1,000 tce → 200 tce deducted.
        var grew = Balance.Zero("2024").With(FuelCombustionTce, 5_000m).With(OnSiteRenewableTce, 1_000m).With(RenewableBaselineTce, 800m);
        // This year 700 tce: renewables fell, nothing is deducted (a fall is not added back either).
        var fell = grew.With(OnSiteRenewableTce, 700m);

        Assert.Equal(200m, grew.RenewableDeductionTce);
        Assert.Equal(5_800m, grew.ControlledEnergyTce);
        Assert.Equal(0m, fell.RenewableDeductionTce);
        Assert.Equal(5_700m, fell.ControlledEnergyTce);

        var status = DualControlEvaluator.Evaluate(new DualControlTargets { Year = 2024, EnergyCapTce = 11_600m }, grew, 6);
        Assert.Equal(5_800m, status.EnergyTotal!.Actual);
        Assert.Equal(Rating.Green, status.EnergyRating);
    }

    [Theory]
    // Base intensity 2.0, 3% reduction → target 1.94.
    [InlineData(1_940, Rating.Green)]
    [InlineData(1_941, Rating.Yellow)]
    [InlineData(2_000, Rating.Yellow)]
    [InlineData(2_001, Rating.Red)]
    public void Energy_intensity_is_rated_against_target_and_base_year(double controlledTce, Rating expected)
    {
        var ytd = Balance.Zero("2024").With(FuelCombustionTce, (decimal)controlledTce) with { ValueAddedWanYuan = 1_000m };
        var targets = new DualControlTargets { Year = 2024, EnergyIntensity = new IntensityTarget(2020, 2.0m, 0.03m) };

        var status = DualControlEvaluator.Evaluate(targets, ytd, 9);

        Assert.Equal(1.94m, status.EnergyIntensity!.TargetIntensity);
        Assert.Equal((decimal)controlledTce / 1_000m, status.EnergyIntensity.Actual);
        Assert.Equal(expected, status.EnergyIntensity.Rating);
    }

    [Theory]
    // Base intensity 2.0, 3% reduction (target 1.94), 1,000 × 10^4 yuan, cap 2,400 tce for 9 of
    // 12 months (path 1,800): 1,940 tce is on the intensity target but above the cap's path
    // (yellow): level 2; 1,700 tce is green everywhere: level 3 (1.7 ≤ 1.94); 2,001 tce is above
    // the base year's intensity (red): level 1, which freezes two-high approvals.
    [InlineData(1_700, WarningLevel.Level3, false)]
    [InlineData(1_940, WarningLevel.Level2, false)]
    [InlineData(2_001, WarningLevel.Level1, true)]
    public void The_warning_level_follows_the_barometer_and_level_1_freezes_approvals(double controlledTce, WarningLevel level, bool freezes)
    {
        var ytd = Balance.Zero("2024").With(FuelCombustionTce, (decimal)controlledTce) with { ValueAddedWanYuan = 1_000m };
        var targets = new DualControlTargets { Year = 2024, EnergyCapTce = 2_400m, EnergyIntensity = new IntensityTarget(2020, 2.0m, 0.03m) };

        var status = DualControlEvaluator.Evaluate(targets, ytd, 9);

        Assert.Equal(level, EarlyWarning.Level(status));
        Assert.Equal(freezes, EarlyWarning.FreezesApprovals(EarlyWarning.Level(status)));
    }

    [Fact]
    public void A_region_without_an_energy_target_has_no_warning_level()
    {
        var status = DualControlEvaluator.Evaluate(new DualControlTargets { Year = 2024, CarbonCapTco2e = 1m }, Balance.Zero("2024").With(ProcessCo2Tco2, 5m), 6);

        Assert.Null(EarlyWarning.Level(status));
        Assert.False(EarlyWarning.FreezesApprovals(null));
    }

    [Fact]
    public void Overall_rating_is_the_worst_indicator_and_intensity_without_value_added_is_unrated()
    {
        var ytd = Balance.Zero("2024").With(FuelCombustionTce, 500m).With(ProcessCo2Tco2, 900m) with { ValueAddedWanYuan = null };
        var targets = new DualControlTargets
        {
            Year = 2024,
            EnergyCapTce = 1_200m,
            EnergyIntensity = new IntensityTarget(2020, 1m, 0.1m),
            CarbonCapTco2e = 1_200m,
            CarbonIntensity = new IntensityTarget(2020, 1m, 0.1m),
        };

        var status = DualControlEvaluator.Evaluate(targets, ytd, 6);

        Assert.Equal(Rating.Green, status.EnergyRating);
        Assert.Null(status.EnergyIntensity!.Rating);
        Assert.Equal(Rating.Red, status.CarbonRating);
    }

    [Fact]
    public void Invalid_targets_are_rejected()
    {
        var ytd = Balance.Zero("2024");
        Assert.Equal(AccountingErrorCode.InvalidTarget, Reject(new DualControlTargets { Year = 2024, EnergyCapTce = 0m }).Code);
        Assert.Equal(AccountingErrorCode.InvalidTarget, Reject(new DualControlTargets { Year = 2024, CarbonIntensity = new IntensityTarget(2020, 1m, 1m) }).Code);
        Assert.Equal(AccountingErrorCode.InvalidTarget, Reject(new DualControlTargets { Year = 2024, EnergyIntensity = new IntensityTarget(2024, 1m, 0.1m) }).Code);
        Assert.Equal(AccountingErrorCode.InvalidPeriod, Assert.Throws<AccountingException>(() => DualControlEvaluator.Evaluate(new DualControlTargets { Year = 2024 }, ytd, 13)).Code);

        AccountingException Reject(DualControlTargets targets) =>
            Assert.Throws<AccountingException>(() => DualControlEvaluator.Evaluate(targets, ytd, 1));
    }
}
