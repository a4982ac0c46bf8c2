using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.DualControl;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Storage.ReadModel;

namespace CarbonRegistry.Server.Demo;

/// <summary>
/// Loads <see cref="ShanxiDemo"/> through the grains, exactly as reporters would, when the registry
/// is empty. Every report carries a fixed idempotency key, so an interrupted seeding resumes
/// without duplicates on the next start.
/// </summary>
public sealed class DemoSeeder(IGrainFactory grains, RegistryReader reader, ILogger<DemoSeeder> logger) : IHostedService
{
    private static readonly Actor s_actor = new("demo-seeder", "admin");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var known = (await reader.EntitiesAsync(cancellationToken)).Select(e => e.Id).ToHashSet();
        var entities = ShanxiDemo.Entities();
        if (known.Count > 0 && entities.All(e => known.Contains(e.Id)) && await SeededAsync())
        {
            // Registries seeded before baselines and the project ledger existed get theirs now.
            await SeedLaterAdditionsAsync(entities);
            return;
        }

        var started = System.Diagnostics.Stopwatch.StartNew();
        foreach (var entity in entities.Where(e => !known.Contains(e.Id)))
        {
            await grains.GetGrain<IEntityGrain>(entity.Id).Register(entity, s_actor);
        }

        // Reporters file concurrently (the ledger writer commits them in groups); each files its months in order.
        await Task.WhenAll(entities.Where(ShanxiDemo.Reports).Select(async entity =>
        {
            var grain = grains.GetGrain<IEntityGrain>(entity.Id);
            for (var month = 0; month < ShanxiDemo.Months; month++)
            {
                await grain.SubmitReport(ShanxiDemo.Report(entity, month), s_actor);
            }
        }));

        foreach (var entity in entities.Where(e => e.Kind is EntityKind.City or EntityKind.Zone or EntityKind.Province))
        {
            await SetTargetsAsync(grains.GetGrain<IEntityGrain>(entity.Id), entity.Id);
        }

        await SeedLaterAdditionsAsync(entities);

        logger.LogInformation("Demo data loaded: {Entities} entities, {Months} months of reports, in {Elapsed}", entities.Count, ShanxiDemo.Months, started.Elapsed);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>What the demo gained after its first release: 2020 baselines, the two-high projects, the zero-carbon park's guiding indicators, the published 2025 assessment and the 2025 carbon budgets; each only where it is missing.</summary>
    private async Task SeedLaterAdditionsAsync(IReadOnlyList<EntityRegistration> entities)
    {
        foreach (var entity in entities.Where(ShanxiDemo.HasBaseline))
        {
            var grain = grains.GetGrain<IEntityGrain>(entity.Id);
            if (await grain.GetBaseline() is null)
            {
                await SetBaselineAsync(grain);
            }
        }

        await DemoProjects.SeedAsync(grains, DateOnly.FromDateTime(DateTime.UtcNow));
        await DemoProgrammes.SeedAsync(grains);
        await DemoAssessment.SeedAsync(grains, entities);
        await DemoBudgets.SeedAsync(grains, entities);
    }

    /// <summary>
    /// A 2020 baseline entered for the zero-carbon programmes: the demo has no 2020 reports, so the
    /// figures are invented, 30% above the body's 2025 ones (source says so).
    /// </summary>
    private static async Task SetBaselineAsync(IEntityGrain grain)
    {
        var year2025 = await grain.GetBalance(2025, null, BalanceScope.Total);
        const decimal Above = 1.3m;
        await grain.SetBaseline(
            new BaselineInput
            {
                Year = 2020,
                Source = "demo: invented 2020 figures, 30% above the demo's 2025 ones",
                GrossTco2e = Round(year2025.GrossTco2e * Above),
                Co2PerTonneRawCoal = year2025.Co2PerTonneRawCoal is { } perTonne ? Round(perTonne * Above) : null,
                EnergyPerTonneRawCoalKgce = year2025.EnergyPerTonneRawCoalKgce is { } energy ? Round(energy * Above) : null,
            },
            s_actor);
    }

    private static decimal Round(decimal value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);

    private async Task<bool> SeededAsync()
    {
        var province = grains.GetGrain<IEntityGrain>("shanxi");
        return (await province.GetDualControl(2026)).Targets is not null;
    }

    /// <summary>
    /// Targets derived from the synthetic figures so that the barometer shows every colour: a
    /// stable per-entity factor sets the cap and base intensity a little above, at or below the
    /// path the data follows.
    /// </summary>
    private static async Task SetTargetsAsync(IEntityGrain grain, string id)
    {
        decimal[] factors = [1.12m, 1.03m, 0.97m];
        var factor = factors[ShanxiDemo.StableHash(id) % factors.Length];
        foreach (var (year, months) in new[] { (2025, 12), (2026, 10) })
        {
            var ytd = await grain.GetBalance(year, null, BalanceScope.Total);
            var fullYear = ytd.ControlledEnergyTce * 12m / months;
            var fullYearCarbon = ytd.GrossTco2e * 12m / months;
            var targets = new TargetsInput
            {
                Year = year,
                EnergyCapTce = Math.Round(fullYear * factor, 0),
                CarbonCapTco2e = Math.Round(fullYearCarbon * factor, 0),
                EnergyIntensity = ytd.EnergyIntensity is { } ei ? new IntensityTargetInput(2020, Math.Round(ei * (factor + 0.02m), 4), 0.03m) : null,
                CarbonIntensity = ytd.CarbonIntensity is { } ci ? new IntensityTargetInput(2020, Math.Round(ci * (factor + 0.02m), 4), 0.035m) : null,
            };
            await grain.SetTargets(targets, s_actor);
        }
    }
}
