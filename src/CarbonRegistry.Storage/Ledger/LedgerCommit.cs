using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Accounting.Production;
using CarbonRegistry.Storage.ReadModel;

namespace CarbonRegistry.Storage.Ledger;

/// <summary>
/// Everything one acknowledged change writes, in one transaction: the ledger event and its effect
/// on the read model (the entity row, and the change of the entity's own monthly balances, which
/// the writer propagates to annual rows and to every ancestor's rollup).
/// </summary>
public sealed record LedgerCommit
{
    /// <summary>The entity.</summary>
    public required string EntityId { get; init; }

    /// <summary>The entity's version after this event; must be the last committed version + 1.</summary>
    public required long Version { get; init; }

    /// <summary>Event type.</summary>
    public required string Type { get; init; }

    /// <summary>Event as JSON.</summary>
    public required string Payload { get; init; }

    /// <summary>Who caused it.</summary>
    public required string Actor { get; init; }

    /// <summary>The request's idempotency key, if any; unique per entity.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Event time (the writer keeps it; the grain sets it so that replay sees the same value).</summary>
    public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>The entity row to insert or replace (registration, move, status change).</summary>
    public EntityRecord? Entity { get; init; }

    /// <summary>Set on a move: the parent the entity leaves. Its rollups shift from the old chain to the new.</summary>
    public string? MovedFromParentId { get; init; }

    /// <summary>
    /// Set when the entity may contain nothing (<see cref="Abstractions.Entities.EntityHierarchy.IsLeaf"/>):
    /// its total equals its own balance, so only its own rows are written, and readers take them as its total.
    /// </summary>
    public bool Leaf { get; init; }

    /// <summary>Changes of the entity's own monthly balances (new − old, component by component).</summary>
    public IReadOnlyList<BalanceDelta> Deltas { get; init; } = [];

    /// <summary>Months whose stated products change: each replaces the month's rows in the production table.</summary>
    public IReadOnlyList<ProductionChange> Production { get; init; } = [];

    /// <summary>A year switched to another deduction rule set: replaces the year's row in the deduction_switches table.</summary>
    public DeductionSwitch? DeductionSwitch { get; init; }
}

/// <summary>The deduction rule set a recorded switch chose for a year of the entity.</summary>
/// <param name="Year">Year.</param>
/// <param name="RuleSetId">The rule set.</param>
public sealed record DeductionSwitch(int Year, string RuleSetId);

/// <summary>The products a month's report now states (none when an amendment drops them).</summary>
/// <param name="Year">Year.</param>
/// <param name="Month">Month 1–12.</param>
/// <param name="Products">Each product's output in the base unit of its measure.</param>
public sealed record ProductionChange(int Year, int Month, IReadOnlyList<ProductQuantity> Products);

/// <summary>The change of one month's own balance.</summary>
/// <param name="Year">Year.</param>
/// <param name="Month">Month 1–12.</param>
/// <param name="Change">New − old components (may be negative).</param>
public sealed record BalanceDelta(int Year, int Month, BalanceComponents Change);

/// <summary>What a committed change produced.</summary>
/// <param name="Sequence">The event's global ledger sequence.</param>
/// <param name="Rows">Every balance row the commit changed, with its value after the transaction.</param>
public sealed record CommitOutcome(long Sequence, IReadOnlyList<BalanceRow> Rows);
