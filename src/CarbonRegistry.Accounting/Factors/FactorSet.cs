using CarbonRegistry.Accounting.Errors;

namespace CarbonRegistry.Accounting.Factors;

/// <summary>
/// A versioned, effective-dated set of every factor the accounting needs for the data years it
/// covers. A period is computed with the set of its own data year and keeps it until an explicit
/// recalculation; sets are data (<c>schema/factors/</c>), loaded by <see cref="FactorSetLoader"/>.
/// </summary>
public sealed class FactorSet
{
    /// <summary>Stable id, e.g. <c>CN-2022.1</c>; a correction is a new set that supersedes it.</summary>
    public required string Id { get; init; }

    /// <summary>Human-readable title.</summary>
    public required string Title { get; init; }

    /// <summary>First data year covered.</summary>
    public required int FromYear { get; init; }

    /// <summary>Last data year covered.</summary>
    public required int ToYear { get; init; }

    /// <summary>Published or provisional.</summary>
    public required FactorSetStatus Status { get; init; }

    /// <summary>The id of the set this one replaces for new calculations, if any.</summary>
    public string? Supersedes { get; init; }

    /// <summary>Free text kept with the set (why it exists, caveats).</summary>
    public string Notes { get; init; } = "";

    /// <summary>Carriers by code.</summary>
    public required IReadOnlyDictionary<string, Carrier> Carriers { get; init; }

    /// <summary>Name of the GWP set in force (SAR, AR4, AR5, AR6).</summary>
    public required string GwpSet { get; init; }

    /// <summary>GWP100 of CH4 in the chosen set, tCO2e/tCH4.</summary>
    public required SourcedValue MethaneGwp { get; init; }

    /// <summary>GWP100 of N2O in the chosen set, tCO2e/tN2O.</summary>
    public required SourcedValue NitrousOxideGwp { get; init; }

    /// <summary>Electricity to standard coal, equivalent value (当量值), kgce/kWh.</summary>
    public required SourcedValue ElectricityEquivalent { get; init; }

    /// <summary>Average standard-coal consumption of thermal power supply, for the equal-value (等价值) figure, kgce/kWh.</summary>
    public required SourcedValue ThermalPowerCoalRate { get; init; }

    /// <summary>Location-based grid factors by region, kgCO2/kWh. National is always present.</summary>
    public required IReadOnlyDictionary<GridRegion, SourcedValue> GridFactors { get; init; }

    /// <summary>Residual factor for market-based scope 2 (national, excluding market-traded non-fossil power), kgCO2/kWh.</summary>
    public required SourcedValue ResidualGridFactor { get; init; }

    /// <summary>Purchased heat to standard coal, kgce/MJ.</summary>
    public required SourcedValue HeatStandardCoal { get; init; }

    /// <summary>Purchased heat emission factor, tCO2/GJ.</summary>
    public required SourcedValue HeatEmissionFactor { get; init; }

    /// <summary>CH4 density, t per 10^4 m3 at standard conditions.</summary>
    public required SourcedValue MethaneDensity { get; init; }

    /// <summary>Share of flared CH4 destroyed, a fraction in (0, 1].</summary>
    public required SourcedValue FlareDestruction { get; init; }

    /// <summary>Whether <paramref name="year"/> is one of the data years covered.</summary>
    public bool Covers(int year) => year >= FromYear && year <= ToYear;

    /// <summary>The carrier with <paramref name="code"/>, or <see cref="AccountingErrorCode.UnknownCarrier"/>.</summary>
    public Carrier Carrier(string code, string? field = null) =>
        Carriers.TryGetValue(code, out var carrier)
            ? carrier
            : throw new AccountingException(AccountingErrorCode.UnknownCarrier, $"Carrier '{code}' is not defined in factor set {Id}.", field);

    /// <summary>The grid factor of <paramref name="region"/>, or <see cref="AccountingErrorCode.FactorNotAvailable"/> when none is published for these years.</summary>
    public SourcedValue GridFactor(GridRegion region) =>
        GridFactors.TryGetValue(region, out var factor)
            ? factor
            : throw new AccountingException(
                AccountingErrorCode.FactorNotAvailable,
                $"Factor set {Id} has no {region} grid factor for {FromYear}–{ToYear}; choose another grid region.");
}
