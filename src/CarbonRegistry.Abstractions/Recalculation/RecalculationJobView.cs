namespace CarbonRegistry.Abstractions.Recalculation;

/// <summary>Where a recalculation job stands.</summary>
public enum RecalculationStatus
{
    /// <summary>Entities remain to be recalculated.</summary>
    Running,

    /// <summary>Every entity was recalculated, found unchanged, or refused.</summary>
    Finished,
}

/// <summary>An entity the job could not recalculate, with the entity's error.</summary>
/// <param name="EntityId">The entity.</param>
/// <param name="Code">The stable code (e.g. <c>PERIOD_LOCKED</c>).</param>
/// <param name="Message">Why.</param>
[GenerateSerializer, Immutable]
public sealed record RecalculationFailure([property: Id(0)] string EntityId, [property: Id(1)] string Code, [property: Id(2)] string Message);

/// <summary>A recalculation of every entity of a subtree for a year with another factor set.</summary>
[GenerateSerializer, Immutable]
public sealed record RecalculationJobView
{
    /// <summary>The job's id.</summary>
    [Id(0)] public required string JobId { get; init; }

    /// <summary>The root of the subtree.</summary>
    [Id(1)] public required string RootId { get; init; }

    /// <summary>The year recalculated.</summary>
    [Id(2)] public required int Year { get; init; }

    /// <summary>The factor set the year is recalculated with.</summary>
    [Id(3)] public required string FactorSetId { get; init; }

    /// <summary>Running or finished.</summary>
    [Id(4)] public required RecalculationStatus Status { get; init; }

    /// <summary>The entities of the subtree when the job started (retired ones left out).</summary>
    [Id(5)] public required int Total { get; init; }

    /// <summary>Entities recalculated (each a Recalculated event of its own stream).</summary>
    [Id(6)] public int Recalculated { get; init; }

    /// <summary>Entities whose reported months of the year were computed with the set already: nothing to do.</summary>
    [Id(7)] public int Unchanged { get; init; }

    /// <summary>Entities refused, with the reason.</summary>
    [Id(8)] public IReadOnlyList<RecalculationFailure> Failures { get; init; } = [];

    /// <summary>Who started it: subject (role).</summary>
    [Id(9)] public required string StartedBy { get; init; }

    /// <summary>When it started.</summary>
    [Id(10)] public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it finished; null while running.</summary>
    [Id(11)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The deduction rule set each entity's year is switched to, or null when the job leaves deductions as they are.</summary>
    [Id(12)] public string? DeductionRuleSetId { get; init; }

    /// <summary>Entities dealt with so far.</summary>
    public int Done => Recalculated + Unchanged + Failures.Count;
}
