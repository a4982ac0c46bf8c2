using CarbonRegistry.Abstractions.Balances;

namespace CarbonRegistry.Storage.Ledger;

/// <summary>
/// The balance rows a batch of commits changes and by how much: each commit's own monthly deltas
/// go to its own month and year rows and to the total rows of every entity on its chain; a move
/// shifts the entity's whole total from the old chain to the new. Pure (chains and the moving
/// entity's totals are read by the caller), so the rollup rule is tested without a database.
/// </summary>
internal sealed class RollupPlan
{
    private readonly Dictionary<RowKey, BalanceComponents> _deltas = [];
    private readonly List<RowKey>[] _touched;

    /// <summary>A plan for a batch of <paramref name="commitCount"/> commits, changing nothing yet.</summary>
    public RollupPlan(int commitCount) => _touched = [.. Enumerable.Range(0, commitCount).Select(_ => new List<RowKey>())];

    /// <summary>How many distinct rows the plan changes.</summary>
    public int RowCount => _deltas.Count;

    /// <summary>The change of each row, in key order, so concurrent writers would lock rows in the same order.</summary>
    public KeyValuePair<RowKey, BalanceComponents>[] Ordered() =>
        [.. _deltas.OrderBy(pair => pair.Key.EntityId, StringComparer.Ordinal).ThenBy(pair => pair.Key.Year).ThenBy(pair => pair.Key.Month).ThenBy(pair => pair.Key.Scope)];

    /// <summary>The keys of the rows commit <paramref name="commit"/> changes, once each.</summary>
    public IEnumerable<RowKey> Touched(int commit) => _touched[commit].Distinct();

    /// <summary>
    /// Adds every commit's own deltas, month and year, to its own rows and to the total rows of
    /// each entity on its chain (the entity itself first, then its parent, …). A leaf keeps no
    /// total rows: its own rows are its total, so its chain is taken from its parent on.
    /// </summary>
    public void AddOwnDeltas(IReadOnlyList<LedgerCommit> commits, IReadOnlyDictionary<string, IReadOnlyList<string>> chains)
    {
        for (var i = 0; i < commits.Count; i++)
        {
            var commit = commits[i];
            foreach (var delta in commit.Deltas)
            {
                var chain = chains[commit.EntityId];
                foreach (var month in new[] { delta.Month, 0 })
                {
                    Add(i, new RowKey(commit.EntityId, delta.Year, month, BalanceScope.Own), delta.Change);
                    foreach (var id in commit.Leaf ? chain.Skip(1) : chain)
                    {
                        Add(i, new RowKey(id, delta.Year, month, BalanceScope.Total), delta.Change);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Commit <paramref name="commit"/> moves an entity whose total rows are
    /// <paramref name="totals"/>: each is taken from the ancestors only the old parent's chain has
    /// and added to those only the new parent's chain has; ancestors on both keep their figures.
    /// </summary>
    public void AddMove(int commit, IReadOnlyList<string> oldParentChain, IReadOnlyList<string> newParentChain, IEnumerable<BalanceRow> totals)
    {
        var leaving = oldParentChain.Except(newParentChain, StringComparer.Ordinal).ToList();
        var joining = newParentChain.Except(oldParentChain, StringComparer.Ordinal).ToList();
        foreach (var total in totals)
        {
            foreach (var id in leaving)
            {
                Add(commit, new RowKey(id, total.Year, total.Month, BalanceScope.Total), BalanceComponents.Zero.Minus(total.Components));
            }

            foreach (var id in joining)
            {
                Add(commit, new RowKey(id, total.Year, total.Month, BalanceScope.Total), total.Components);
            }
        }
    }

    /// <summary>Each commit's outcome: its sequence and the rows it changed, as the database returned them.</summary>
    public CommitOutcome[] Outcomes(long[] sequences, IReadOnlyDictionary<RowKey, BalanceRow> rows)
    {
        var outcomes = new CommitOutcome[_touched.Length];
        for (var i = 0; i < outcomes.Length; i++)
        {
            outcomes[i] = new CommitOutcome(sequences[i], [.. Touched(i).Select(key => rows[key])]);
        }

        return outcomes;
    }

    private void Add(int commit, RowKey key, BalanceComponents change)
    {
        _deltas[key] = _deltas.TryGetValue(key, out var existing) ? existing.Plus(change) : change;
        _touched[commit].Add(key);
    }
}

/// <summary>The key of a balance row.</summary>
internal readonly record struct RowKey(string EntityId, int Year, int Month, BalanceScope Scope)
{
    public static RowKey Of(BalanceRow row) => new(row.EntityId, row.Year, row.Month, row.Scope);
}
