using CarbonRegistry.Accounting.Balances;

namespace CarbonRegistry.Accounting.ZeroCarbon;

/// <summary>The energy band of a park under the national zero-carbon park scheme (2025).</summary>
public enum ParkEnergyBand
{
    /// <summary>Below 200,000 tce a year: outside the scheme's bands; held to the stricter 0.2 threshold as guidance.</summary>
    BelowScheme,

    /// <summary>200,000 to 1,000,000 tce a year: at most 0.2 tCO2/tce.</summary>
    Standard,

    /// <summary>Above 1,000,000 tce a year: at most 0.3 tCO2/tce.</summary>
    Large,
}

/// <summary>The result of checking an annual balance against the zero-carbon park indicators.</summary>
/// <param name="EnergyTce">Annual energy consumption.</param>
/// <param name="Band">The energy band.</param>
/// <param name="CarbonPerEnergy">(Scope 1 + market-based scope 2) / energy, tCO2/tce; null without energy.</param>
/// <param name="CarbonPerEnergyThreshold">0.2 or 0.3 by band.</param>
/// <param name="MeetsCarbonIndicator">Whether the core indicator is met.</param>
/// <param name="CleanEnergyShare">Clean energy / energy; null without energy.</param>
/// <param name="CleanEnergyThreshold">0.90.</param>
/// <param name="MeetsCleanEnergyIndicator">Whether the guiding clean-energy indicator is met.</param>
public sealed record ZeroCarbonParkAssessment(
    decimal EnergyTce,
    ParkEnergyBand Band,
    decimal? CarbonPerEnergy,
    decimal CarbonPerEnergyThreshold,
    bool MeetsCarbonIndicator,
    decimal? CleanEnergyShare,
    decimal CleanEnergyThreshold,
    bool MeetsCleanEnergyIndicator)
{
    /// <summary>Lower bound of the standard band, tce per year.</summary>
    public const decimal StandardBandFromTce = 200_000m;

    /// <summary>Upper bound of the standard band, tce per year.</summary>
    public const decimal LargeBandAboveTce = 1_000_000m;

    /// <summary>
    /// Checks an annual balance (NDRC/MIIT/NEA zero-carbon park notice, 2025): tCO2 per tce at most
    /// 0.2 for parks of 200,000–1,000,000 tce a year and 0.3 above; clean energy at least 90%.
    /// </summary>
    public static ZeroCarbonParkAssessment Assess(Balance annual)
    {
        var energy = annual.EnergyTce;
        var band = energy > LargeBandAboveTce ? ParkEnergyBand.Large
            : energy >= StandardBandFromTce ? ParkEnergyBand.Standard
            : ParkEnergyBand.BelowScheme;
        var threshold = band == ParkEnergyBand.Large ? 0.3m : 0.2m;
        const decimal CleanThreshold = 0.90m;
        var carbonPerEnergy = annual.CarbonPerEnergy;
        var cleanShare = annual.CleanEnergyShare;
        return new ZeroCarbonParkAssessment(
            energy,
            band,
            carbonPerEnergy,
            threshold,
            carbonPerEnergy <= threshold,
            cleanShare,
            CleanThreshold,
            cleanShare >= CleanThreshold);
    }
}
