using CarbonRegistry.Accounting.DualControl;

namespace CarbonRegistry.Accounting.Assessment;

/// <summary>Where an indicator of an assessment stands.</summary>
public enum ScoreStatus
{
    /// <summary>The target is met: full points.</summary>
    Met,

    /// <summary>The target is missed: no points (and the veto grade for a veto item).</summary>
    NotMet,

    /// <summary>The region has no target for it: no points, no veto; the assessment is incomplete.</summary>
    NoTarget,

    /// <summary>The figure cannot be computed (no value added): no points, no veto; incomplete.</summary>
    NoData,

    /// <summary>A judgement entered with its reason.</summary>
    Entered,

    /// <summary>A judgement not entered yet: no points; incomplete.</summary>
    NotEntered,

    /// <summary>
    /// The energy-total indicator of a region whose energy intensity meets its incentive target: exempt,
    /// with full points (发改环资〔2021〕1310号).
    /// </summary>
    Exempt,
}

/// <summary>Progress towards a five-year intensity target: the plan's target and the year's achieved reduction.</summary>
/// <param name="BaseYear">The plan's base year (the year before its first).</param>
/// <param name="PlanReduction">The reduction the plan's last year must reach, a fraction.</param>
/// <param name="AchievedReduction">1 − the year's intensity / the base year's.</param>
/// <param name="IncentiveReduction">The plan's higher incentive reduction, or null.</param>
public sealed record PlanProgress(int BaseYear, decimal PlanReduction, decimal? AchievedReduction, decimal? IncentiveReduction = null)
{
    /// <summary>The share of the plan elapsed by <paramref name="year"/>: (year − base year) / plan years, from 0 to 1.</summary>
    public decimal Elapsed(int year, int planYears) => (decimal)Math.Clamp(year - BaseYear, 0, planYears) / planYears;

    /// <summary>Whether the year's reduction is on the incentive target's path; null without an incentive target or a figure.</summary>
    public bool? MeetsIncentive(int year, int planYears) =>
        IncentiveReduction is { } incentive && AchievedReduction is { } achieved ? achieved >= incentive * Elapsed(year, planYears) : null;
}

/// <summary>A judgement's points and why.</summary>
/// <param name="Points">Points given, from 0 to the indicator's.</param>
/// <param name="Reason">The reason recorded with them.</param>
public sealed record Judgement(decimal Points, string Reason);

/// <summary>What an assessment of one region for one year rests on.</summary>
/// <param name="Status">The year's dual-control status (full-year figures against its targets).</param>
/// <param name="CarbonPlan">Progress towards the five-year carbon-intensity target, or null without one.</param>
/// <param name="Judgements">Entered judgements by indicator code.</param>
public sealed record AssessmentInputs(DualControlStatus Status, PlanProgress? CarbonPlan, IReadOnlyDictionary<string, Judgement> Judgements)
{
    /// <summary>Progress towards the five-year energy-intensity target, or null without one.</summary>
    public PlanProgress? EnergyPlan { get; init; }

    /// <summary>
    /// Whether the plan binds instead of the annual targets: the intensity items are then held to
    /// the plan's path and the incentive exemption follows the plan's incentive path.
    /// </summary>
    public bool PlanBinds { get; init; }
}

/// <summary>One indicator's result: status, points, and the figures it rests on.</summary>
/// <param name="Indicator">The indicator.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Points">Points earned.</param>
/// <param name="Actual">The figure assessed (intensity, controlled energy, emissions, achieved reduction), if any.</param>
/// <param name="Target">What it was held to, if any.</param>
/// <param name="Reason">A judgement's reason.</param>
public sealed record IndicatorScore(SchemeIndicator Indicator, ScoreStatus Status, decimal Points, decimal? Actual, decimal? Target, string? Reason);

/// <summary>A region's assessment for a year.</summary>
/// <param name="Scheme">The scheme.</param>
/// <param name="Year">The year.</param>
/// <param name="Indicators">Each indicator.</param>
/// <param name="Score">Points earned.</param>
/// <param name="VetoedBy">Veto items missed.</param>
/// <param name="Grade">The grade: the veto grade when a veto item is missed, otherwise the band of the score.</param>
/// <param name="MonthsReported">Months of the year in the figures.</param>
public sealed record RegionAssessment(AssessmentScheme Scheme, int Year, IReadOnlyList<IndicatorScore> Indicators, decimal Score, IReadOnlyList<string> VetoedBy, GradeBand Grade, int MonthsReported)
{
    /// <summary>Every target set, every figure computable, every judgement entered, all twelve months in.</summary>
    public bool Complete => MonthsReported == 12 && Indicators.All(i => i.Status is ScoreStatus.Met or ScoreStatus.NotMet or ScoreStatus.Entered or ScoreStatus.Exempt);
}

/// <summary>
/// Scores a region's year against a scheme: a computed indicator earns its full points when met
/// and none otherwise; a judgement earns the points entered; a missed veto item gives the
/// scheme's veto grade whatever the score.
/// </summary>
public static class Assessor
{
    /// <summary>The assessment of <paramref name="year"/> on <paramref name="inputs"/>.</summary>
    public static RegionAssessment Assess(AssessmentScheme scheme, int year, AssessmentInputs inputs)
    {
        var scores = scheme.Indicators.Select(i => Score(scheme, i, year, inputs)).ToList();
        var vetoed = scores.Where(s => s.Indicator.Veto && s.Status == ScoreStatus.NotMet).Select(s => s.Indicator.Code).ToList();
        var score = scores.Sum(s => s.Points);
        var grade = vetoed.Count > 0 ? scheme.Grades.Single(g => g.Code == scheme.VetoGrade) : scheme.GradeOf(score);
        return new RegionAssessment(scheme, year, scores, score, vetoed, grade, inputs.Status.MonthsReported);
    }

    private static IndicatorScore Score(AssessmentScheme scheme, SchemeIndicator indicator, int year, AssessmentInputs inputs)
    {
        if (indicator.IsJudgement)
        {
            return inputs.Judgements.TryGetValue(indicator.Code, out var judgement)
                ? new IndicatorScore(indicator, ScoreStatus.Entered, judgement.Points, judgement.Points, indicator.Points, judgement.Reason)
                : new IndicatorScore(indicator, ScoreStatus.NotEntered, 0m, null, indicator.Points, null);
        }

        var status = inputs.Status;
        (ScoreStatus Status, decimal? Actual, decimal? Target) result = indicator.Measure switch
        {
            "energyIntensityMet" when inputs is { PlanBinds: true, EnergyPlan: { } plan } => Progress(plan, year, scheme.PlanYears),
            "energyIntensityMet" => Intensity(status.EnergyIntensity),
            "carbonIntensityMet" when inputs is { PlanBinds: true, CarbonPlan: { } plan } => Progress(plan, year, scheme.PlanYears),
            "carbonIntensityMet" => Intensity(status.CarbonIntensity),
            "energyTotalMet" when MeetsIncentive(inputs, year, scheme.PlanYears) => (ScoreStatus.Exempt, status.EnergyTotal?.Actual, status.EnergyTotal?.Cap),
            "energyTotalMet" => Cap(status.EnergyTotal),
            "carbonTotalMet" => Cap(status.CarbonTotal),
            "carbonIntensityProgressMet" => Progress(inputs.CarbonPlan, year, scheme.PlanYears),
            _ => throw new InvalidOperationException($"Measure '{indicator.Measure}' is not computed (the scheme loader checks this)."),
        };
        return new IndicatorScore(indicator, result.Status, result.Status is ScoreStatus.Met or ScoreStatus.Exempt ? indicator.Points : 0m, result.Actual, result.Target, null);
    }

    /// <summary>The energy-intensity incentive target is met: on the plan's incentive path where the plan binds and has one, otherwise the year's.</summary>
    private static bool MeetsIncentive(AssessmentInputs inputs, int year, int planYears) =>
        inputs is { PlanBinds: true, EnergyPlan.IncentiveReduction: not null }
            ? inputs.EnergyPlan.MeetsIncentive(year, planYears) == true
            : inputs.Status.EnergyIntensity?.MeetsIncentive == true;

    /// <summary>Met when the intensity is at or below the target intensity.</summary>
    private static (ScoreStatus, decimal?, decimal?) Intensity(IntensityProgress? progress) => progress switch
    {
        null => (ScoreStatus.NoTarget, null, null),
        { Actual: null } => (ScoreStatus.NoData, null, progress.TargetIntensity),
        _ => (progress.Actual <= progress.TargetIntensity ? ScoreStatus.Met : ScoreStatus.NotMet, progress.Actual, progress.TargetIntensity),
    };

    /// <summary>Met when the year's total is within the full-year cap.</summary>
    private static (ScoreStatus, decimal?, decimal?) Cap(CapProgress? progress) => progress is null
        ? (ScoreStatus.NoTarget, null, null)
        : (progress.Actual <= progress.Cap ? ScoreStatus.Met : ScoreStatus.NotMet, progress.Actual, progress.Cap);

    /// <summary>
    /// Met when the reduction achieved since the plan's base year is at least the plan's reduction
    /// times the share of the plan elapsed: (year − base year) / plan years.
    /// </summary>
    private static (ScoreStatus, decimal?, decimal?) Progress(PlanProgress? plan, int year, int planYears)
    {
        if (plan is null)
        {
            return (ScoreStatus.NoTarget, null, null);
        }

        var required = plan.PlanReduction * plan.Elapsed(year, planYears);
        return plan.AchievedReduction is { } achieved
            ? (achieved >= required ? ScoreStatus.Met : ScoreStatus.NotMet, achieved, required)
            : (ScoreStatus.NoData, null, required);
    }
}
