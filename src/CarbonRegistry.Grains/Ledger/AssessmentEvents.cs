using System.Text.Json.Serialization;
using CarbonRegistry.Abstractions.Assessment;
using CarbonRegistry.Accounting.Assessment;

namespace CarbonRegistry.Grains.Ledger;

// The events of an annual assessment, under the stream "assessment:<scheme>:<year>", and of a
// province's carbon budgets, under "budget:<province>:<year>". Like every ledger record, each JSON
// name is pinned and enums are written as their members' names.

/// <summary>The points of a judgement indicator entered for a region, with the reason.</summary>
public sealed record AssessmentJudgementEntered(
    [property: JsonPropertyName("entityId")] string EntityId,
    [property: JsonPropertyName("indicator")] string Indicator,
    [property: JsonPropertyName("points")] decimal Points,
    [property: JsonPropertyName("reason")] string Reason) : LedgerEvent;

/// <summary>The results as they stood, published as a version. Recorded in full: a published result never changes.</summary>
public sealed record AssessmentPublished(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("schemesId")] string SchemesId,
    [property: JsonPropertyName("results")] IReadOnlyList<LedgerRegionResult> Results,
    [property: JsonPropertyName("deductionsId")] string? DeductionsId = null) : LedgerEvent;

/// <summary>One region's published result.</summary>
public sealed record LedgerRegionResult(
    [property: JsonPropertyName("entityId")] string EntityId,
    [property: JsonPropertyName("score")] decimal Score,
    [property: JsonPropertyName("grade")] string Grade,
    [property: JsonPropertyName("vetoedBy")] IReadOnlyList<string> VetoedBy,
    [property: JsonPropertyName("complete")] bool Complete,
    [property: JsonPropertyName("monthsReported")] int MonthsReported,
    [property: JsonPropertyName("indicators")] IReadOnlyList<LedgerIndicatorScore> Indicators,
    [property: JsonPropertyName("separateEnergyTce")] decimal? SeparateEnergyTce = null)
{
    /// <summary>The record of <paramref name="view"/>.</summary>
    public static LedgerRegionResult From(RegionAssessmentView view) => new(
        view.EntityId, view.Score, view.Grade, view.VetoedBy, view.Complete, view.MonthsReported,
        [.. view.Indicators.Select(i => new LedgerIndicatorScore(i.Code, i.Status.ToString(), i.Points, i.Actual, i.Target, i.Reason))],
        view.SeparateEnergyTce);

    /// <summary>The result as served.</summary>
    public RegionAssessmentView ToView() => new()
    {
        EntityId = EntityId,
        Score = Score,
        Grade = Grade,
        VetoedBy = VetoedBy,
        Complete = Complete,
        MonthsReported = MonthsReported,
        SeparateEnergyTce = SeparateEnergyTce,
        Indicators = [.. Indicators.Select(i => new IndicatorScoreView { Code = i.Code, Status = LedgerNames.Parse<ScoreStatus>(i.Status, "status"), Points = i.Points, Actual = i.Actual, Target = i.Target, Reason = i.Reason })],
    };
}

/// <summary>One indicator of a published result.</summary>
public sealed record LedgerIndicatorScore(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("points")] decimal Points,
    [property: JsonPropertyName("actual")] decimal? Actual,
    [property: JsonPropertyName("target")] decimal? Target,
    [property: JsonPropertyName("reason")] string? Reason);

/// <summary>A carbon budget of the province or one of its cities set for the stream's year, tCO2e.</summary>
public sealed record CarbonBudgetSet(
    [property: JsonPropertyName("entityId")] string EntityId,
    [property: JsonPropertyName("budgetTco2e")] decimal BudgetTco2e,
    [property: JsonPropertyName("reason")] string Reason) : LedgerEvent;

/// <summary>A region's rectification report was submitted.</summary>
public sealed record RectificationReportSubmitted(
    [property: JsonPropertyName("entityId")] string EntityId,
    [property: JsonPropertyName("reference")] string Reference) : LedgerEvent;

/// <summary>A region's rectification report passed its due date unsubmitted: the alert's event.</summary>
public sealed record RectificationOverdue(
    [property: JsonPropertyName("entityId")] string EntityId,
    [property: JsonPropertyName("due")] DateOnly Due) : LedgerEvent;
