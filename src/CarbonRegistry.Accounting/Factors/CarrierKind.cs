namespace CarbonRegistry.Accounting.Factors;

/// <summary>Whether a carrier's combustion CO2 counts in scope 1 (fossil) or is reported apart (biomass).</summary>
public enum CarrierKind
{
    /// <summary>Coal, oil and gas: combustion CO2 is scope 1.</summary>
    Fossil,

    /// <summary>Biomass: combustion CO2 is reported apart and not added to the totals.</summary>
    Biomass,
}
