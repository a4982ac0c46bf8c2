using GraphQL.DataLoader;

namespace CarbonRegistry.Api.Schema;

/// <summary>
/// Batches the loads of one request: resolvers ask for keys and get deferred results; GraphQL.NET
/// resolves a whole level of the query before awaiting them, so the first await fetches every key
/// asked for so far in one call. (GraphQL.DataLoader is not served here; this is the small part of
/// it the API needs.)
/// </summary>
internal sealed class BatchLoader<TKey, TValue>(Func<IReadOnlyList<TKey>, Task<IReadOnlyDictionary<TKey, TValue>>> fetch)
    where TKey : notnull
{
    private readonly object _gate = new();
    private readonly List<TKey> _pending = [];
    private readonly Dictionary<TKey, Task<IReadOnlyDictionary<TKey, TValue>>> _batches = [];

    public IDataLoaderResult<TValue> Load(TKey key)
    {
        lock (_gate)
        {
            if (!_batches.ContainsKey(key))
            {
                _pending.Add(key);
            }
        }

        return new Result(this, key);
    }

    private async Task<TValue> GetAsync(TKey key)
    {
        Task<IReadOnlyDictionary<TKey, TValue>>? batch;
        lock (_gate)
        {
            if (!_batches.TryGetValue(key, out batch))
            {
                var keys = _pending.Distinct().ToList();
                _pending.Clear();
                batch = fetch(keys);
                foreach (var pending in keys)
                {
                    _batches[pending] = batch;
                }
            }
        }

        return (await batch)[key];
    }

    private sealed class Result(BatchLoader<TKey, TValue> loader, TKey key) : IDataLoaderResult<TValue>
    {
        public Task<TValue> GetResultAsync(CancellationToken cancellationToken = default) => loader.GetAsync(key);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}

/// <summary>A pending loader result mapped once it is there (the batch still resolves with its siblings').</summary>
internal static class DataLoaderResults
{
    public static IDataLoaderResult<TResult> Then<T, TResult>(this IDataLoaderResult<T> result, Func<T, TResult> map) => new Mapped<T, TResult>(result, map);

    private sealed class Mapped<T, TResult>(IDataLoaderResult<T> inner, Func<T, TResult> map) : IDataLoaderResult<TResult>
    {
        public async Task<TResult> GetResultAsync(CancellationToken cancellationToken = default) => map(await inner.GetResultAsync(cancellationToken));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
