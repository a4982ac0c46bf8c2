namespace CarbonRegistry.Accounting.DualControl;

/// <summary>
/// The thresholds of the barometer. Documented in the README; the defaults are the registry's
/// reading of the national practice and can be changed per deployment.
/// </summary>
public sealed record DualControlPolicy
{
    /// <summary>The defaults.</summary>
    public static DualControlPolicy Default { get; } = new();

    /// <summary>
    /// A cap is rated yellow while consumption runs above the time-proportional path by up to this
    /// share (default 10%), red beyond it or once the full-year cap itself is exceeded.
    /// </summary>
    public decimal CapYellowTolerance { get; init; } = 0.10m;
}
