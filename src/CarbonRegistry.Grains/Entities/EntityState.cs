using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.DualControl;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Reports;

namespace CarbonRegistry.Grains.Entities;

/// <summary>
/// The working state of an entity: everything its events built up. It is a snapshot, never the
/// truth: it can always be rebuilt from the ledger, and it records the ledger version it reflects.
/// Keys of periods are <c>yyyy-MM</c> strings so the state serializes plainly as JSON.
/// </summary>
[GenerateSerializer]
public sealed class EntityState
{
    [Id(0)] public EntityRegistration? Registration { get; set; }

    [Id(1)] public EntityStatus Status { get; set; }

    [Id(2)] public long Version { get; set; }

    [Id(3)] public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>Every version of every month's report, oldest first.</summary>
    [Id(4)] public Dictionary<string, List<StoredReport>> Reports { get; set; } = [];

    /// <summary>The own balance of each reported month under the current versions.</summary>
    [Id(5)] public Dictionary<string, BalanceComponents> OwnBalances { get; set; } = [];

    [Id(6)] public Dictionary<int, TargetsInput> Targets { get; set; } = [];

    /// <summary>Month states; a month absent is open.</summary>
    [Id(7)] public Dictionary<string, PeriodState> Periods { get; set; } = [];

    [Id(8)] public Dictionary<string, IdempotencyRecord> IdempotencyKeys { get; set; } = [];

    /// <summary>Factor sets chosen by an explicit recalculation, by year.</summary>
    [Id(9)] public Dictionary<int, string> FactorSetPins { get; set; } = [];

    /// <summary>When the filing-check reminder last ran (not a ledger fact: a derived observation).</summary>
    [Id(10)] public DateTimeOffset? LastFilingCheckAt { get; set; }

    [Id(11)] public List<string> OverduePeriods { get; set; } = [];

    /// <summary>Whether the filing-check reminder is known to be registered (with durable reminders, activation need not ask again).</summary>
    [Id(12)] public bool FilingCheckRegistered { get; set; }

    /// <summary>The registered baseline of the zero-carbon programmes, if any.</summary>
    [Id(13)] public BaselineView? Baseline { get; set; }

    /// <summary>Five-year targets by the plan's first year.</summary>
    [Id(14)] public Dictionary<int, PlanTargetsInput> PlanTargets { get; set; } = [];

    /// <summary>Deduction rule sets chosen by a recorded switch, by year.</summary>
    [Id(15)] public Dictionary<int, string> DeductionPins { get; set; } = [];

    public static string Key(int year, int month) => $"{year:D4}-{month:D2}";
}

/// <summary>One filed version of a month's report.</summary>
[GenerateSerializer]
public sealed record StoredReport
{
    [Id(0)] public required int Version { get; init; }

    [Id(1)] public required ReportData Data { get; init; }

    [Id(2)] public string? Reason { get; init; }

    [Id(3)] public required long LedgerVersion { get; init; }

    [Id(4)] public required string Actor { get; init; }

    [Id(5)] public required DateTimeOffset RecordedAt { get; init; }

    [Id(6)] public required string FactorSetId { get; init; }

    [Id(7)] public required long Sequence { get; init; }

    [Id(8)] public string? IdempotencyKey { get; init; }

    /// <summary>The review flags raised when it was accepted.</summary>
    [Id(9)] public IReadOnlyList<ValidationWarning>? Warnings { get; init; }
}

/// <summary>What an idempotency key was used for, so a retry gets the first result.</summary>
[GenerateSerializer]
public sealed record IdempotencyRecord
{
    [Id(0)] public required string ContentHash { get; init; }

    [Id(1)] public required int Year { get; init; }

    [Id(2)] public required int Month { get; init; }

    [Id(3)] public required int ReportVersion { get; init; }

    [Id(4)] public required long LedgerVersion { get; init; }

    [Id(5)] public required long Sequence { get; init; }
}
