using System.Collections.Concurrent;
using System.Text.Json;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Ledger;

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
/// the reporting entity's chain and one read of each changed balance, not a thousand of each.
/// </summary>
public sealed class SubscriptionReads(IGrainFactory grains)
{
    private readonly OncePerKey<long, EventFacts> _facts = new();
    private readonly OncePerKey<(string, int, int?, long), BalanceView> _balances = new();

    public Task<EventFacts> FactsAsync(LedgerEventView e) => _facts.GetAsync(e.Sequence, async () =>
    {
        using var payload = JsonDocument.Parse(e.Payload);
        var year = payload.RootElement.GetProperty("year").GetInt32();
        int? month = payload.RootElement.TryGetProperty("month", out var m) ? m.GetInt32() : null;
        var warnings = payload.RootElement.TryGetProperty("warnings", out var w)
            ? w.EnumerateArray().Select(x => (x.GetProperty("code").GetString()!, x.GetProperty("message").GetString()!)).ToList()
            : [];
        var chain = new List<string>();
        for (string? at = e.EntityId; at is not null;)
        {
            chain.Add(at);
            at = (await grains.GetGrain<IEntityGrain>(at).GetInfo())?.Registration.ParentId;
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
