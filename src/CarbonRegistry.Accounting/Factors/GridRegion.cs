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

/// <summary>
/// The codes a grid region is written as, in factor files, registrations and the API
/// (<c>national</c>, <c>north_china</c>, <c>shanxi</c>): the one place they are defined.
/// </summary>
public static class GridRegions
{
    private static readonly Dictionary<string, GridRegion> s_byCode = new(StringComparer.Ordinal)
    {
        ["national"] = GridRegion.National,
        ["north_china"] = GridRegion.NorthChina,
        ["shanxi"] = GridRegion.Shanxi,
    };

    /// <summary>The codes for messages: <c>national, north_china or shanxi</c>.</summary>
    public static string Expected { get; } = string.Join(", ", s_byCode.Keys.SkipLast(1)) + " or " + s_byCode.Keys.Last();

    /// <summary>The region a code names, or false for a code that names none.</summary>
    public static bool TryParse(string? code, out GridRegion region) => s_byCode.TryGetValue(code ?? "", out region);

    /// <summary>The code of <paramref name="region"/>.</summary>
    public static string Code(GridRegion region) => s_byCode.First(pair => pair.Value == region).Key;
}
