namespace CarbonRegistry.Accounting.DualControl;

/// <summary>A body's dual-control targets for one year. Any target may be absent.</summary>
public sealed record DualControlTargets
{
    /// <summary>The year the targets apply to.</summary>
    public required int Year { get; init; }

    /// <summary>Cap on controlled energy consumption for the year, tce.</summary>
    public decimal? EnergyCapTce { get; init; }

    /// <summary>Energy-intensity reduction against a base year.</summary>
    public IntensityTarget? EnergyIntensity { get; init; }

    /// <summary>Cap on gross emissions for the year, tCO2e.</summary>
    public decimal? CarbonCapTco2e { get; init; }

    /// <summary>Carbon-intensity reduction against a base year.</summary>
    public IntensityTarget? CarbonIntensity { get; init; }
}

/// <summary>
/// An intensity target: reduce the base year's intensity by <paramref name="Reduction"/>, the basic
/// (binding) target, and optionally by <paramref name="IncentiveReduction"/>, the higher incentive
/// target (国家发展改革委 发改环资〔2021〕1310号).
/// </summary>
/// <param name="BaseYear">The base year.</param>
/// <param name="BaseIntensity">The base year's intensity (per 10^4 yuan at comparable prices).</param>
/// <param name="Reduction">The basic target's reduction as a fraction, e.g. 0.135 for 13.5%.</param>
/// <param name="IncentiveReduction">The incentive target's reduction, at least the basic one, or null.</param>
public sealed record IntensityTarget(int BaseYear, decimal BaseIntensity, decimal Reduction, decimal? IncentiveReduction = null)
{
    /// <summary>The intensity to reach: base × (1 − reduction).</summary>
    public decimal TargetIntensity => BaseIntensity * (1m - Reduction);

    /// <summary>The incentive target's intensity, or null.</summary>
    public decimal? IncentiveIntensity => IncentiveReduction is { } incentive ? BaseIntensity * (1m - incentive) : null;
}
