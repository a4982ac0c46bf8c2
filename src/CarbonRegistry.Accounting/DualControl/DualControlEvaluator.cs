using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.Errors;

namespace CarbonRegistry.Accounting.DualControl;

/// <summary>
/// Rates progress against dual-control targets, energy (controlled tce, energy intensity) and
/// carbon (gross tCO2e, carbon intensity).
/// <list type="bullet">
/// <item>A cap is compared with its time-proportional path, cap × months / 12: green on or below
/// it; yellow above it by up to <see cref="DualControlPolicy.CapYellowTolerance"/>; red beyond that
/// or once the full-year cap is already exceeded.</item>
/// <item>An intensity is compared with its base year, as the national barometer does: green when
/// at or below the target intensity; yellow when below the base but short of the target; red when
/// it has risen above the base year.</item>
/// </list>
/// Controlled energy already carries the renewable deduction (growth over the previous year's
/// consumption, 2020 the first baseline) and the feedstock deduction.
/// </summary>
public static class DualControlEvaluator
{
    /// <summary>Evaluates the year to date <paramref name="yearToDate"/> built from <paramref name="monthsReported"/> months.</summary>
    public static DualControlStatus Evaluate(DualControlTargets targets, Balance yearToDate, int monthsReported, DualControlPolicy? policy = null)
    {
        policy ??= DualControlPolicy.Default;
        if (monthsReported is < 0 or > 12)
        {
            throw new AccountingException(AccountingErrorCode.InvalidPeriod, $"{monthsReported} months reported is not between 0 and 12.", "monthsReported");
        }

        Validate(targets);
        var energyTotal = targets.EnergyCapTce is { } energyCap ? Cap(energyCap, yearToDate.ControlledEnergyTce, monthsReported, policy) : null;
        var energyIntensity = targets.EnergyIntensity is { } ei ? Intensity(ei, yearToDate.EnergyIntensity) : null;
        var carbonTotal = targets.CarbonCapTco2e is { } carbonCap ? Cap(carbonCap, yearToDate.GrossTco2e, monthsReported, policy) : null;
        var carbonIntensity = targets.CarbonIntensity is { } ci ? Intensity(ci, yearToDate.CarbonIntensity) : null;
        return new DualControlStatus
        {
            Year = targets.Year,
            MonthsReported = monthsReported,
            EnergyTotal = energyTotal,
            EnergyIntensity = energyIntensity,
            CarbonTotal = carbonTotal,
            CarbonIntensity = carbonIntensity,
            EnergyRating = Worst(energyTotal?.Rating, energyIntensity?.Rating),
            CarbonRating = Worst(carbonTotal?.Rating, carbonIntensity?.Rating),
        };
    }

    /// <summary>Checks that caps are positive and reductions are fractions below one.</summary>
    public static void Validate(DualControlTargets targets)
    {
        if (targets.EnergyCapTce is <= 0m)
        {
            throw new AccountingException(AccountingErrorCode.InvalidTarget, "The energy cap must be positive.", "energyCapTce");
        }

        if (targets.CarbonCapTco2e is <= 0m)
        {
            throw new AccountingException(AccountingErrorCode.InvalidTarget, "The carbon cap must be positive.", "carbonCapTco2e");
        }

        CheckIntensity(targets.EnergyIntensity, "energyIntensity", targets.Year);
        CheckIntensity(targets.CarbonIntensity, "carbonIntensity", targets.Year);
    }

    private static void CheckIntensity(IntensityTarget? target, string field, int year)
    {
        if (target is null)
        {
            return;
        }

        if (target.BaseIntensity <= 0m)
        {
            throw new AccountingException(AccountingErrorCode.InvalidTarget, "The base intensity must be positive.", $"{field}.baseIntensity");
        }

        if (target.Reduction is < 0m or >= 1m)
        {
            throw new AccountingException(AccountingErrorCode.InvalidTarget, "The reduction is a fraction from 0 up to (not including) 1.", $"{field}.reduction");
        }

        if (target.IncentiveReduction is { } incentive && (incentive < target.Reduction || incentive >= 1m))
        {
            throw new AccountingException(AccountingErrorCode.InvalidTarget, "The incentive reduction is at least the basic one and below 1.", $"{field}.incentiveReduction");
        }

        if (target.BaseYear >= year)
        {
            throw new AccountingException(AccountingErrorCode.InvalidTarget, $"The base year {target.BaseYear} must be before {year}.", $"{field}.baseYear");
        }
    }

    private static CapProgress Cap(decimal cap, decimal actual, int months, DualControlPolicy policy)
    {
        var expected = cap * months / 12m;
        decimal? shareOfExpected = expected > 0m ? actual / expected : null;
        var rating = actual > cap || actual > expected * (1m + policy.CapYellowTolerance)
            ? Rating.Red
            : actual > expected ? Rating.Yellow : Rating.Green;
        return new CapProgress(cap, actual, expected, actual / cap, shareOfExpected, rating);
    }

    private static IntensityProgress Intensity(IntensityTarget target, decimal? actual)
    {
        if (actual is not { } value)
        {
            return new IntensityProgress(target.BaseIntensity, target.TargetIntensity, null, null, null) { IncentiveIntensity = target.IncentiveIntensity };
        }

        var rating = value <= target.TargetIntensity ? Rating.Green
            : value <= target.BaseIntensity ? Rating.Yellow
            : Rating.Red;
        return new IntensityProgress(target.BaseIntensity, target.TargetIntensity, value, 1m - (value / target.BaseIntensity), rating)
        {
            IncentiveIntensity = target.IncentiveIntensity,
            MeetsIncentive = target.IncentiveIntensity is { } incentive ? value <= incentive : null,
        };
    }

    private static Rating? Worst(Rating? a, Rating? b) =>
        a is null ? b : b is null ? a : (Rating)Math.Max((int)a, (int)b);
}
