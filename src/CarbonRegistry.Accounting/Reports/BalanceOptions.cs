using CarbonRegistry.Accounting.Factors;

namespace CarbonRegistry.Accounting.Reports;

/// <summary>Per-body settings and context a monthly balance needs beyond the report itself.</summary>
public sealed record BalanceOptions
{
    /// <summary>The default: national grid factor, no renewable baseline.</summary>
    public static BalanceOptions Default { get; } = new();

    /// <summary>Grid factor for location-based scope 2 (national by default).</summary>
    public GridRegion GridRegion { get; init; } = GridRegion.National;

    /// <summary>
    /// Renewable electricity (tce) the body consumed in the same period of the previous year
    /// (2020 being the first baseline). Only growth above it is deducted from controlled energy
    /// (NDRC 2022, "new renewable electricity is not counted in the energy total"). Zero for a body
    /// that consumed none then.
    /// </summary>
    public decimal RenewableBaselineTce { get; init; }
}
