using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Grains.Entities;
using CarbonRegistry.Grains.Ledger;
using CarbonRegistry.Grains.Mapping;

namespace CarbonRegistry.Grains.Tests;

/// <summary>
/// A committed ledger (<c>Fixtures/ledger-2026-12-02.json</c>): events as a build wrote them, and a
/// summary of the state they build (own balances, report versions, periods, targets, pins,
/// parent). A build must read every event of it and come to the same summary.
/// </summary>
internal static class LedgerFixture
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    /// <summary>The events, one object each, as the ledger table holds them (the payload is the JSON text).</summary>
    public static JsonArray Events(IEnumerable<(string EntityId, LedgerEvent Event, EventMeta Meta)> committed) =>
        [.. committed.Select(c => (JsonNode)new JsonObject
        {
            ["entityId"] = c.EntityId,
            ["sequence"] = c.Meta.Sequence,
            ["version"] = c.Meta.Version,
            ["type"] = c.Event.Type,
            ["actor"] = c.Meta.Actor,
            ["recordedAt"] = c.Meta.RecordedAt.ToString("O", CultureInfo.InvariantCulture),
            ["idempotencyKey"] = c.Meta.IdempotencyKey,
            ["payload"] = c.Event.ToJson(),
        })];

    /// <summary>What the state of an entity holds, in names of this test's own.</summary>
    public static JsonObject Summary(EntityAggregate entity)
    {
        var state = entity.State;
        var months = new JsonObject();
        foreach (var (period, balance) in state.OwnBalances.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var view = BalanceMapping.ToView(entity.Id, period, BalanceScope.Own, balance, 0, EntityHarness.Catalog.Deductions);
            var versions = state.Reports[period];
            months[period] = new JsonObject
            {
                ["energyTce"] = view.EnergyTce,
                ["controlledEnergyTce"] = view.ControlledEnergyTce,
                ["renewableDeductionTce"] = view.RenewableDeductionTce,
                ["scope1Tco2e"] = view.Scope1Tco2e,
                ["scope2LocationTco2"] = view.Scope2LocationTco2,
                ["grossTco2e"] = view.GrossTco2e,
                ["netTco2e"] = view.NetTco2e,
                ["valueAdded"] = view.ValueAddedWanYuan,
                ["factorSet"] = view.FactorSetId,
                ["versions"] = versions.Count,
                ["reasons"] = new JsonArray([.. versions.Select(v => (JsonNode?)v.Reason)]),
                ["fuelLines"] = versions[^1].Data.Fuels.Count,
                ["warnings"] = new JsonArray([.. (versions[^1].Warnings ?? []).Select(w => (JsonNode?)w.Code)]),
                ["recordedAt"] = versions[^1].RecordedAt.ToString("O", CultureInfo.InvariantCulture),
            };
        }

        return new JsonObject
        {
            ["version"] = state.Version,
            ["kind"] = state.Registration!.Kind.ToString(),
            ["parentId"] = state.Registration.ParentId,
            ["pilots"] = new JsonArray([.. state.Registration.Pilots.Select(p => (JsonNode?)p.ToString())]),
            ["gridRegion"] = state.Registration.GridRegion,
            ["baseYear"] = state.Registration.BaseYear,
            ["registeredAt"] = state.RegisteredAt.ToString("O", CultureInfo.InvariantCulture),
            ["months"] = months,
            ["periods"] = new JsonObject([.. state.Periods.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value.ToString()))]),
            ["pins"] = new JsonObject([.. state.FactorSetPins.OrderBy(p => p.Key).Select(p => KeyValuePair.Create(p.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)p.Value))]),
            ["targets"] = new JsonObject([.. state.Targets.OrderBy(p => p.Key).Select(p => KeyValuePair.Create(p.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)new JsonObject
            {
                ["energyCapTce"] = p.Value.EnergyCapTce,
                ["carbonCapTco2e"] = p.Value.CarbonCapTco2e,
                ["energyIntensity"] = p.Value.EnergyIntensity is { } e ? $"{e.BaseYear}:{e.BaseIntensity}:{e.Reduction}" : null,
                ["carbonIntensity"] = p.Value.CarbonIntensity is { } c ? $"{c.BaseYear}:{c.BaseIntensity}:{c.Reduction}" : null,
            }))]),
            ["idempotencyKeys"] = new JsonArray([.. state.IdempotencyKeys.Keys.Order(StringComparer.Ordinal).Select(k => (JsonNode?)k)]),
        };
    }

    public static string Write(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
