using System.Text.Json;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Ledger;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonRegistry.Api.Schema;

/// <summary>A change of an entity's balance, caused by a ledger event of the entity or of one under it.</summary>
public sealed record BalanceChange(long Sequence, string EntityId, string SourceEntityId, string Type, string Period, BalanceView Balance);

public sealed class BalanceChangeType : ObjectGraphType<BalanceChange>
{
    public BalanceChangeType()
    {
        Name = "BalanceChange";
        Field<NonNullGraphType<LongGraphType>>("sequence").Description("Ledger sequence of the event; pass the last one seen as afterSequence to resume.").Resolve(c => c.Source.Sequence);
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The subscribed entity.").Resolve(c => c.Source.EntityId);
        Field<NonNullGraphType<IdGraphType>>("sourceEntityId").Description("The entity whose report changed.").Resolve(c => c.Source.SourceEntityId);
        Field<NonNullGraphType<StringGraphType>>("type").Description("ReportSubmitted, ReportAmended or Recalculated.").Resolve(c => c.Source.Type);
        Field<NonNullGraphType<StringGraphType>>("period").Description("yyyy-MM of the month changed, or yyyy for a recalculated year.").Resolve(c => c.Source.Period);
        Field<NonNullGraphType<BalanceType>>("balance").Description("The subscribed entity's rolled-up balance of that period, as it is when the change is delivered.").Resolve(c => c.Source.Balance);
    }
}

public sealed class SubscriptionType : ObjectGraphType
{
    public SubscriptionType()
    {
        Name = "Subscription";
        Field<NonNullGraphType<BalanceChangeType>>("balanceChanged")
            .Description("Balance changes of an entity (and, with includeDescendants, of everything under it). With afterSequence, first the changes missed since then are replayed from the ledger, then live ones follow, with no gap and no repeat.")
            .Argument<NonNullGraphType<IdGraphType>>("entityId")
            .Argument<BooleanGraphType>("includeDescendants")
            .Argument<LongGraphType>("afterSequence")
            .ResolveStreamAsync(async c =>
            {
                var entityId = c.GetArgument<string>("entityId");
                await Resolvers.Caller(c).RequireReadAsync(entityId);
                var entity = await Resolvers.Entity(c, entityId).GetInfo()
                    ?? throw new ExecutionError($"Entity '{entityId}' is not registered.") { Code = "UNKNOWN_ENTITY" };
                var feed = c.RequestServices!.GetRequiredService<ILedgerFeed>();
                var after = c.GetArgument<long?>("afterSequence") ?? await feed.LastSequenceAsync(c.CancellationToken);
                var changes = new BalanceChanges(Resolvers.Grains(c), c.RequestServices!.GetRequiredService<BalanceChangeCache>(), entity.Registration.Id, c.GetArgument("includeDescendants", false));
                var room = (c.UserContext as RegistryUserContext)?.WaitForRoom;
                return new FeedObservable<object?>((observer, cancellation) =>
                    feed.FollowAsync(after, async (e, token) =>
                    {
                        if (await Transient.RetryAsync(() => changes.ForAsync(e), token) is { } change)
                        {
                            if (room is not null)
                            {
                                await room(token);
                            }

                            observer.OnNext(change);
                        }
                    }, cancellation));
            });
        Field<NonNullGraphType<AlertType>>("alertRaised")
            .Description("Alerts as reports arrive: red ratings and exceeded caps of the entity (or, without entityId, of any entity), and unusual values. With afterSequence, missed alerts are replayed first.")
            .Argument<IdGraphType>("entityId")
            .Argument<LongGraphType>("afterSequence")
            .ResolveStreamAsync(async c =>
            {
                var caller = Resolvers.Caller(c);
                var entityId = c.GetArgument<string?>("entityId");
                if (entityId is null)
                {
                    caller.Require(Auth.RegistryRoles.Verifier, Auth.RegistryRoles.Provincial, Auth.RegistryRoles.Dashboard);
                }
                else
                {
                    await caller.RequireReadAsync(entityId);
                }

                var feed = c.RequestServices!.GetRequiredService<ILedgerFeed>();
                var after = c.GetArgument<long?>("afterSequence") ?? await feed.LastSequenceAsync(c.CancellationToken);
                var alerts = new Alerts(Resolvers.Grains(c), entityId);
                var room = (c.UserContext as RegistryUserContext)?.WaitForRoom;
                return new FeedObservable<object?>((observer, cancellation) =>
                    feed.FollowAsync(after, async (e, token) =>
                    {
                        foreach (var alert in await Transient.RetryAsync(() => alerts.ForAsync(e), token))
                        {
                            if (room is not null)
                            {
                                await room(token);
                            }

                            observer.OnNext(alert);
                        }
                    }, cancellation));
            });
    }
}

/// <summary>Turns ledger events into the balance changes one subscription cares about.</summary>
internal sealed class BalanceChanges(IGrainFactory grains, BalanceChangeCache cache, string entityId, bool includeDescendants)
{
    private readonly Dictionary<string, bool> _related = new(StringComparer.Ordinal) { [entityId] = true };

    public async Task<BalanceChange?> ForAsync(LedgerEventView e)
    {
        if (e.Type is not ("ReportSubmitted" or "ReportAmended" or "Recalculated") || !await IsRelatedAsync(e.EntityId))
        {
            return null;
        }

        using var payload = JsonDocument.Parse(e.Payload);
        var year = payload.RootElement.GetProperty("year").GetInt32();
        int? month = payload.RootElement.TryGetProperty("month", out var m) ? m.GetInt32() : null;
        // From the read model: it is updated in the event's own transaction, while the entity
        // grain's cache hears of a descendant's change only after the commit.
        var balance = await cache.GetAsync((entityId, year, month, e.Sequence), () => grains.GetGrain<Abstractions.Grains.IRegistryQueryGrain>(0).GetStoredBalance(entityId, year, month, BalanceScope.Total));
        return new BalanceChange(e.Sequence, entityId, e.EntityId, e.Type, balance.Period, balance);
    }

    private async Task<bool> IsRelatedAsync(string source)
    {
        if (_related.TryGetValue(source, out var known))
        {
            return known;
        }

        var related = false;
        if (includeDescendants)
        {
            for (var at = (await grains.GetGrain<Abstractions.Grains.IEntityGrain>(source).GetInfo())?.Registration.ParentId; at is not null && !related;)
            {
                related = at == entityId || (_related.TryGetValue(at, out var parentRelated) && parentRelated);
                at = related ? null : (await grains.GetGrain<Abstractions.Grains.IEntityGrain>(at).GetInfo())?.Registration.ParentId;
            }
        }

        _related[source] = related;
        return related;
    }
}

/// <summary>
/// One read of a changed balance per (entity, period, event), shared by every subscription that
/// needs it: with a thousand dashboards on one city, an event costs one read, not a thousand.
/// Bounded: emptied when it grows past a few thousand entries.
/// </summary>
public sealed class BalanceChangeCache
{
    private const int MaxEntries = 4_096;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, int, int?, long), Lazy<Task<BalanceView>>> _entries = new();

    public async Task<BalanceView> GetAsync((string EntityId, int Year, int? Month, long Sequence) key, Func<Task<BalanceView>> read)
    {
        if (_entries.Count > MaxEntries)
        {
            _entries.Clear();
        }

        var entry = _entries.GetOrAdd(key, _ => new Lazy<Task<BalanceView>>(read));
        try
        {
            return await entry.Value;
        }
        catch
        {
            // A failed read (a silo died under it) is not remembered: the subscription's retry reads again.
            _entries.TryRemove(KeyValuePair.Create(key, entry));
            throw;
        }
    }
}

/// <summary>An observable over a feed that runs while subscribed and stops when the subscription is disposed.</summary>
internal sealed class FeedObservable<T>(Func<IObserver<T>, CancellationToken, Task> run) : IObservable<T>
{
    public IDisposable Subscribe(IObserver<T> observer)
    {
        var cancellation = new CancellationTokenSource();
        _ = Task.Run(async () =>
        {
            try
            {
                await run(observer, cancellation.Token);
            }
            catch (Exception error) when (!cancellation.IsCancellationRequested)
            {
                observer.OnError(error);
            }
        });
        return new Subscription(cancellation);
    }

    private sealed class Subscription(CancellationTokenSource cancellation) : IDisposable
    {
        public void Dispose()
        {
            cancellation.Cancel();
            cancellation.Dispose();
        }
    }
}

/// <summary>Something provincial staff should look at: a red rating, an exceeded target, an unusual value.</summary>
public sealed record Alert(long Sequence, string EntityId, string SourceEntityId, string Kind, string Period, string Message);

public sealed class AlertType : ObjectGraphType<Alert>
{
    public AlertType()
    {
        Name = "Alert";
        Field<NonNullGraphType<LongGraphType>>("sequence").Description("Ledger sequence of the report that raised it.").Resolve(c => c.Source.Sequence);
        Field<NonNullGraphType<IdGraphType>>("entityId").Description("The entity the alert is about.").Resolve(c => c.Source.EntityId);
        Field<NonNullGraphType<IdGraphType>>("sourceEntityId").Description("The entity whose report raised it.").Resolve(c => c.Source.SourceEntityId);
        Field<NonNullGraphType<StringGraphType>>("kind").Description("RED_RATING, TARGET_EXCEEDED or UNUSUAL_VALUE.").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("period").Resolve(c => c.Source.Period);
        Field<NonNullGraphType<StringGraphType>>("message").Resolve(c => c.Source.Message);
    }
}

/// <summary>
/// Turns report events into alerts for one subscription: the reporting entity's own review flags
/// (UNUSUAL_VALUE), and for it and each ancestor a red barometer rating or a cap already exceeded
/// after the report. Without an entity filter every entity's alerts are delivered.
/// </summary>
internal sealed class Alerts(IGrainFactory grains, string? entityId)
{
    public async Task<IReadOnlyList<Alert>> ForAsync(LedgerEventView e)
    {
        if (e.Type is not ("ReportSubmitted" or "ReportAmended"))
        {
            return [];
        }

        using var payload = JsonDocument.Parse(e.Payload);
        var year = payload.RootElement.GetProperty("year").GetInt32();
        var period = $"{year:D4}-{payload.RootElement.GetProperty("month").GetInt32():D2}";
        var alerts = new List<Alert>();
        var chain = new List<string>();
        for (string? at = e.EntityId; at is not null;)
        {
            chain.Add(at);
            at = (await grains.GetGrain<Abstractions.Grains.IEntityGrain>(at).GetInfo())?.Registration.ParentId;
        }

        if (entityId is not null && !chain.Contains(entityId))
        {
            return [];
        }

        if (payload.RootElement.TryGetProperty("warnings", out var warnings))
        {
            alerts.AddRange(warnings.EnumerateArray().Select(w => new Alert(e.Sequence, e.EntityId, e.EntityId, w.GetProperty("code").GetString()!, period, w.GetProperty("message").GetString()!)));
        }

        foreach (var id in chain.Where(id => entityId is null || id == entityId))
        {
            await CaughtUpAsync(id, year);
            var status = await grains.GetGrain<Abstractions.Grains.IEntityGrain>(id).GetDualControl(year);
            if (status.EnergyRating == Abstractions.DualControl.RatingView.Red || status.CarbonRating == Abstractions.DualControl.RatingView.Red)
            {
                alerts.Add(new Alert(e.Sequence, id, e.EntityId, "RED_RATING", period, $"{id}: energy {status.EnergyRating}, carbon {status.CarbonRating} for {year}."));
            }

            foreach (var (name, cap) in new[] { ("energy", status.EnergyTotal), ("carbon", status.CarbonTotal) })
            {
                if (cap is { } c && c.Actual > c.Cap)
                {
                    alerts.Add(new Alert(e.Sequence, id, e.EntityId, "TARGET_EXCEEDED", period, $"{id}: {year} {name} {c.Actual:0.###} above the cap {c.Cap:0.###}."));
                }
            }
        }

        return alerts;
    }

    /// <summary>
    /// The feed can be faster than the rollup notice an ancestor's grain receives after a commit:
    /// wait (briefly) until the grain's cached year row is as new as the read model's.
    /// </summary>
    private async Task CaughtUpAsync(string id, int year)
    {
        var stored = await grains.GetGrain<Abstractions.Grains.IRegistryQueryGrain>(0).GetStoredBalance(id, year, null, BalanceScope.Total);
        for (var attempt = 0; attempt < 40; attempt++)
        {
            if ((await grains.GetGrain<Abstractions.Grains.IEntityGrain>(id).GetBalance(year, null, BalanceScope.Total)).Version >= stored.Version)
            {
                return;
            }

            await Task.Delay(25);
        }
    }
}
