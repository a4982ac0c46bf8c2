using System.Collections.Concurrent;
using System.Text.Json;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Ledger;
using CarbonRegistry.Accounting.DualControl;

namespace CarbonRegistry.Api.Schema;

/// <summary>
/// What a ledger event means to subscriptions, worked out when it is delivered: the period it
/// changed, the reporting entity's chain (itself, its parent, … up to the province) and the review
/// warnings the report raised.
/// </summary>
public sealed record EventFacts(int Year, int? Month, IReadOnlyList<string> Chain, IReadOnlyList<(string Code, string Message)> Warnings);

/// <summary>
/// The reads behind subscription events, done once per event and shared by every subscription that
/// needs them: with a thousand dashboards on one city, an event costs one payload parse, one walk up
/// the reporting entity's chain, one read of each changed balance and one check of each entity's
/// targets, not a thousand of each.
/// </summary>
public sealed class SubscriptionReads(IGrainFactory grains, EntityGrains entities)
{
    private readonly OncePerKey<long, EventFacts> _facts = new();
    private readonly OncePerKey<(string, int, int?, long), BalanceView> _balances = new();
    private readonly OncePerKey<(string, long), IReadOnlyList<Alert>> _targetAlerts = new();
    private readonly OncePerKey<long, Abstractions.Projects.ProjectView?> _projects = new();

    /// <summary>The project a project event belongs to, as it is when the event is delivered.</summary>
    public Task<Abstractions.Projects.ProjectView?> ProjectAsync(string projectId, long sequence) =>
        _projects.GetAsync(sequence, () => grains.GetGrain<IProjectGrain>(projectId).GetView());

    public Task<EventFacts> FactsAsync(LedgerEventView e) => _facts.GetAsync(e.Sequence, async () =>
    {
        using var payload = JsonDocument.Parse(e.Payload);
        var year = payload.RootElement.GetProperty("year").GetInt32();
        int? month = payload.RootElement.TryGetProperty("month", out var m) ? m.GetInt32() : null;
        var warnings = payload.RootElement.TryGetProperty("warnings", out var w)
            ? w.EnumerateArray().Select(x => (x.GetProperty("code").GetString()!, x.GetProperty("message").GetString()!)).ToList()
            : [];
        var chain = new List<string> { e.EntityId };
        await foreach (var ancestor in EntityAncestry.UpFromAsync(entities.Get, e.EntityId))
        {
            if (ancestor.Registration.ParentId is { } parent)
            {
                chain.Add(parent);
            }
        }

        return new EventFacts(year, month, chain, warnings);
    });

    /// <summary>
    /// An entity's rolled-up balance of the event's period, from the read model: it is updated in
    /// the event's own transaction, while the entity grain hears of a descendant's change only
    /// after the commit.
    /// </summary>
    public Task<BalanceView> BalanceAsync(string entityId, EventFacts facts, long sequence) =>
        _balances.GetAsync((entityId, facts.Year, facts.Month, sequence), () => grains.GetGrain<IRegistryQueryGrain>(0).GetStoredBalance(entityId, facts.Year, facts.Month, BalanceScope.Total));

    /// <summary>An entity's red rating and exceeded caps for the year of a report event, as they are once the event has reached it.</summary>
    public Task<IReadOnlyList<Alert>> TargetAlertsAsync(string entityId, LedgerEventView e, EventFacts facts) => _targetAlerts.GetAsync((entityId, e.Sequence), async () =>
    {
        var (year, period) = (facts.Year, $"{facts.Year:D4}-{facts.Month:D2}");
        await CaughtUpAsync(entityId, year);
        var status = await entities.Get(entityId).GetDualControl(year);
        var alerts = new List<Alert>();
        if (status.EnergyRating == Rating.Red || status.CarbonRating == Rating.Red)
        {
            alerts.Add(new Alert(e.Sequence, entityId, e.EntityId, "RED_RATING", period, $"{entityId}: energy {status.EnergyRating}, carbon {status.CarbonRating} for {year}."));
        }

        foreach (var (name, cap) in new[] { ("energy", status.EnergyTotal), ("carbon", status.CarbonTotal) })
        {
            if (cap is { } c && c.Actual > c.Cap)
            {
                alerts.Add(new Alert(e.Sequence, entityId, e.EntityId, "TARGET_EXCEEDED", period, $"{entityId}: {year} {name} {c.Actual:0.###} above the cap {c.Cap:0.###}."));
            }
        }

        return alerts;
    });

    /// <summary>
    /// The feed can be faster than the rollup notice an ancestor's grain receives after a commit:
    /// wait (briefly) until the grain's cached year row is as new as the read model's.
    /// </summary>
    private async Task CaughtUpAsync(string entityId, int year)
    {
        var stored = await grains.GetGrain<IRegistryQueryGrain>(0).GetStoredBalance(entityId, year, null, BalanceScope.Total);
        for (var attempt = 0; attempt < 40; attempt++)
        {
            if ((await entities.Get(entityId).GetBalance(year, null, BalanceScope.Total)).Version >= stored.Version)
            {
                return;
            }

            await Task.Delay(25);
        }
    }
}

/// <summary>
/// One read per key, shared by every caller that asks while it is remembered. Bounded: emptied when
/// it grows past a few thousand entries. A failed read is not remembered, so a retry reads again.
/// </summary>
public sealed class OncePerKey<TKey, TValue>
    where TKey : notnull
{
    private const int MaxEntries = 4_096;
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _entries = new();

    public async Task<TValue> GetAsync(TKey key, Func<Task<TValue>> read)
    {
        if (_entries.Count > MaxEntries)
        {
            _entries.Clear();
        }

        var entry = _entries.GetOrAdd(key, _ => new Lazy<Task<TValue>>(read));
        try
        {
            return await entry.Value;
        }
        catch
        {
            // A silo that died under the read: the subscription's retry must read again.
            _entries.TryRemove(KeyValuePair.Create(key, entry));
            throw;
        }
    }
}
