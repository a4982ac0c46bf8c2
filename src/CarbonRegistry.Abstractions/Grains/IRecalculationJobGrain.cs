using CarbonRegistry.Abstractions.Recalculation;
using CarbonRegistry.Abstractions.Reports;
using Orleans.Concurrency;

namespace CarbonRegistry.Abstractions.Grains;

/// <summary>
/// One recorded job, keyed by its id, that recalculates every entity of a subtree for a year with
/// another factor set. Its start, its progress (by batch) and its end are events of the stream
/// <c>recalculation:&lt;id&gt;</c>; each entity's recalculation is a ledger event of the entity's own
/// stream, as with <c>recalculate</c>. After a crash or a restart it continues where its events
/// stop, when its reminder fires or when it is next read.
/// </summary>
public interface IRecalculationJobGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts the job; starting it again with the same arguments returns it as it stands, with
    /// others is <c>RECALCULATION_JOB_EXISTS</c>. With <paramref name="deductionRuleSetId"/>, each
    /// entity's year is also switched to that deduction rule set (a ledger event of its own).
    /// </summary>
    Task<RecalculationJobView> Start(string rootId, int year, string factorSetId, Actor actor, string? deductionRuleSetId = null);

    /// <summary>The job as it stands, or null when no job has this id; a job left running is resumed.</summary>
    [AlwaysInterleave]
    Task<RecalculationJobView?> GetView();
}
