using CarbonRegistry.Accounting.DualControl;

namespace CarbonRegistry.Abstractions.DualControl;

/// <summary>Dual-control targets of a body for a year; any may be absent.</summary>
[GenerateSerializer, Immutable]
public sealed record TargetsInput
{
    /// <summary>The year.</summary>
    [Id(0)] public required int Year { get; init; }

    /// <summary>Cap on controlled energy, tce.</summary>
    [Id(1)] public decimal? EnergyCapTce { get; init; }

    /// <summary>Energy-intensity target.</summary>
    [Id(2)] public IntensityTargetInput? EnergyIntensity { get; init; }

    /// <summary>Cap on gross emissions, tCO2e.</summary>
    [Id(3)] public decimal? CarbonCapTco2e { get; init; }

    /// <summary>Carbon-intensity target.</summary>
    [Id(4)] public IntensityTargetInput? CarbonIntensity { get; init; }
}

/// <summary>
/// Which targets bind a region's annual assessment. Shanxi's wording of "flexible annual
/// management" is unknown (policy.md section 3), so the province says it per plan.
/// </summary>
public enum TargetBinding
{
    /// <summary>The annual targets bind; the plan's targets measure cumulative progress.</summary>
    Annual,

    /// <summary>
    /// The plan binds: each year's intensity is held to the plan's path (its reduction times the
    /// share of the plan elapsed), the incentive exemption follows the plan's incentive path, and
    /// the plan's caps hold in its last year.
    /// </summary>
    Plan,
}

/// <summary>
/// Five-year targets of a body for a national plan period (2021–2025, 2026–2030, …): caps on the
/// controlled energy and gross emissions of the plan's last year, intensity reductions from a base
/// year by the plan's end (basic and incentive), and which targets bind.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PlanTargetsInput
{
    /// <summary>Years in a plan.</summary>
    public const int PlanYears = 5;

    /// <summary>The plan's first year (2021, 2026, …).</summary>
    [Id(0)] public required int FromYear { get; init; }

    /// <summary>The plan's last year: <see cref="FromYear"/> + 4.</summary>
    [Id(1)] public required int ToYear { get; init; }

    /// <summary>The targets of the plan's last year (their <see cref="TargetsInput.Year"/> is <see cref="ToYear"/>).</summary>
    [Id(2)] public required TargetsInput Targets { get; init; }

    /// <summary>Which targets bind the annual assessment.</summary>
    [Id(3)] public TargetBinding Binding { get; init; }

    /// <summary>Whether <paramref name="year"/> is in the plan.</summary>
    public bool Covers(int year) => year >= FromYear && year <= ToYear;
}

/// <summary>Reduce the base year's intensity by a fraction.</summary>
/// <param name="BaseYear">Base year.</param>
/// <param name="BaseIntensity">Base year intensity per 10^4 yuan.</param>
/// <param name="Reduction">Fraction, e.g. 0.03: the basic (binding) target.</param>
/// <param name="IncentiveReduction">The higher incentive target's fraction, or null.</param>
[GenerateSerializer, Immutable]
public sealed record IntensityTargetInput([property: Id(0)] int BaseYear, [property: Id(1)] decimal BaseIntensity, [property: Id(2)] decimal Reduction, [property: Id(3)] decimal? IncentiveReduction = null);

/// <summary>Progress against a cap.</summary>
[GenerateSerializer, Immutable]
public sealed record CapProgressView(
    [property: Id(0)] decimal Cap,
    [property: Id(1)] decimal Actual,
    [property: Id(2)] decimal Expected,
    [property: Id(3)] decimal ShareOfCap,
    [property: Id(4)] decimal? ShareOfExpected,
    [property: Id(5)] Rating Rating);

/// <summary>Progress against an intensity target.</summary>
[GenerateSerializer, Immutable]
public sealed record IntensityProgressView(
    [property: Id(0)] int BaseYear,
    [property: Id(1)] decimal BaseIntensity,
    [property: Id(2)] decimal TargetIntensity,
    [property: Id(3)] decimal? Actual,
    [property: Id(4)] decimal? AchievedReduction,
    [property: Id(5)] Rating? Rating)
{
    /// <summary>The incentive target's intensity, or null without one.</summary>
    [Id(6)] public decimal? IncentiveTargetIntensity { get; init; }

    /// <summary>Whether the incentive target is met; null without one or without value added.</summary>
    [Id(7)] public bool? MeetsIncentive { get; init; }
}

/// <summary>Dual-control status of a body for a year (rollup scope).</summary>
[GenerateSerializer, Immutable]
public sealed record DualControlView
{
    /// <summary>The entity.</summary>
    [Id(0)] public required string EntityId { get; init; }

    /// <summary>The year.</summary>
    [Id(1)] public required int Year { get; init; }

    /// <summary>Months with reported figures.</summary>
    [Id(2)] public required int MonthsReported { get; init; }

    /// <summary>Controlled energy against its cap.</summary>
    [Id(3)] public CapProgressView? EnergyTotal { get; init; }

    /// <summary>Energy intensity against its target.</summary>
    [Id(4)] public IntensityProgressView? EnergyIntensity { get; init; }

    /// <summary>Gross emissions against their cap.</summary>
    [Id(5)] public CapProgressView? CarbonTotal { get; init; }

    /// <summary>Carbon intensity against its target.</summary>
    [Id(6)] public IntensityProgressView? CarbonIntensity { get; init; }

    /// <summary>Worst energy grade.</summary>
    [Id(7)] public Rating? EnergyRating { get; init; }

    /// <summary>Worst carbon grade.</summary>
    [Id(8)] public Rating? CarbonRating { get; init; }

    /// <summary>The targets in force, if any were set.</summary>
    [Id(9)] public TargetsInput? Targets { get; init; }

    /// <summary>The early-warning level of the year to date, or null without an energy target that can be rated.</summary>
    [Id(10)] public WarningLevel? WarningLevel { get; init; }

    /// <summary>The five-year targets of the plan the year is in, if set.</summary>
    [Id(11)] public PlanTargetsInput? Plan { get; init; }
}

/// <summary>Where a period stands in the filing workflow.</summary>
public enum PeriodState
{
    /// <summary>Accepting reports and amendments.</summary>
    Open,

    /// <summary>Verified by the province; an amendment reopens it.</summary>
    Verified,

    /// <summary>Locked: no writes.</summary>
    Locked,
}

/// <summary>The state of one month, or of a whole year when <see cref="Month"/> is null.</summary>
[GenerateSerializer, Immutable]
public sealed record PeriodStatusView(
    [property: Id(0)] string EntityId,
    [property: Id(1)] int Year,
    [property: Id(2)] int? Month,
    [property: Id(3)] PeriodState State);
