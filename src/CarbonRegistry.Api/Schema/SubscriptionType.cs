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
                var changes = new BalanceChanges(Resolvers.Grains(c), entity.Registration.Id, c.GetArgument("includeDescendants", false));
                return new FeedObservable<object?>((observer, cancellation) =>
                    feed.FollowAsync(after, async (e, token) =>
                    {
                        if (await changes.ForAsync(e) is { } change)
                        {
                            observer.OnNext(change);
                        }
                    }, cancellation));
            });
    }
}

/// <summary>Turns ledger events into the balance changes one subscription cares about.</summary>
internal sealed class BalanceChanges(IGrainFactory grains, string entityId, bool includeDescendants)
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
        var balance = await grains.GetGrain<Abstractions.Grains.IRegistryQueryGrain>(0).GetStoredBalance(entityId, year, month, BalanceScope.Total);
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
