using System.Text.Json.Serialization;

namespace CarbonRegistry.Grains.Ledger;

// The events of a recalculation job, under the stream "recalculation:<id>". Each JSON name is pinned.

/// <summary>A job started: the subtree's entities as they were, the year, the set (and the deduction rule set, if switched), and who asked (whose name the entities' events carry).</summary>
public sealed record RecalculationStarted(
    [property: JsonPropertyName("rootId")] string RootId,
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("factorSetId")] string FactorSetId,
    [property: JsonPropertyName("entityIds")] IReadOnlyList<string> EntityIds,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("deductionRuleSetId")] string? DeductionRuleSetId = null) : LedgerEvent;

/// <summary>A batch of entities dealt with: recalculated, found unchanged, or refused with their code.</summary>
public sealed record RecalculationProgressed(
    [property: JsonPropertyName("recalculated")] IReadOnlyList<string> Recalculated,
    [property: JsonPropertyName("unchanged")] IReadOnlyList<string> Unchanged,
    [property: JsonPropertyName("failed")] IReadOnlyList<LedgerRecalculationFailure> Failed) : LedgerEvent;

/// <summary>An entity the job could not recalculate.</summary>
public sealed record LedgerRecalculationFailure(
    [property: JsonPropertyName("entityId")] string EntityId,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);

/// <summary>Every entity of the job was dealt with.</summary>
public sealed record RecalculationFinished : LedgerEvent;
