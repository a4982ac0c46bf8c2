namespace CarbonRegistry.Accounting.Factors;

/// <summary>Which published grid factor a body's location-based scope 2 uses.</summary>
public enum GridRegion
{
    /// <summary>National average (the default of the national enterprise guidance).</summary>
    National,

    /// <summary>North China regional grid.</summary>
    NorthChina,

    /// <summary>Shanxi provincial grid.</summary>
    Shanxi,
}
