using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Reports;

namespace CarbonRegistry.Server.Demo;

/// <summary>
/// 2025 carbon budgets for the demo province and its cities, so that the assessment page has a
/// budget panel to show. No budget of Shanxi is published for the demo to use: the figures are
/// invented from the demo's own 2025 emissions (each city 95–104% of its own, the province 105% of
/// its own, so Σ cities ≤ province holds), and every reason says so.
/// </summary>
public static class DemoBudgets
{
    private const int Year = 2025;

    private static readonly Actor s_provincial = new("demo-seeder", "provincial");

    /// <summary>The ledger events the seeding writes: the province's budget and one per city.</summary>
    public static int LedgerEvents(IEnumerable<EntityRegistration> entities) => 1 + entities.Count(e => e.Kind == EntityKind.City);

    /// <summary>Sets the budgets, unless the province has one for the year already.</summary>
    public static async Task SeedAsync(IGrainFactory grains, IEnumerable<EntityRegistration> entities)
    {
        var province = entities.Single(e => e.Kind == EntityKind.Province);
        var budgets = grains.GetGrain<ICarbonBudgetGrain>($"{province.Id}:{Year}");
        if ((await budgets.GetBudgets()).Province is not null)
        {
            return;
        }

        var provinceGross = (await grains.GetGrain<IEntityGrain>(province.Id).GetBalance(Year, null, BalanceScope.Total)).GrossTco2e;
        await budgets.SetBudget(province.Id, Math.Round(provinceGross * 1.05m), "demo: invented budget, 105% of the demo province's 2025 emissions", s_provincial);
        foreach (var city in entities.Where(e => e.Kind == EntityKind.City && e.ParentId == province.Id))
        {
            var share = 95 + (ShanxiDemo.StableHash(city.Id) % 10);
            var gross = (await grains.GetGrain<IEntityGrain>(city.Id).GetBalance(Year, null, BalanceScope.Total)).GrossTco2e;
            await budgets.SetBudget(city.Id, Math.Max(1m, Math.Round(gross * share / 100m)), $"demo: invented allocation, {share}% of the city's 2025 emissions", s_provincial);
        }
    }
}
