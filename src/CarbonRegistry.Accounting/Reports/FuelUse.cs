namespace CarbonRegistry.Accounting.Reports;

/// <summary>How a fuel was used, which decides whether it emits and whether it is deducted.</summary>
public enum FuelUse
{
    /// <summary>Burned for energy: combustion CO2 in scope 1.</summary>
    Combustion,

    /// <summary>Used as raw material (原料用能), not burned: no combustion CO2; deducted from controlled energy.</summary>
    Feedstock,

    /// <summary>Biomass burned for energy: its CO2 is reported apart, outside scope 1.</summary>
    Biomass,
}
