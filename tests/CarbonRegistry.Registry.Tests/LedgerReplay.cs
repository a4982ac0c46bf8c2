using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Ledger;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Grains.Entities;
using CarbonRegistry.Grains.Ledger;
using CarbonRegistry.Grains.Mapping;
using CarbonRegistry.Storage.ReadModel;
using CarbonRegistry.Testing;

namespace CarbonRegistry.Registry.Tests;

/// <summary>
/// Replays the whole ledger into empty entity models, in sequence order, and rolls the resulting
/// own balances up the final tree: this must reproduce exactly the read model and what the grains
/// serve. It shares no code with the ledger writer's rollup, only the entity rules.
/// </summary>
internal static class LedgerReplay
{
    public static async Task AssertMatchesServedAsync(RegistryHost host, IGrainFactory grains, FactorSetCatalog factors)
    {
        var expected = await ReplayAsync(host.Reader, factors);
        var stored = (await host.Reader.AllBalanceRowsAsync()).ToDictionary(r => (r.EntityId, r.Year, r.Month, r.Scope));
        var leaves = (await host.Reader.EntitiesAsync())
            .Where(e => EntityHierarchy.TotalScope(e.Kind) == BalanceScope.Own).Select(e => e.Id).ToHashSet();

        // Mines and enterprises keep no total rows: their own rows are their total.
        Assert.DoesNotContain(stored.Keys, key => key.Scope == BalanceScope.Total && leaves.Contains(key.EntityId));
        foreach (var key in expected.Keys.Union(stored.Keys))
        {
            var (id, year, month, scope) = key;
            var replayed = expected.GetValueOrDefault(key) ?? BalanceComponents.Zero;
            var holder = scope == BalanceScope.Total && leaves.Contains(id) ? key with { Scope = BalanceScope.Own } : key;
            var read = stored.TryGetValue(holder, out var row) ? row.Components : BalanceComponents.Zero;
            Assert.Equal(replayed, read);

            var served = await grains.GetGrain<IEntityGrain>(id).GetBalance(year, month == 0 ? null : month, scope);
            Assert.Equal(BalanceMapping.ToView(id, served.Period, scope, replayed, served.Version, factors.Deductions), served);
        }
    }

    /// <summary>
    /// Every balance the ledger implies, by (entity, year, month, scope), month 0 being the year:
    /// the ledger replayed into empty entity models, own balances rolled up the final tree.
    /// </summary>
    public static async Task<Dictionary<(string EntityId, int Year, int Month, BalanceScope Scope), BalanceComponents>> ReplayAsync(RegistryReader reader, FactorSetCatalog factors)
    {
        var models = new Dictionary<string, EntityModel>();
        foreach (var e in (await reader.EventsAfterAsync(0, int.MaxValue)).Where(e => LedgerStreamNames.IsEntity(e.EntityId)))
        {
            if (!models.TryGetValue(e.EntityId, out var model))
            {
                model = new EntityModel(new EntityState(), factors);
                models[e.EntityId] = model;
            }

            model.Apply(LedgerEvent.FromJson(e.Payload), new EventMeta(e.Sequence, e.Version, e.Actor, e.RecordedAt, e.IdempotencyKey));
        }

        var expected = new Dictionary<(string, int, int, BalanceScope), BalanceComponents>();
        void Add(string id, int year, int month, BalanceScope scope, BalanceComponents value) =>
            expected[(id, year, month, scope)] = expected.TryGetValue((id, year, month, scope), out var existing) ? existing.Plus(value) : value;

        foreach (var (id, model) in models)
        {
            foreach (var (key, own) in model.State.OwnBalances)
            {
                var (year, month) = (int.Parse(key[..4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(key[5..], System.Globalization.CultureInfo.InvariantCulture));
                for (string? at = id; at is not null; at = models[at].State.Registration!.ParentId)
                {
                    foreach (var m in new[] { month, 0 })
                    {
                        if (at == id)
                        {
                            Add(id, year, m, BalanceScope.Own, own);
                        }

                        Add(at, year, m, BalanceScope.Total, own);
                    }
                }
            }
        }

        return expected;
    }
}
