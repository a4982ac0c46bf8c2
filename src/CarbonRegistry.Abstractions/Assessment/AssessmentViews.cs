using CarbonRegistry.Accounting.Assessment;

namespace CarbonRegistry.Abstractions.Assessment;

/// <summary>One indicator of a region's assessment.</summary>
[GenerateSerializer, Immutable]
public sealed record IndicatorScoreView
{
    /// <summary>Indicator code.</summary>
    [Id(0)] public required string Code { get; init; }

    /// <summary>Where it stands.</summary>
    [Id(1)] public required ScoreStatus Status { get; init; }

    /// <summary>Points earned.</summary>
    [Id(2)] public required decimal Points { get; init; }

    /// <summary>The figure assessed, if any (an intensity, a total, an achieved reduction, the points entered).</summary>
    [Id(3)] public decimal? Actual { get; init; }

    /// <summary>What the figure was held to, if any.</summary>
    [Id(4)] public decimal? Target { get; init; }

    /// <summary>A judgement's reason.</summary>
    [Id(5)] public string? Reason { get; init; }
}

/// <summary>A city's or zone's assessment for a year.</summary>
[GenerateSerializer, Immutable]
public sealed record RegionAssessmentView
{
    /// <summary>The region.</summary>
    [Id(0)] public required string EntityId { get; init; }

    /// <summary>Points earned.</summary>
    [Id(1)] public required decimal Score { get; init; }

    /// <summary>Grade code of the scheme.</summary>
    [Id(2)] public required string Grade { get; init; }

    /// <summary>Veto items missed.</summary>
    [Id(3)] public IReadOnlyList<string> VetoedBy { get; init; } = [];

    /// <summary>Every target set, figure computable and judgement entered, with twelve months reported.</summary>
    [Id(4)] public required bool Complete { get; init; }

    /// <summary>Months of the year in the figures.</summary>
    [Id(5)] public required int MonthsReported { get; init; }

    /// <summary>Each indicator.</summary>
    [Id(6)] public IReadOnlyList<IndicatorScoreView> Indicators { get; init; } = [];

    /// <summary>Energy of approved major national projects in the region accounted apart (能耗单列), as confirmed, tce (the year's rule set says whether it leaves the total); null when none is confirmed.</summary>
    [Id(7)] public decimal? SeparateEnergyTce { get; init; }

    /// <summary>The view of an accounting result.</summary>
    public static RegionAssessmentView From(string entityId, RegionAssessment a) => new()
    {
        EntityId = entityId,
        Score = a.Score,
        Grade = a.Grade.Code,
        VetoedBy = a.VetoedBy,
        Complete = a.Complete,
        MonthsReported = a.MonthsReported,
        Indicators = [.. a.Indicators.Select(i => new IndicatorScoreView { Code = i.Indicator.Code, Status = i.Status, Points = i.Points, Actual = i.Actual, Target = i.Target, Reason = i.Reason })],
    };
}

/// <summary>A judgement entered for a region.</summary>
[GenerateSerializer, Immutable]
public sealed record JudgementView
{
    /// <summary>The region.</summary>
    [Id(0)] public required string EntityId { get; init; }

    /// <summary>Indicator code.</summary>
    [Id(1)] public required string Indicator { get; init; }

    /// <summary>Points given.</summary>
    [Id(2)] public required decimal Points { get; init; }

    /// <summary>Why.</summary>
    [Id(3)] public required string Reason { get; init; }

    /// <summary>Who entered them.</summary>
    [Id(4)] public required string Actor { get; init; }

    /// <summary>When.</summary>
    [Id(5)] public required DateTimeOffset At { get; init; }
}

/// <summary>A published version of an assessment: immutable once written.</summary>
[GenerateSerializer, Immutable]
public sealed record PublishedAssessmentView
{
    /// <summary>1 for the first publication, and so on.</summary>
    [Id(0)] public required int Version { get; init; }

    /// <summary>Who published it.</summary>
    [Id(1)] public required string Actor { get; init; }

    /// <summary>When.</summary>
    [Id(2)] public required DateTimeOffset At { get; init; }

    /// <summary>The ledger sequence of the publication.</summary>
    [Id(3)] public required long Sequence { get; init; }

    /// <summary>Each region's result as published.</summary>
    [Id(4)] public IReadOnlyList<RegionAssessmentView> Results { get; init; } = [];

    /// <summary>The deduction rules the figures were derived with (the version of <c>deductions.json</c>); null in publications from before it was recorded.</summary>
    [Id(5)] public string? DeductionsId { get; init; }
}

/// <summary>Where a rectification report stands.</summary>
public enum ObligationStatus
{
    /// <summary>Due, not yet submitted.</summary>
    Open,

    /// <summary>Submitted (on time or late).</summary>
    Submitted,

    /// <summary>Past its due date and not submitted: an alert was raised.</summary>
    Overdue,
}

/// <summary>A written rectification report a region owes after a published grade that requires one.</summary>
[GenerateSerializer, Immutable]
public sealed record ObligationView
{
    /// <summary>The region.</summary>
    [Id(0)] public required string EntityId { get; init; }

    /// <summary>The published version whose grade imposed it.</summary>
    [Id(1)] public required int Version { get; init; }

    /// <summary>The grade that imposed it.</summary>
    [Id(2)] public required string Grade { get; init; }

    /// <summary>The last day it may be submitted (China time).</summary>
    [Id(3)] public required DateOnly Due { get; init; }

    /// <summary>Where it stands.</summary>
    [Id(4)] public required ObligationStatus Status { get; init; }

    /// <summary>The report's reference, once submitted.</summary>
    [Id(5)] public string? Reference { get; init; }

    /// <summary>When it was submitted.</summary>
    [Id(6)] public DateTimeOffset? SubmittedAt { get; init; }
}

/// <summary>An assessment of one scheme and year: the results as they stand now, the judgements behind them, and every published version.</summary>
[GenerateSerializer, Immutable]
public sealed record AssessmentView
{
    /// <summary>Scheme code.</summary>
    [Id(0)] public required string Scheme { get; init; }

    /// <summary>The year.</summary>
    [Id(1)] public required int Year { get; init; }

    /// <summary>Each city and zone, computed now from the ledger's figures and the judgements.</summary>
    [Id(2)] public IReadOnlyList<RegionAssessmentView> Current { get; init; } = [];

    /// <summary>Judgements entered, the latest per region and indicator.</summary>
    [Id(3)] public IReadOnlyList<JudgementView> Judgements { get; init; } = [];

    /// <summary>Published versions, oldest first.</summary>
    [Id(4)] public IReadOnlyList<PublishedAssessmentView> Published { get; init; } = [];

    /// <summary>Rectification reports owed after the published grades, by region.</summary>
    [Id(5)] public IReadOnlyList<ObligationView> Obligations { get; init; } = [];
}
