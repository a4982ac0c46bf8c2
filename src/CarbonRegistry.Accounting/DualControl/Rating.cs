namespace CarbonRegistry.Accounting.DualControl;

/// <summary>The barometer grades of dual-control progress (the national "晴雨表" uses these three).</summary>
public enum Rating
{
    /// <summary>On track.</summary>
    Green,

    /// <summary>Behind the expected path; warning.</summary>
    Yellow,

    /// <summary>Far behind or the target already missed; serious.</summary>
    Red,
}
