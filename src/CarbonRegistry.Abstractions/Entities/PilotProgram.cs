namespace CarbonRegistry.Abstractions.Entities;

/// <summary>Pilot and demonstration programmes a body takes part in.</summary>
public enum PilotProgram
{
    /// <summary>National carbon-peak pilot city (first batch, Dec 2023: Taiyuan).</summary>
    NationalCarbonPeakCity,

    /// <summary>National carbon-peak pilot park (first batch: Changzhi high-tech zone).</summary>
    NationalCarbonPeakPark,

    /// <summary>Shanxi provincial zero-carbon industrial demonstration zone.</summary>
    ProvincialZeroCarbonZone,

    /// <summary>Shanxi provincial near-zero-carbon industrial demonstration zone.</summary>
    ProvincialNearZeroCarbonZone,

    /// <summary>Zero-carbon mine.</summary>
    ZeroCarbonMine,

    /// <summary>Intelligent (smart) coal mine.</summary>
    IntelligentMine,

    /// <summary>Green-mining pilot.</summary>
    GreenMiningPilot,

    /// <summary>National zero-carbon park (国家级零碳园区, 发改环资〔2025〕910号).</summary>
    NationalZeroCarbonPark,
}
