using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Ledger;
using CarbonRegistry.Abstractions.Reports;

namespace CarbonRegistry.Server.Demo;

/// <summary>
/// The guiding indicators of the demo's national zero-carbon park (the Changzhi high-tech chemical
/// park) for 2025, entered as its statistics would give them: invented figures, their source says
/// so. The park uses well under 200,000 tce, where the rules give no core threshold, so no step of
/// acceptance can be taken and none is shown as taken.
/// </summary>
public static class DemoProgrammes
{
    /// <summary>The ledger events the seeding writes: one per entered indicator.</summary>
    public const int LedgerEvents = 4;

    private const string Park = "changzhi-hitech-park", Programme = "national_zero_carbon_park", Source = "demo: invented 2025 park statistics";

    private static readonly Actor s_provincial = new("demo-seeder", "provincial");

    /// <summary>Enters the values, unless the park's 2025 record has them already.</summary>
    public static async Task SeedAsync(IGrainFactory grains)
    {
        var programme = grains.GetGrain<IZeroCarbonProgrammeGrain>(LedgerStreamNames.ProgrammeKey(Park, Programme));
        if ((await programme.GetRecord()).Year(2025) is not null)
        {
            return;
        }

        // Solid waste and water reuse above their thresholds (0.8), waste heat below (0.5), and the
        // main products at grade 2 of the energy-limit standards.
        foreach (var (indicator, value) in new[] { ("product_energy_grade_2", 1m), ("solid_waste_reuse", 0.86m), ("waste_heat_reuse", 0.42m), ("industrial_water_reuse", 0.93m) })
        {
            await programme.EnterIndicator(2025, indicator, value, Source, s_provincial);
        }
    }
}
