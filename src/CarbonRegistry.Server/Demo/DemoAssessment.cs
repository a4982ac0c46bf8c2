using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Reports;

namespace CarbonRegistry.Server.Demo;

/// <summary>
/// The 2025 energy-saving assessment of the demo's cities and zones: the measures of each judged
/// with invented points (the reason says so), then published as version 1, so the dashboard's
/// assessment page and its exports have something to show.
/// </summary>
public static class DemoAssessment
{
    private const string Scheme = "energy_saving";
    private const int Year = 2025;

    private static readonly Actor s_provincial = new("demo-seeder", "provincial");

    /// <summary>The ledger events the seeding writes: a judgement per city and zone and one publication.</summary>
    public static int LedgerEvents(IEnumerable<EntityRegistration> entities) => entities.Count(Assessed) + 1;

    /// <summary>Judges and publishes, unless the assessment is published already.</summary>
    public static async Task SeedAsync(IGrainFactory grains, IEnumerable<EntityRegistration> entities)
    {
        var assessment = grains.GetGrain<IAssessmentGrain>($"{Scheme}:{Year}");
        if ((await assessment.GetView()).Published.Count > 0)
        {
            return;
        }

        // 30 to 48 points of 50 for measures, stable per region.
        foreach (var entity in entities.Where(Assessed))
        {
            var points = 30 + (ShanxiDemo.StableHash(entity.Id) % 19);
            await assessment.EnterJudgement(entity.Id, "measures", points, "demo: invented points for the measures taken", s_provincial);
        }

        await assessment.Publish(s_provincial);
    }

    private static bool Assessed(EntityRegistration entity) => entity.Kind is EntityKind.City or EntityKind.Zone;
}
