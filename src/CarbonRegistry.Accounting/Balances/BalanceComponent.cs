namespace CarbonRegistry.Accounting.Balances;

/// <summary>
/// The additive components of a balance: exact products of reported quantities and factors, so
/// months add to a year and children add to a parent. This enumeration is <b>the one list</b> of
/// them: the balance, the stored and exchanged components, the read model's columns (the member's
/// name in snake case) and the GraphQL <c>EnergyByCarrier</c> fields (members marked
/// <see cref="EnergyCarrierAttribute"/>, in camel case) all follow it. Headline figures (totals,
/// deductions, intensities) are derived from the components by <see cref="Balance"/>.
/// <para>
/// A member's value is its field id on the Orleans wire and must never change; a new component
/// takes the next value above the highest (21–24 are taken by the value added and the counts of
/// <c>BalanceComponents</c>, the stored record) and a migration per engine that adds its column,
/// as V006 did for <see cref="RawCoalOutputT"/>, <see cref="MethaneDrainedM3"/> and <see cref="MethaneUtilisedM3"/>.
/// </para>
/// All energy is tce by the equivalent (当量值) method unless a name says otherwise.
/// </summary>
public enum BalanceComponent
{
    /// <summary>Fossil fuels burned, tce.</summary>
    [EnergyCarrier]
    FuelCombustionTce = 0,

    /// <summary>Fossil fuels used as feedstock, tce.</summary>
    [EnergyCarrier]
    FeedstockTce = 1,

    /// <summary>Biomass burned, tce.</summary>
    [EnergyCarrier]
    BiomassTce = 2,

    /// <summary>Fuels flagged clean in the factor set (biomass included), tce.</summary>
    [EnergyCarrier(PartOf = FuelCombustionTce)]
    CleanFuelTce = 3,

    /// <summary>All purchased grid electricity, tce (equivalent value).</summary>
    [EnergyCarrier]
    GridElectricityTce = 4,

    /// <summary>The green-certified part of grid electricity, tce (equivalent value).</summary>
    [EnergyCarrier(PartOf = GridElectricityTce)]
    GreenCertifiedElectricityTce = 5,

    /// <summary>Self-generated renewable electricity used on site, tce (equivalent value).</summary>
    [EnergyCarrier]
    OnSiteRenewableTce = 6,

    /// <summary>All electricity consumed (grid and on-site) at the thermal-power coal rate, tce (equal value, 等价值).</summary>
    ElectricityEqualValueTce = 7,

    /// <summary>Purchased heat, tce.</summary>
    [EnergyCarrier]
    HeatTce = 8,

    /// <summary>Renewable electricity consumed in the same period of the previous year, tce.</summary>
    RenewableBaselineTce = 9,

    /// <summary>Carbon oxidised from fossil fuels burned, tC.</summary>
    CombustionCarbonTc = 10,

    /// <summary>Carbon oxidised from biomass burned, tC.</summary>
    BiomassCarbonTc = 11,

    /// <summary>Process CO2, t.</summary>
    ProcessCo2Tco2 = 12,

    /// <summary>CH4 released to air (vented, drained and not used, unburned in flares), t CH4.</summary>
    MethaneReleasedTch4 = 13,

    /// <summary>Released CH4 weighted by the GWP of the factor set, tCO2e.</summary>
    MethaneReleasedTco2e = 14,

    /// <summary>CO2 from the CH4 destroyed in flares, t.</summary>
    FlareCo2Tco2 = 15,

    /// <summary>Grid electricity × grid factor of the body's region, tCO2.</summary>
    ElectricityLocationTco2 = 16,

    /// <summary>Grid electricity less the green-certified part, × residual factor, tCO2.</summary>
    ElectricityMarketTco2 = 17,

    /// <summary>Purchased heat × heat factor, tCO2.</summary>
    HeatTco2 = 18,

    /// <summary>Verified removals by sinks, tCO2.</summary>
    SinkRemovalsTco2 = 19,

    /// <summary>CCUS removals, tCO2.</summary>
    CcusRemovalsTco2 = 20,

    /// <summary>Raw coal produced (mines), t: the denominator of the per-tonne indicators.</summary>
    RawCoalOutputT = 25,

    /// <summary>Coal-mine methane drained (captured), m3 of CH4.</summary>
    MethaneDrainedM3 = 26,

    /// <summary>Drained coal-mine methane put to use, m3 of CH4: over drained, the capture-and-use rate.</summary>
    MethaneUtilisedM3 = 27,
}

/// <summary>
/// Marks an energy carrier group of the balance. Groups without <see cref="PartOf"/> add up to the
/// total energy consumption; a group with it is a part of another group, shown beside it (clean
/// fuels within fuels burned, green-certified power within grid power).
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class EnergyCarrierAttribute : Attribute
{
    /// <summary>The group this one is a part of, if any; a part is not added to the total again.</summary>
    public BalanceComponent PartOf
    {
        get => _partOf ?? default;
        init => _partOf = value;
    }

    /// <summary>Whether this group is a part of another.</summary>
    public bool IsPart => _partOf is not null;

    private readonly BalanceComponent? _partOf;
}
