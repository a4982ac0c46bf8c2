using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;

namespace CarbonRegistry.Storage.Ledger;

/// <summary>
/// Each entity's chain (itself, its parent, …, the province), as the ledger writer last read it.
/// A chain changes only when something on it moves. This process forgets every chain when it
/// commits a move; a move committed by another process is caught by the check each PostgreSQL batch
/// makes under the writer lock (<see cref="Links"/>), which fails the batch, and the writer forgets.
/// </summary>
public sealed class AncestorChains
{
    /// <summary>Ids per statement: far below both engines' parameter limits.</summary>
    private const int IdsPerStatement = 400;

    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _known = new(StringComparer.Ordinal);

    /// <summary>Forgets every chain.</summary>
    public void Clear() => _known.Clear();

    /// <summary>The chains of <paramref name="ids"/>: cached ones, the rest read with <paramref name="connection"/>.</summary>
    public async Task<Dictionary<string, IReadOnlyList<string>>> GetAsync(DbConnection connection, IReadOnlyCollection<string> ids)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>(ids.Count, StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var id in ids)
        {
            if (_known.TryGetValue(id, out var chain))
            {
                result[id] = chain;
            }
            else
            {
                missing.Add(id);
            }
        }

        if (missing.Count > 0)
        {
            foreach (var (id, chain) in await ReadAsync(connection, null, missing))
            {
                _known[id] = chain;
                result[id] = chain;
            }
        }

        return result;
    }

    /// <summary>Every (entity, parent) link the chains rest on; the root's parent is null.</summary>
    public static (string[] Ids, string?[] Parents) Links(IEnumerable<IReadOnlyList<string>> chains)
    {
        var links = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var chain in chains)
        {
            for (var i = 0; i < chain.Count; i++)
            {
                links[chain[i]] = i + 1 < chain.Count ? chain[i + 1] : null;
            }
        }

        return ([.. links.Keys], [.. links.Values]);
    }

    /// <summary>For each id: the id itself and all its ancestors, read inside <paramref name="transaction"/> when given.</summary>
    internal static async Task<Dictionary<string, IReadOnlyList<string>>> ReadAsync(DbConnection connection, DbTransaction? transaction, IReadOnlyList<string> ids)
    {
        var result = ids.Distinct().ToDictionary(id => id, _ => (IReadOnlyList<string>)new List<string>());
        foreach (var chunk in result.Keys.Chunk(IdsPerStatement))
        {
            // Lists are spelled out as parameters: Dapper's IN-list expansion differs between drivers.
            var parameters = new DynamicParameters();
            var list = string.Join(", ", chunk.Select((id, i) => { parameters.Add($"i{i}", id); return $"@i{i}"; }));
            var links = await connection.QueryAsync<(string Start, string Id, int Depth)>(
                $"""
                WITH RECURSIVE chain(start_id, id, parent_id, depth) AS (
                    SELECT id, id, parent_id, 0 FROM entities WHERE id IN ({list})
                    UNION ALL
                    SELECT chain.start_id, e.id, e.parent_id, chain.depth + 1 FROM chain JOIN entities e ON e.id = chain.parent_id
                )
                SELECT start_id, id, depth FROM chain ORDER BY start_id, depth
                """,
                parameters,
                transaction);
            foreach (var (start, id, _) in links)
            {
                ((List<string>)result[start]).Add(id);
            }
        }

        foreach (var (id, chain) in result)
        {
            if (chain.Count == 0)
            {
                throw new InvalidOperationException($"Entity '{id}' has no row in entities: a balance cannot be rolled up for it.");
            }
        }

        return result;
    }
}
