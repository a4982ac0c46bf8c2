using System.Collections.Concurrent;
using CarbonRegistry.Abstractions.Balances;
using Microsoft.Extensions.Logging;

namespace CarbonRegistry.Grains.Entities;

/// <summary>
/// Delivers committed rollup rows to ancestor grains, coalescing what many commits send to the same
/// ancestor. One ledger transaction holds many children's commits, and they all bring their city
/// and province the same rows; so each ancestor has one notice in flight at a time, and rows that
/// arrive meanwhile (the newest version of each row) go together in the next. A lone commit is sent
/// at once. A caller's task completes when a notice carrying its rows has been applied, so an
/// acknowledged write is still visible in the ancestors' figures when the caller is answered.
/// There is one outbox per body that has ever had a descendant report: the province, cities,
/// zones and parks, never a mine or an enterprise.
/// </summary>
public sealed class RollupNotices(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<string, Outbox> _outboxes = new(StringComparer.Ordinal);

    /// <summary>Sends <paramref name="rows"/> (all of entity <paramref name="entityId"/>); completes when they are applied there.</summary>
    public Task SendAsync(string entityId, IEnumerable<BalanceRow> rows)
    {
        var outbox = _outboxes.GetOrAdd(entityId, id => new Outbox(grains.GetGrain<IRollupCache>(id)));
        lock (outbox)
        {
            foreach (var row in rows)
            {
                var key = (row.Year, row.Month, row.Scope);
                if (!outbox.Queued.TryGetValue(key, out var queued) || queued.RowVersion < row.RowVersion)
                {
                    outbox.Queued[key] = row;
                }
            }

            outbox.Next ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var applied = outbox.Next.Task;
            if (!outbox.Sending)
            {
                outbox.Sending = true;

                // Off the calling grain's scheduler: the loop outlives the turn that started it.
                _ = Task.Run(() => DrainAsync(outbox));
            }

            return applied;
        }
    }

    /// <summary>
    /// Sends every entity's rows of <paramref name="rows"/> but <paramref name="from"/>'s own, and
    /// completes when all are applied. The commit is already durable: a notice that fails is
    /// logged, and that ancestor reloads its rows from the read model when it next activates.
    /// </summary>
    public async Task SendAllAsync(string from, IEnumerable<BalanceRow> rows, ILogger logger)
    {
        try
        {
            await Task.WhenAll(rows.Where(row => row.EntityId != from).GroupBy(row => row.EntityId).Select(group => SendAsync(group.Key, group)));
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogWarning(error, "Rollup rows from {EntityId} not delivered to every ancestor", from);
        }
    }

    private static async Task DrainAsync(Outbox outbox)
    {
        while (true)
        {
            BalanceRow[] rows;
            TaskCompletionSource applied;
            lock (outbox)
            {
                if (outbox.Next is null)
                {
                    outbox.Sending = false;
                    return;
                }

                rows = [.. outbox.Queued.Values];
                outbox.Queued.Clear();
                applied = outbox.Next;
                outbox.Next = null;
            }

            try
            {
                await outbox.Target.ApplyCommittedRows(rows);
                applied.SetResult();
            }
            catch (Exception error)
            {
                applied.SetException(error);
            }
        }
    }

    private sealed class Outbox(IRollupCache target)
    {
        public IRollupCache Target { get; } = target;

        public Dictionary<(int Year, int Month, BalanceScope Scope), BalanceRow> Queued { get; } = [];

        /// <summary>Completes when the rows queued now are applied; null when nothing is queued.</summary>
        public TaskCompletionSource? Next { get; set; }

        public bool Sending { get; set; }
    }
}
