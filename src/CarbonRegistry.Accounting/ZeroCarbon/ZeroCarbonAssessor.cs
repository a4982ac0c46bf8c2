using CarbonRegistry.Accounting.Balances;

namespace CarbonRegistry.Accounting.ZeroCarbon;

/// <summary>Where an indicator stands for a year.</summary>
public enum IndicatorStatus
{
    /// <summary>The target is met.</summary>
    Met,

    /// <summary>The target is missed (in or after its due year).</summary>
    NotMet,

    /// <summary>Before the due year: the figure is shown, the target is not yet binding.</summary>
    NotDue,

    /// <summary>The rule gives no threshold here (e.g. parks below 200,000 tce).</summary>
    NoThreshold,

    /// <summary>The figure cannot be computed (no output, no energy, no drainage).</summary>
    NoData,

    /// <summary>A reduction target, and the entity has no baseline of this figure.</summary>
    NoBaseline,
}

/// <summary>An indicator's value for a year against its target.</summary>
/// <param name="Indicator">The indicator.</param>
/// <param name="Value">The figure, or null.</param>
/// <param name="Threshold">The most (or, with <paramref name="IsMinimum"/>, the least) the figure may be; null when none applies.</param>
/// <param name="IsMinimum">Whether the threshold is a minimum.</param>
/// <param name="BaseValue">The baseline's figure, for reductions.</param>
/// <param name="AchievedReduction">1 − value / base, for reductions.</param>
/// <param name="Status">Where it stands.</param>
public sealed record IndicatorResult(ZeroCarbonIndicator Indicator, decimal? Value, decimal? Threshold, bool IsMinimum, decimal? BaseValue, decimal? AchievedReduction, IndicatorStatus Status);

/// <summary>A programme's indicators for a year.</summary>
/// <param name="Programme">The programme.</param>
/// <param name="Year">The year.</param>
/// <param name="Indicators">Each indicator.</param>
public sealed record ProgrammeResult(ZeroCarbonProgramme Programme, int Year, IReadOnlyList<IndicatorResult> Indicators);

/// <summary>
/// Holds an entity's annual balance to the zero-carbon programmes that apply to it. Per-unit
/// figures come from the balance, which computes them from summed components, never by averaging.
/// </summary>
public static class ZeroCarbonAssessor
{
    /// <summary>
    /// The programmes of <paramref name="rules"/> that apply to an entity of <paramref name="kind"/>
    /// in <paramref name="pilots"/>, for <paramref name="year"/>'s <paramref name="annual"/> balance;
    /// <paramref name="baseline"/> holds the baseline's figures by measure name (absent ones are unknown).
    /// </summary>
    public static IReadOnlyList<ProgrammeResult> Assess(ZeroCarbonRules rules, string kind, IEnumerable<string> pilots, int year, Balance annual, IReadOnlyDictionary<string, decimal> baseline)
    {
        var pilotList = pilots.ToList();
        return [.. rules.Programmes.Where(p => p.AppliesToEntity(kind, pilotList)).Select(p => new ProgrammeResult(p, year, [.. p.Indicators.Select(i => Assess(i, year, annual, baseline))]))];
    }

    private static IndicatorResult Assess(ZeroCarbonIndicator indicator, int year, Balance annual, IReadOnlyDictionary<string, decimal> baseline)
    {
        var value = ZeroCarbonRules.Measures[indicator.Measure](annual);
        var due = indicator.ByYear is not { } by || year >= by;
        IndicatorResult Result(decimal? threshold, bool minimum, decimal? baseValue = null, decimal? achieved = null)
        {
            var status = value is not { } v ? IndicatorStatus.NoData
                : threshold is not { } t ? IndicatorStatus.NoThreshold
                : !due ? IndicatorStatus.NotDue
                : (minimum ? v >= t : v <= t) ? IndicatorStatus.Met
                : IndicatorStatus.NotMet;
            return new IndicatorResult(indicator, value, threshold, minimum, baseValue, achieved, status);
        }

        if (indicator.Bands is { } bands)
        {
            var energy = annual.EnergyTce;
            var band = bands.FirstOrDefault(b => energy >= b.FromTce && (b.ToTce is null || energy < b.ToTce));
            return Result(band?.Max, minimum: false);
        }

        if (indicator.Reduction is { } reduction)
        {
            if (!baseline.TryGetValue(indicator.Measure, out var baseValue) || baseValue == 0m)
            {
                return new IndicatorResult(indicator, value, null, false, null, null, value is null ? IndicatorStatus.NoData : IndicatorStatus.NoBaseline);
            }

            // At most (1 − reduction) × the base; what has been achieved so far is 1 − value / base.
            return Result(baseValue * (1m - reduction), minimum: false, baseValue, value is { } v ? 1m - (v / baseValue) : null);
        }

        return indicator.Min is { } min ? Result(min, minimum: true) : Result(indicator.Max, minimum: false);
    }
}
