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

    /// <summary>A guiding indicator waived for the year, with a stated reason.</summary>
    Waived,
}

/// <summary>A value of an entered indicator for a year, and where it comes from.</summary>
/// <param name="Value">The value.</param>
/// <param name="Source">Its source.</param>
public sealed record EnteredValue(decimal Value, string Source);

/// <summary>What was entered for a programme and year: values of entered indicators and waivers of guiding ones, by indicator code.</summary>
/// <param name="Entered">Entered values.</param>
/// <param name="Waivers">Waiver reasons.</param>
public sealed record ProgrammeInputs(IReadOnlyDictionary<string, EnteredValue> Entered, IReadOnlyDictionary<string, string> Waivers)
{
    /// <summary>Nothing entered, nothing waived.</summary>
    public static ProgrammeInputs None { get; } = new(new Dictionary<string, EnteredValue>(), new Dictionary<string, string>());
}

/// <summary>An indicator's value for a year against its target.</summary>
/// <param name="Indicator">The indicator.</param>
/// <param name="Value">The figure, or null.</param>
/// <param name="Threshold">The most (or, with <paramref name="IsMinimum"/>, the least) the figure may be; null when none applies.</param>
/// <param name="IsMinimum">Whether the threshold is a minimum.</param>
/// <param name="BaseValue">The baseline's figure, for reductions.</param>
/// <param name="AchievedReduction">1 − value / base, for reductions.</param>
/// <param name="Status">Where it stands.</param>
public sealed record IndicatorResult(ZeroCarbonIndicator Indicator, decimal? Value, decimal? Threshold, bool IsMinimum, decimal? BaseValue, decimal? AchievedReduction, IndicatorStatus Status)
{
    /// <summary>Where an entered value comes from.</summary>
    public string? Source { get; init; }

    /// <summary>Why a waived indicator was waived.</summary>
    public string? WaiverReason { get; init; }

    /// <summary>Whether the indicator lets acceptance go ahead: met, or (a guiding one) waived.</summary>
    public bool Passes => Status is IndicatorStatus.Met || (Status is IndicatorStatus.Waived && !Indicator.Core);
}

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
    public static IReadOnlyList<ProgrammeResult> Assess(ZeroCarbonRules rules, string kind, IEnumerable<string> pilots, int year, Balance annual, IReadOnlyDictionary<string, decimal> baseline) =>
        Assess(rules, kind, pilots, year, annual, baseline, _ => ProgrammeInputs.None);

    /// <summary>
    /// As <see cref="Assess(ZeroCarbonRules, string, IEnumerable{string}, int, Balance, IReadOnlyDictionary{string, decimal})"/>,
    /// with what was entered for each programme's year (<paramref name="inputs"/>, by programme code):
    /// entered indicators take their entered value, and a waived guiding indicator is
    /// <see cref="IndicatorStatus.Waived"/>. A core indicator is never waived.
    /// </summary>
    public static IReadOnlyList<ProgrammeResult> Assess(ZeroCarbonRules rules, string kind, IEnumerable<string> pilots, int year, Balance annual, IReadOnlyDictionary<string, decimal> baseline, Func<string, ProgrammeInputs> inputs)
    {
        var pilotList = pilots.ToList();
        return [.. rules.Programmes.Where(p => p.AppliesToEntity(kind, pilotList)).Select(p => Assess(p, year, annual, baseline, inputs(p.Code)))];
    }

    /// <summary>One programme's indicators for a year.</summary>
    public static ProgrammeResult Assess(ZeroCarbonProgramme programme, int year, Balance annual, IReadOnlyDictionary<string, decimal> baseline, ProgrammeInputs inputs) =>
        new(programme, year, [.. programme.Indicators.Select(i => WithInputs(Assess(i, year, annual, baseline, inputs), inputs))]);

    /// <summary>The indicators that stop a step of acceptance: every core indicator must be met, every guiding one met or waived.</summary>
    public static IReadOnlyList<IndicatorResult> AcceptanceBlockers(ProgrammeResult result) => [.. result.Indicators.Where(i => !i.Passes)];

    private static IndicatorResult WithInputs(IndicatorResult result, ProgrammeInputs inputs)
    {
        var code = result.Indicator.Code;
        var entered = inputs.Entered.GetValueOrDefault(code);
        var waiver = result.Indicator.Core ? null : inputs.Waivers.GetValueOrDefault(code);
        return result with
        {
            Source = entered?.Source,
            WaiverReason = waiver,
            Status = waiver is null ? result.Status : IndicatorStatus.Waived,
        };
    }

    private static IndicatorResult Assess(ZeroCarbonIndicator indicator, int year, Balance annual, IReadOnlyDictionary<string, decimal> baseline, ProgrammeInputs inputs)
    {
        var value = indicator.IsEntered ? inputs.Entered.GetValueOrDefault(indicator.Code)?.Value : ZeroCarbonRules.Measures[indicator.Measure](annual);
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
