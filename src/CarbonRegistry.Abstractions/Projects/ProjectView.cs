namespace CarbonRegistry.Abstractions.Projects;

/// <summary>A project as served: what was registered, where it stands, its figures, flags, reviews and substitution plan.</summary>
[GenerateSerializer, Immutable]
public sealed record ProjectView
{
    /// <summary>The registration (with its latest disposal decision beside it).</summary>
    [Id(0)] public required ProjectRegistration Registration { get; init; }

    /// <summary>Current stage.</summary>
    [Id(1)] public required ProjectStage Stage { get; init; }

    /// <summary>The city the site belongs to (for the substitution ratio and headroom), or null.</summary>
    [Id(2)] public string? CityId { get; init; }

    /// <summary>New annual energy and coal use and CO2, computed as a report is.</summary>
    [Id(3)] public required ProjectFigures Figures { get; init; }

    /// <summary>Computed flags.</summary>
    [Id(4)] public required ProjectFlags Flags { get; init; }

    /// <summary>The latest disposal decision, if any.</summary>
    [Id(5)] public DisposalView? Disposal { get; init; }

    /// <summary>Review rounds, oldest first.</summary>
    [Id(6)] public IReadOnlyList<ReviewRoundView> Rounds { get; init; } = [];

    /// <summary>The coal substitution plan.</summary>
    [Id(7)] public required SubstitutionPlanView Substitution { get; init; }

    /// <summary>Ledger version of the project.</summary>
    [Id(8)] public long Version { get; init; }

    /// <summary>When it was registered.</summary>
    [Id(9)] public DateTimeOffset RegisteredAt { get; init; }

    /// <summary>The rules the figures and flags were worked out with (ids of the policy files).</summary>
    [Id(10)] public required string PolicyId { get; init; }

    /// <summary>A major national project's energy accounted apart (能耗单列), as confirmed, by year.</summary>
    [Id(11)] public IReadOnlyList<SeparateEnergyView> SeparateEnergy { get; init; } = [];
}

/// <summary>A major national project's energy of a year accounted apart from its region's (能耗单列), as confirmed.</summary>
[GenerateSerializer, Immutable]
public sealed record SeparateEnergyView
{
    /// <summary>The year.</summary>
    [Id(0)] public required int Year { get; init; }

    /// <summary>The energy confirmed, tce.</summary>
    [Id(1)] public required decimal EnergyTce { get; init; }

    /// <summary>The confirmation it rests on (document number).</summary>
    [Id(2)] public required string Reference { get; init; }

    /// <summary>When it was recorded (the project's history says by whom).</summary>
    [Id(3)] public DateTimeOffset At { get; init; }
}

/// <summary>A project's new annual use, and what it emits.</summary>
[GenerateSerializer, Immutable]
public sealed record ProjectFigures
{
    /// <summary>Energy, tce (equivalent value).</summary>
    [Id(0)] public decimal EnergyTce { get; init; }

    /// <summary>Energy with electricity by the equal-value method, tce.</summary>
    [Id(1)] public decimal EqualValueEnergyTce { get; init; }

    /// <summary>Coal burned, physical tonnes, of the carriers the substitution rule counts.</summary>
    [Id(2)] public decimal CoalFuelTonnes { get; init; }

    /// <summary>Coal used as raw material, physical tonnes.</summary>
    [Id(3)] public decimal CoalFeedstockTonnes { get; init; }

    /// <summary>Gross CO2 (scope 1 and location-based scope 2), tCO2e.</summary>
    [Id(4)] public decimal Co2Tco2e { get; init; }

    /// <summary>The factor set of the planned start year used.</summary>
    [Id(5)] public required string FactorSetId { get; init; }
}

/// <summary>What the rules say of a project.</summary>
[GenerateSerializer, Immutable]
public sealed record ProjectFlags
{
    /// <summary>New energy use at or above the national window-guidance threshold (50,000 tce).</summary>
    [Id(0)] public bool NationalWindowGuidance { get; init; }

    /// <summary>Unit energy use worse than the benchmark: a proposed or under-construction project cannot be approved.</summary>
    [Id(1)] public bool BelowBenchmark { get; init; }

    /// <summary>Unit energy use worse than the baseline: an existing plant must upgrade within a deadline or exit.</summary>
    [Id(2)] public bool BelowBaseline { get; init; }

    /// <summary>The efficiency reference row behind the two checks is a demo placeholder, not the published value.</summary>
    [Id(3)] public bool ReferenceIsDemo { get; init; }

    /// <summary>No efficiency reference row for the stated product: neither check could be made.</summary>
    [Id(4)] public bool NoReference { get; init; }
}

/// <summary>A disposal decision.</summary>
[GenerateSerializer, Immutable]
public sealed record DisposalView
{
    /// <summary>Category code.</summary>
    [Id(0)] public required string Category { get; init; }

    /// <summary>Rectification deadline.</summary>
    [Id(1)] public DateOnly? Deadline { get; init; }

    /// <summary>Yearly milestones.</summary>
    [Id(2)] public IReadOnlyList<MilestoneInput> Milestones { get; init; } = [];

    /// <summary>When it was decided.</summary>
    [Id(3)] public DateTimeOffset DecidedAt { get; init; }
}

/// <summary>How a review round stands.</summary>
public enum ReviewStatus
{
    /// <summary>Waiting for sign-offs.</summary>
    Open,

    /// <summary>Every department approved.</summary>
    Approved,

    /// <summary>A department rejected: the round is over.</summary>
    Rejected,
}

/// <summary>One round of the joint review.</summary>
[GenerateSerializer, Immutable]
public sealed record ReviewRoundView
{
    /// <summary>1 for the first round, and so on.</summary>
    [Id(0)] public int Number { get; init; }

    /// <summary>Status.</summary>
    [Id(1)] public ReviewStatus Status { get; init; }

    /// <summary>The departments asked.</summary>
    [Id(2)] public IReadOnlyList<string> Departments { get; init; } = [];

    /// <summary>Sign-offs in the order they came.</summary>
    [Id(3)] public IReadOnlyList<SignOffView> SignOffs { get; init; } = [];

    /// <summary>When it was opened.</summary>
    [Id(4)] public DateTimeOffset OpenedAt { get; init; }
}

/// <summary>A department's decision.</summary>
[GenerateSerializer, Immutable]
public sealed record SignOffView
{
    /// <summary>Department code.</summary>
    [Id(0)] public required string Department { get; init; }

    /// <summary>Approved or rejected.</summary>
    [Id(1)] public bool Approve { get; init; }

    /// <summary>The reviewer's comment.</summary>
    [Id(2)] public required string Comment { get; init; }

    /// <summary>Who signed.</summary>
    [Id(3)] public required string Reviewer { get; init; }

    /// <summary>When.</summary>
    [Id(4)] public DateTimeOffset At { get; init; }

    /// <summary>The conditions an approval was given on, or null.</summary>
    [Id(5)] public string? Conditions { get; init; }
}

/// <summary>How a substitution plan stands.</summary>
public enum SubstitutionStatus
{
    /// <summary>The project uses no coal the rule counts.</summary>
    NotRequired,

    /// <summary>The rule gives no ratio where the project is: the requirement cannot be worked out (a parameter to set).</summary>
    RatioUnknown,

    /// <summary>Verified sources fall short of the requirement.</summary>
    Open,

    /// <summary>Verified sources cover the requirement.</summary>
    Covered,
}

/// <summary>A coal substitution plan.</summary>
[GenerateSerializer, Immutable]
public sealed record SubstitutionPlanView
{
    /// <summary>Status.</summary>
    [Id(0)] public SubstitutionStatus Status { get; init; }

    /// <summary>The new coal use the rule counts, physical tonnes a year.</summary>
    [Id(1)] public decimal CountedCoalTonnes { get; init; }

    /// <summary>The ratio that applies, or null where the rule gives none.</summary>
    [Id(2)] public decimal? Ratio { get; init; }

    /// <summary>How far the ratio is verified, and what the source says.</summary>
    [Id(3)] public required string RatioNote { get; init; }

    /// <summary>Counted coal × ratio, or null while the ratio is unknown.</summary>
    [Id(4)] public decimal? RequiredTonnes { get; init; }

    /// <summary>Tonnes of verified sources.</summary>
    [Id(5)] public decimal VerifiedTonnes { get; init; }

    /// <summary>The rule the requirement comes from.</summary>
    [Id(6)] public required string RuleId { get; init; }

    /// <summary>The sources, in the order they were added.</summary>
    [Id(7)] public IReadOnlyList<SubstitutionSourceView> Sources { get; init; } = [];
}

/// <summary>How a substitution source stands.</summary>
public enum SourceStatus
{
    /// <summary>Claimed by the plan, not yet verified.</summary>
    Claimed,

    /// <summary>Verified by the energy bureau.</summary>
    Verified,

    /// <summary>Revoked (false or double-counted): it no longer counts.</summary>
    Revoked,
}

/// <summary>A source of a substitution plan.</summary>
[GenerateSerializer, Immutable]
public sealed record SubstitutionSourceView
{
    /// <summary>What was claimed.</summary>
    [Id(0)] public required SubstitutionSourceInput Source { get; init; }

    /// <summary>Status.</summary>
    [Id(1)] public SourceStatus Status { get; init; }

    /// <summary>Who verified or revoked it, and why (revocation).</summary>
    [Id(2)] public string? Note { get; init; }
}
