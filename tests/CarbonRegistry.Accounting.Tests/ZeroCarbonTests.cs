using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.ZeroCarbon;
using static CarbonRegistry.Accounting.Balances.BalanceComponent;

namespace CarbonRegistry.Accounting.Tests;

public sealed class ZeroCarbonTests
{
    [Theory]
    // 500,000 tce, standard band (≤ 0.2): 100,000 t → 0.2 meets; 100,001 t fails.
    [InlineData(500_000, 100_000, ParkEnergyBand.Standard, 0.2, true)]
    [InlineData(500_000, 100_001, ParkEnergyBand.Standard, 0.2, false)]
    // 2,000,000 tce, large band (≤ 0.3).
    [InlineData(2_000_000, 600_000, ParkEnergyBand.Large, 0.3, true)]
    [InlineData(2_000_000, 600_002, ParkEnergyBand.Large, 0.3, false)]
    // Band edges: exactly 1,000,000 is still the standard band; below 200,000 is outside the scheme.
    [InlineData(1_000_000, 250_000, ParkEnergyBand.Standard, 0.2, false)]
    [InlineData(150_000, 30_000, ParkEnergyBand.BelowScheme, 0.2, true)]
    public void Carbon_per_energy_is_held_to_the_threshold_of_the_energy_band(double energyTce, double scope1, ParkEnergyBand band, double threshold, bool meets)
    {
        var annual = Balance.Zero("2025").With(FuelCombustionTce, (decimal)energyTce).With(ProcessCo2Tco2, (decimal)scope1);

        var assessment = ZeroCarbonParkAssessment.Assess(annual);

        Assert.Equal(band, assessment.Band);
        Assert.Equal((decimal)threshold, assessment.CarbonPerEnergyThreshold);
        Assert.Equal(meets, assessment.MeetsCarbonIndicator);
        Assert.Equal((decimal)scope1 / (decimal)energyTce, assessment.CarbonPerEnergy);
    }

    [Fact]
    public void Clean_energy_share_is_held_to_ninety_percent_and_uses_market_based_scope_2()
    {
        // 300,000 tce: 270,000 green-certified grid power and 30,000 fossil heat. Green power is
        // zero in market-based scope 2, so only the heat's 25,000 t counts: 0.0833 t/tce.
        var annual = Balance.Zero("2025").With(GridElectricityTce, 270_000m).With(GreenCertifiedElectricityTce, 270_000m).With(ElectricityLocationTco2, 1_000_000m).With(HeatTce, 30_000m).With(HeatTco2, 25_000m);

        var assessment = ZeroCarbonParkAssessment.Assess(annual);

        Assert.Equal(0.9m, assessment.CleanEnergyShare);
        Assert.True(assessment.MeetsCleanEnergyIndicator);
        Assert.True(assessment.MeetsCarbonIndicator);

        var lessGreen = ZeroCarbonParkAssessment.Assess(annual.With(GreenCertifiedElectricityTce, 269_999m));
        Assert.False(lessGreen.MeetsCleanEnergyIndicator);
    }

    [Fact]
    public void A_park_with_no_energy_meets_nothing()
    {
        var assessment = ZeroCarbonParkAssessment.Assess(Balance.Zero("2025"));

        Assert.Null(assessment.CarbonPerEnergy);
        Assert.False(assessment.MeetsCarbonIndicator);
        Assert.False(assessment.MeetsCleanEnergyIndicator);
    }
}
