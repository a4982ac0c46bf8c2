namespace CarbonRegistry.Accounting.DualControl;

/// <summary>Progress of a body against its dual-control targets for a year, from the months reported so far.</summary>
public sealed record DualControlStatus
{
    /// <summary>The year assessed.</summary>
    public required int Year { get; init; }

    /// <summary>How many months of the year are reported (the elapsed share is this / 12).</summary>
    public required int MonthsReported { get; init; }

    /// <summary>Controlled energy against its cap, or null without a cap.</summary>
    public CapProgress? EnergyTotal { get; init; }

    /// <summary>Energy intensity against its target, or null without one.</summary>
    public IntensityProgress? EnergyIntensity { get; init; }

    /// <summary>Gross emissions against their cap, or null without a cap.</summary>
    public CapProgress? CarbonTotal { get; init; }

    /// <summary>Carbon intensity against its target, or null without one.</summary>
    public IntensityProgress? CarbonIntensity { get; init; }

    /// <summary>The worst rating of the energy indicators, or null when none can be rated.</summary>
    public Rating? EnergyRating { get; init; }

    /// <summary>The worst rating of the carbon indicators, or null when none can be rated.</summary>
    public Rating? CarbonRating { get; init; }
}

/// <summary>Consumption against a cap and its time-proportional expectation.</summary>
/// <param name="Cap">The full-year cap.</param>
/// <param name="Actual">The year to date.</param>
/// <param name="Expected">Cap × months reported / 12.</param>
/// <param name="ShareOfCap">Actual / cap.</param>
/// <param name="ShareOfExpected">Actual / expected; null before any month is reported.</param>
/// <param name="Rating">The grade.</param>
public sealed record CapProgress(decimal Cap, decimal Actual, decimal Expected, decimal ShareOfCap, decimal? ShareOfExpected, Rating Rating);

/// <summary>Intensity against a reduction target.</summary>
/// <param name="BaseIntensity">The base year's intensity.</param>
/// <param name="TargetIntensity">The intensity to reach.</param>
/// <param name="Actual">The year to date; null without value added.</param>
/// <param name="AchievedReduction">1 − actual / base; null without value added.</param>
/// <param name="Rating">The grade; null when the intensity is not defined.</param>
public sealed record IntensityProgress(decimal BaseIntensity, decimal TargetIntensity, decimal? Actual, decimal? AchievedReduction, Rating? Rating)
{
    /// <summary>The incentive target's intensity, or null without one.</summary>
    public decimal? IncentiveIntensity { get; init; }

    /// <summary>Whether the intensity is at or below the incentive target; null without one or without value added.</summary>
    public bool? MeetsIncentive { get; init; }
}
