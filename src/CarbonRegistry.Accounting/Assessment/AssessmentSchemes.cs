using System.Text.Json;
using System.Text.Json.Serialization;
using CarbonRegistry.Accounting.Factors;

namespace CarbonRegistry.Accounting.Assessment;

/// <summary>An indicator of a scheme: a result computed from the year's dual-control figures, or a judgement entered with a reason.</summary>
public sealed record SchemeIndicator
{
    /// <summary>Stable code.</summary>
    public required string Code { get; init; }

    /// <summary>English name.</summary>
    public required string Name { get; init; }

    /// <summary>Chinese name.</summary>
    public required string NameZh { get; init; }

    /// <summary>What decides it: one of <see cref="AssessmentSchemes.Measures"/>, or <see cref="AssessmentSchemes.Judgement"/>.</summary>
    public required string Measure { get; init; }

    /// <summary>The most points it gives.</summary>
    public required decimal Points { get; init; }

    /// <summary>A veto item: missing it gives the scheme's veto grade whatever the score.</summary>
    public bool Veto { get; init; }

    /// <summary>verified, recalled or unknown.</summary>
    public required string Status { get; init; }

    /// <summary>Whether provincial staff enter its points.</summary>
    public bool IsJudgement => Measure == AssessmentSchemes.Judgement;
}

/// <summary>What follows from a grade (policy.md section 4).</summary>
/// <param name="Funds">Fund allocation: priority, normal or reduced (no weight is given in the registry's sources).</param>
/// <param name="Approvals">Two-high approvals in the region: normal, conditional or frozen.</param>
/// <param name="Honours">Eligible for honours, not eligible, or null where the rules do not say.</param>
/// <param name="Talks">Summoned for talks (约谈).</param>
/// <param name="RectificationReportMonths">A written rectification report is due this many months after publication, or null.</param>
/// <param name="Note">What else the rules say.</param>
public sealed record GradeConsequences(string Funds, string Approvals, bool? Honours, bool Talks, int? RectificationReportMonths, string? Note)
{
    /// <summary>The fund categories a grade may have.</summary>
    public static readonly string[] FundCategories = ["priority", "normal", "reduced"];

    /// <summary>The approval regimes a grade may have.</summary>
    public static readonly string[] ApprovalRegimes = ["normal", "conditional", "frozen"];
}

/// <summary>A grade and the scores it covers: from <see cref="Min"/> up to (not including) <see cref="Max"/>; the top band includes the total.</summary>
/// <param name="Code">Grade code.</param>
/// <param name="Name">English name.</param>
/// <param name="NameZh">Chinese name.</param>
/// <param name="Min">Lowest score of the band.</param>
/// <param name="Max">Score the band runs up to.</param>
/// <param name="Consequences">What follows from the grade, or null where the scheme gives nothing.</param>
public sealed record GradeBand(string Code, string Name, string NameZh, decimal Min, decimal Max, GradeConsequences? Consequences = null);

/// <summary>An assessment scheme: its indicators, points, veto items and grade bands, for the years it covers.</summary>
public sealed record AssessmentScheme
{
    /// <summary>Stable code.</summary>
    public required string Code { get; init; }

    /// <summary>English name.</summary>
    public required string Name { get; init; }

    /// <summary>Chinese name.</summary>
    public required string NameZh { get; init; }

    /// <summary>verified, recalled or unknown.</summary>
    public required string Status { get; init; }

    /// <summary>Where it comes from.</summary>
    public required string Source { get; init; }

    /// <summary>First year it covers.</summary>
    public required int FromYear { get; init; }

    /// <summary>Last year it covers, or null while in force.</summary>
    public int? ToYear { get; init; }

    /// <summary>The points of all indicators together.</summary>
    public required decimal TotalPoints { get; init; }

    /// <summary>Years of the plan a cumulative-progress indicator measures against (five for a five-year plan).</summary>
    public int PlanYears { get; init; } = 5;

    /// <summary>Indicators.</summary>
    public required IReadOnlyList<SchemeIndicator> Indicators { get; init; }

    /// <summary>Grade bands, best first.</summary>
    public required IReadOnlyList<GradeBand> Grades { get; init; }

    /// <summary>The grade of a region that misses a veto item.</summary>
    public required string VetoGrade { get; init; }

    /// <summary>Whether the scheme covers <paramref name="year"/>.</summary>
    public bool Covers(int year) => year >= FromYear && (ToYear is null || year <= ToYear);

    /// <summary>The band of <paramref name="score"/>.</summary>
    public GradeBand GradeOf(decimal score) =>
        Grades.First(g => score >= g.Min && (score < g.Max || (g.Max == TotalPoints && score <= g.Max)));

    /// <summary>The indicator with <paramref name="code"/>, or null.</summary>
    public SchemeIndicator? Indicator(string code) => Indicators.FirstOrDefault(i => i.Code == code);
}

/// <summary>The assessment schemes, as versioned data (<c>schema/policy/assessment-schemes.json</c>).</summary>
public sealed record AssessmentSchemes(string Id, IReadOnlyList<AssessmentScheme> Schemes)
{
    /// <summary>The measure of an indicator whose points are entered.</summary>
    public const string Judgement = "judgement";

    /// <summary>The results an indicator may be decided by.</summary>
    public static IReadOnlyCollection<string> Measures { get; } = ["energyIntensityMet", "energyTotalMet", "carbonIntensityMet", "carbonTotalMet", "carbonIntensityProgressMet"];

    /// <summary>The scheme with <paramref name="code"/>, or null.</summary>
    public AssessmentScheme? Scheme(string code) => Schemes.FirstOrDefault(s => s.Code == code);

    /// <summary>Loads <c>assessment-schemes.json</c> of <paramref name="directory"/>; a malformed or inconsistent file stops the load naming it.</summary>
    public static AssessmentSchemes Load(string directory)
    {
        const string File = "assessment-schemes.json";
        AssessmentSchemes schemes;
        try
        {
            schemes = JsonSerializer.Deserialize<AssessmentSchemes>(System.IO.File.ReadAllText(Path.Combine(directory, File)), s_json)
                ?? throw new FactorFileException(File, "(file)", "the file is empty");
        }
        catch (Exception error) when (error is JsonException or IOException)
        {
            throw new FactorFileException(File, "(file)", error.Message);
        }

        foreach (var scheme in schemes.Schemes)
        {
            Check(scheme);
        }

        foreach (var group in schemes.Schemes.GroupBy(s => s.Code).Where(g => g.Count() > 1))
        {
            throw new FactorFileException(File, group.Key, "a scheme code appears more than once");
        }

        return schemes;
    }

    /// <summary>
    /// Refuses a scheme whose points do not add up to its total, whose bands overlap, leave a gap
    /// or do not run from 0 to the total, whose veto grade is not one of its grades, or that names a
    /// result the registry does not compute.
    /// </summary>
    public static void Check(AssessmentScheme scheme)
    {
        const string File = "assessment-schemes.json";
        var key = scheme.Code;
        if (scheme.Indicators.Sum(i => i.Points) != scheme.TotalPoints)
        {
            throw new FactorFileException(File, key, $"the indicators' points add up to {scheme.Indicators.Sum(i => i.Points)}, not the total {scheme.TotalPoints}");
        }

        foreach (var indicator in scheme.Indicators.Where(i => i.Points <= 0m || (!i.IsJudgement && !Measures.Contains(i.Measure))))
        {
            throw new FactorFileException(File, $"{key}.{indicator.Code}", $"an indicator has points above 0 and a measure of {string.Join(", ", Measures)} or '{Judgement}'");
        }

        var bands = scheme.Grades.OrderBy(g => g.Min).ToList();
        if (bands.Count == 0 || bands[0].Min != 0m || bands[^1].Max != scheme.TotalPoints
            || bands.Any(b => b.Max <= b.Min) || bands.Zip(bands.Skip(1)).Any(pair => pair.First.Max != pair.Second.Min))
        {
            throw new FactorFileException(File, key, $"grade bands must run from 0 to {scheme.TotalPoints} without gap or overlap");
        }

        foreach (var grade in scheme.Grades.Where(g => g.Consequences is { } c
            && (!GradeConsequences.FundCategories.Contains(c.Funds) || !GradeConsequences.ApprovalRegimes.Contains(c.Approvals) || c.RectificationReportMonths is <= 0)))
        {
            throw new FactorFileException(File, $"{key}.{grade.Code}", $"consequences name funds of {string.Join(", ", GradeConsequences.FundCategories)}, approvals of {string.Join(", ", GradeConsequences.ApprovalRegimes)}, and a report due in months above 0");
        }

        if (!scheme.Grades.Any(g => g.Code == scheme.VetoGrade))
        {
            throw new FactorFileException(File, key, $"the veto grade '{scheme.VetoGrade}' is not one of the scheme's grades");
        }

        if (scheme.ToYear < scheme.FromYear || scheme.PlanYears <= 0)
        {
            throw new FactorFileException(File, key, "the years are backwards, or the plan has no years");
        }
    }

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };
}
