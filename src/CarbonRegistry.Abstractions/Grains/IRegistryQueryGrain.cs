using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Queries;

namespace CarbonRegistry.Abstractions.Grains;

/// <summary>
/// Cross-entity queries served from the read model: listings, rankings, audit trails, factor
/// sets. Stateless: any silo answers (use key 0).
/// </summary>
public interface IRegistryQueryGrain : IGrainWithIntegerKey
{
    /// <summary>Entities ordered by id, <paramref name="first"/> at a time after the cursor <paramref name="after"/>.</summary>
    Task<Page<EntityRegistration>> GetEntities(EntityFilter filter, int first, string? after);

    /// <summary>How many entities <paramref name="filter"/> matches.</summary>
    Task<int> CountEntities(EntityFilter filter);

    /// <summary>The direct children of several entities at once (one read-model query), by parent id.</summary>
    Task<IReadOnlyDictionary<string, IReadOnlyList<EntityRegistration>>> GetChildrenOf(IReadOnlyList<string> parentIds);

    /// <summary>An entity's ledger events oldest first, <paramref name="first"/> at a time after sequence <paramref name="afterSequence"/>.</summary>
    Task<HistoryPage> GetHistory(string entityId, int first, long afterSequence);

    /// <summary>
    /// Entities (optionally of one kind) ranked by a metric of the year's rollup, highest first;
    /// entities without the metric are left out. <paramref name="first"/> rows after rank
    /// <paramref name="afterRank"/>.
    /// </summary>
    Task<IReadOnlyList<RankingRow>> GetRanking(int year, RankingMetric metric, EntityKind? kind, int first, int afterRank = 0);

    /// <summary>
    /// A balance as the read model holds it now (month null: the year). Always as fresh as the
    /// last commit, unlike an entity grain's cache, which its descendants update after committing.
    /// </summary>
    Task<BalanceView> GetStoredBalance(string entityId, int year, int? month, BalanceScope scope);

    /// <summary>Which reporting bodies (mines, enterprises, parks) under <paramref name="entityId"/> have filed a month.</summary>
    Task<FilingStatusView> GetFilingStatus(string entityId, int year, int month);

    /// <summary>What <paramref name="entityId"/> and everything under it produced in <paramref name="year"/>, per product, with CO2 per unit.</summary>
    Task<IReadOnlyList<ProductionView>> GetProduction(string entityId, int year);

    /// <summary>The ids of every registered two-high project, oldest first.</summary>
    Task<IReadOnlyList<string>> GetProjectIds();

    /// <summary>Every loaded factor set.</summary>
    Task<IReadOnlyList<FactorSetView>> GetFactorSets();
}
