using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Ledger;

namespace CarbonRegistry.Abstractions.Queries;

/// <summary>Filters of an entity listing; all optional.</summary>
[GenerateSerializer, Immutable]
public sealed record EntityFilter
{
    /// <summary>Only this kind.</summary>
    [Id(0)] public EntityKind? Kind { get; init; }

    /// <summary>Only direct children of this entity.</summary>
    [Id(1)] public string? ParentId { get; init; }

    /// <summary>Only participants of this programme.</summary>
    [Id(2)] public PilotProgram? Pilot { get; init; }

    /// <summary>Only entities whose English or Chinese name contains this text (case-insensitive for Latin letters).</summary>
    [Id(3)] public string? Search { get; init; }
}

/// <summary>Whether each reporting body under an entity has filed a month.</summary>
[GenerateSerializer, Immutable]
public sealed record FilingStatusView
{
    /// <summary>The year.</summary>
    [Id(0)] public required int Year { get; init; }

    /// <summary>The month.</summary>
    [Id(1)] public required int Month { get; init; }

    /// <summary>Whether the month has ended (China time), so a report can be expected.</summary>
    [Id(2)] public required bool Due { get; init; }

    /// <summary>Reporting bodies (mines, enterprises, parks) under the entity with a report for the month.</summary>
    [Id(3)] public IReadOnlyList<EntityRegistration> Filed { get; init; } = [];

    /// <summary>Reporting bodies under the entity without one.</summary>
    [Id(4)] public IReadOnlyList<EntityRegistration> NotFiled { get; init; } = [];
}

/// <summary>
/// One product's output in a year over an entity and everything under it, and its CO2 per unit:
/// summed, never averaged (see <c>ProductionFigures</c> in the accounting library).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProductionView
{
    /// <summary>Product code.</summary>
    [Id(0)] public required string Code { get; init; }

    /// <summary>English name.</summary>
    [Id(1)] public required string Name { get; init; }

    /// <summary>Chinese name.</summary>
    [Id(2)] public required string NameZh { get; init; }

    /// <summary>The unit of the quantities (the base unit of the product's measure).</summary>
    [Id(3)] public required string Unit { get; init; }

    /// <summary>All output stated.</summary>
    [Id(4)] public required decimal Quantity { get; init; }

    /// <summary>Output of the months whose report stated this product alone.</summary>
    [Id(5)] public required decimal AttributedQuantity { get; init; }

    /// <summary>Gross emissions (scope 1 + location-based scope 2) of those months, tCO2e.</summary>
    [Id(6)] public required decimal AttributedTco2e { get; init; }

    /// <summary>tCO2e per unit of product, from the sums; null when no month stated the product alone.</summary>
    [Id(7)] public decimal? Tco2ePerUnit { get; init; }

    /// <summary>How many bodies stated the product.</summary>
    [Id(8)] public required int Reporters { get; init; }
}

/// <summary>A page of a listing with keyset pagination: <see cref="EndCursor"/> is passed back as "after".</summary>
/// <typeparam name="T">The item type.</typeparam>
[GenerateSerializer, Immutable]
public sealed record Page<T>
{
    /// <summary>The items, in listing order.</summary>
    [Id(0)] public required IReadOnlyList<T> Items { get; init; }

    /// <summary>Whether more items follow.</summary>
    [Id(1)] public required bool HasNextPage { get; init; }

    /// <summary>The cursor of the last item, or null for an empty page.</summary>
    [Id(2)] public string? EndCursor { get; init; }
}

/// <summary>What a ranking orders by (descending; for intensities and carbon per energy, the highest first too).</summary>
public enum RankingMetric
{
    /// <summary>Total energy, tce.</summary>
    EnergyTce,

    /// <summary>Controlled energy, tce.</summary>
    ControlledEnergyTce,

    /// <summary>Gross emissions, tCO2e.</summary>
    GrossTco2e,

    /// <summary>Net emissions, tCO2e.</summary>
    NetTco2e,

    /// <summary>Energy intensity, tce per 10^4 yuan.</summary>
    EnergyIntensity,

    /// <summary>Carbon intensity, tCO2e per 10^4 yuan.</summary>
    CarbonIntensity,

    /// <summary>tCO2 per tce.</summary>
    CarbonPerEnergy,

    /// <summary>Clean-energy share.</summary>
    CleanEnergyShare,
}

/// <summary>One row of a ranking.</summary>
/// <param name="Rank">1 for the first.</param>
/// <param name="Entity">The entity.</param>
/// <param name="Value">The metric's value.</param>
/// <param name="Balance">The year's rolled-up balance.</param>
[GenerateSerializer, Immutable]
public sealed record RankingRow([property: Id(0)] int Rank, [property: Id(1)] EntityRegistration Entity, [property: Id(2)] decimal Value, [property: Id(3)] BalanceView Balance);

/// <summary>A factor set as listed for users.</summary>
[GenerateSerializer, Immutable]
public sealed record FactorSetView
{
#pragma warning disable CS1591 // Mirrors CarbonRegistry.Accounting.Factors.FactorSet.
    [Id(0)] public required string Id { get; init; }
    [Id(1)] public required string Title { get; init; }
    [Id(2)] public required int FromYear { get; init; }
    [Id(3)] public required int ToYear { get; init; }
    [Id(4)] public required string Status { get; init; }
    [Id(5)] public string? Supersedes { get; init; }
    [Id(6)] public required bool Current { get; init; }
    [Id(7)] public required string GwpSet { get; init; }
    [Id(8)] public required decimal NationalGridFactor { get; init; }
    [Id(9)] public required string NationalGridFactorSource { get; init; }
#pragma warning restore CS1591
}

/// <summary>A page of an entity's audit trail.</summary>
[GenerateSerializer, Immutable]
public sealed record HistoryPage
{
    /// <summary>The events, oldest first.</summary>
    [Id(0)] public required IReadOnlyList<LedgerEventView> Events { get; init; }

    /// <summary>Whether more events follow.</summary>
    [Id(1)] public required bool HasNextPage { get; init; }

    /// <summary>How many events the stream holds in all.</summary>
    [Id(2)] public int TotalCount { get; init; }
}
