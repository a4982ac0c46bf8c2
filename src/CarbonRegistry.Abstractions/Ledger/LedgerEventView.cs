namespace CarbonRegistry.Abstractions.Ledger;

/// <summary>One event of the append-only ledger: the audit trail.</summary>
[GenerateSerializer, Immutable]
public sealed record LedgerEventView
{
    /// <summary>Global sequence, increasing with every commit.</summary>
    [Id(0)] public required long Sequence { get; init; }

    /// <summary>The entity the event belongs to.</summary>
    [Id(1)] public required string EntityId { get; init; }

    /// <summary>The entity's version after the event (unique per entity).</summary>
    [Id(2)] public required long Version { get; init; }

    /// <summary>Event type, e.g. <c>ReportSubmitted</c>.</summary>
    [Id(3)] public required string Type { get; init; }

    /// <summary>The event as JSON.</summary>
    [Id(4)] public required string Payload { get; init; }

    /// <summary>Who caused it.</summary>
    [Id(5)] public required string Actor { get; init; }

    /// <summary>When it was committed.</summary>
    [Id(6)] public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>The idempotency key of the request, if any.</summary>
    [Id(7)] public string? IdempotencyKey { get; init; }
}
