namespace CarbonRegistry.Accounting.DualControl;

/// <summary>
/// The early-warning levels of energy dual control (国家发展改革委办公厅 发改办环资〔2021〕629号, the
/// barometer): level 1 (red) when energy intensity rose above the base year, level 2 (yellow) when
/// the region is behind its progress, level 3 (green) when it is on track.
/// </summary>
public enum WarningLevel
{
    /// <summary>Level 1: energy intensity rose. Suspends the energy review of two-high projects in the region (national major projects exempt).</summary>
    Level1,

    /// <summary>Level 2: behind the expected progress.</summary>
    Level2,

    /// <summary>Level 3: on track.</summary>
    Level3,
}

/// <summary>The warning level of a dual-control status, from the barometer's own ratings.</summary>
public static class EarlyWarning
{
    /// <summary>
    /// Level 1 when the energy-intensity rating is red (intensity above the base year); otherwise
    /// level 2 when any energy rating is behind (yellow or red), level 3 when all are green; null
    /// when the region has no energy target that can be rated.
    /// </summary>
    public static WarningLevel? Level(DualControlStatus status) => status switch
    {
        { EnergyIntensity.Rating: Rating.Red } => WarningLevel.Level1,
        { EnergyRating: Rating.Yellow or Rating.Red } => WarningLevel.Level2,
        { EnergyRating: Rating.Green } => WarningLevel.Level3,
        _ => null,
    };

    /// <summary>Whether a level freezes two-high approvals in its region.</summary>
    public static bool FreezesApprovals(WarningLevel? level) => level == WarningLevel.Level1;
}
