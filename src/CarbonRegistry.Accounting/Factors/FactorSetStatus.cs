namespace CarbonRegistry.Accounting.Factors;

/// <summary>Whether the factors of a set are the published ones for its years or carried forward until they are.</summary>
public enum FactorSetStatus
{
    /// <summary>The published factors of the data years covered.</summary>
    Published,

    /// <summary>Earlier factors carried forward until the data year's own are published.</summary>
    Provisional,
}
