using CarbonRegistry.Abstractions.Balances;
using Orleans.Concurrency;

namespace CarbonRegistry.Grains.Entities;

/// <summary>
/// How an entity grain tells its ancestors their new rollup rows after a commit. Internal to the
/// silo (not in the public abstractions), so no client can push figures into a grain's cache; rows
/// carry a version, so a late or repeated notice never overwrites newer figures.
/// </summary>
public interface IRollupCache : IGrainWithStringKey
{
    [AlwaysInterleave]
    Task ApplyCommittedRows(IReadOnlyList<BalanceRow> rows);
}
