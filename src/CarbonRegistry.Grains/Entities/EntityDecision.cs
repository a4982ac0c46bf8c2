using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Grains.Ledger;
using CarbonRegistry.Storage.Ledger;
using CarbonRegistry.Storage.ReadModel;

namespace CarbonRegistry.Grains.Entities;

/// <summary>
/// What <see cref="EntityAggregate"/> decided a command does: the event to commit and what the
/// commit carries with it, or nothing to commit (<see cref="Event"/> null) when the entity is
/// already as the command asks, or the command repeats one that was committed
/// (<see cref="Replay"/>).
/// </summary>
public sealed record EntityDecision
{
    /// <summary>The command changes nothing.</summary>
    public static EntityDecision Unchanged { get; } = new();

    /// <summary>The event to append, or null when there is nothing to commit.</summary>
    public LedgerEvent? Event { get; init; }

    /// <summary>When the decision was taken, to the microsecond: the event's recorded time.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The client's key for a report, unique per entity in the ledger.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>New − old own balance of every month the event changes.</summary>
    public IReadOnlyList<BalanceDelta> Deltas { get; init; } = [];

    /// <summary>For a report: what deciding it worked out, handed to the fold of its event (see <see cref="EntityModel.Apply"/>).</summary>
    public DecidedReport? Report { get; init; }

    /// <summary>The own balances a report's decision computed, by <c>yyyy-MM</c>.</summary>
    public IReadOnlyDictionary<string, BalanceComponents>? OwnBalances => Report?.OwnBalances;

    /// <summary>The products a report states for its month, replacing what the month stated before.</summary>
    public IReadOnlyList<ProductionChange> Production { get; init; } = [];

    /// <summary>The entity's row in the entities table, when the event changes it.</summary>
    public EntityRecord? Entity { get; init; }

    /// <summary>The parent a move leaves (its rollups lose the entity's figures).</summary>
    public string? MovedFromParentId { get; init; }

    /// <summary>Review flags raised on an accepted report.</summary>
    public IReadOnlyList<ValidationWarning> Warnings { get; init; } = [];

    /// <summary>The earlier submission this command repeats (same key, same content).</summary>
    public IdempotencyRecord? Replay { get; init; }

    /// <summary>The ledger commit of this decision's event for <paramref name="entityId"/> at <paramref name="version"/>.</summary>
    public LedgerCommit ToCommit(string entityId, long version, Actor actor, bool leaf) => new()
    {
        EntityId = entityId,
        Version = version,
        Type = Event!.Type,
        Payload = Event.ToJson(),
        Actor = actor.ToString(),
        IdempotencyKey = IdempotencyKey,
        RecordedAt = At,
        Entity = Entity,
        MovedFromParentId = MovedFromParentId,
        Leaf = leaf,
        Deltas = Deltas,
        Production = Production,
        DeductionSwitch = Event is DeductionRuleSetSwitched switched ? new DeductionSwitch(switched.Year, switched.RuleSetId) : null,
    };
}
