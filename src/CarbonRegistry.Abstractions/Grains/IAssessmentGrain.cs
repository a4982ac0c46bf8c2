using CarbonRegistry.Abstractions.Assessment;
using CarbonRegistry.Abstractions.Reports;

namespace CarbonRegistry.Abstractions.Grains;

/// <summary>
/// The annual assessment of the province's cities and zones under one scheme, keyed
/// <c>&lt;scheme&gt;:&lt;year&gt;</c>: judgements entered with reasons, the results computed from the
/// ledger's figures, and publications, each a ledger event of the stream
/// <c>assessment:&lt;scheme&gt;:&lt;year&gt;</c>. A published version never changes; a re-assessment
/// after amendments is a new version beside it.
/// </summary>
public interface IAssessmentGrain : IGrainWithStringKey
{
    /// <summary>The results as they stand now, the judgements and the published versions.</summary>
    Task<AssessmentView> GetView();

    /// <summary>
    /// The grade of <paramref name="entityId"/> in the latest published version, or null when none
    /// is published, the region is not in it, or its result is incomplete (an incomplete result
    /// carries no consequences).
    /// </summary>
    [Orleans.Concurrency.AlwaysInterleave]
    Task<string?> GetPublishedGrade(string entityId);

    /// <summary>Enters the points of a judgement indicator for a city or zone, with the reason.</summary>
    Task<AssessmentView> EnterJudgement(string entityId, string indicator, decimal points, string reason, Actor actor);

    /// <summary>
    /// Publishes the results as they stand now as a new version; refused when they equal the latest
    /// version. A region whose grade requires a rectification report then owes one, due the
    /// scheme's months after publication.
    /// </summary>
    Task<AssessmentView> Publish(Actor actor);

    /// <summary>Records a region's rectification report.</summary>
    Task<AssessmentView> SubmitRectificationReport(string entityId, string reference, Actor actor);
}
