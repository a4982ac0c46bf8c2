using CarbonRegistry.Abstractions.Ledger;
using CarbonRegistry.Storage.Ledger;
using CarbonRegistry.Storage.ReadModel;

namespace CarbonRegistry.Storage.Feed;

/// <summary>
/// Follows the ledger table itself, so a subscriber sees the commits of every silo. Ledger
/// transactions are serialized, so sequences become visible in order: reading "everything after
/// the last sequence seen" can never skip an event that commits later. A local commit wakes the
/// followers at once; commits of other silos are picked up by polling.
/// </summary>
public sealed class LedgerFeed(RegistryReader reader, LedgerWriter writer) : ILedgerFeed
{
    /// <summary>How often followers look for commits of other silos.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private const int PageSize = 500;

    public Task<long> LastSequenceAsync(CancellationToken cancellationToken = default) => reader.LastSequenceAsync(cancellationToken);

    public async Task FollowAsync(long afterSequence, Func<LedgerEventView, CancellationToken, ValueTask> deliver, CancellationToken cancellationToken)
    {
        var last = afterSequence;
        var wake = new SemaphoreSlim(0);
        void OnCommit(int count, TimeSpan elapsed)
        {
            if (wake.CurrentCount == 0)
            {
                wake.Release();
            }
        }

        writer.BatchCommitted += OnCommit;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var events = await reader.EventsAfterAsync(last, PageSize, cancellationToken);
                foreach (var e in events)
                {
                    await deliver(e, cancellationToken);
                    last = e.Sequence;
                }

                if (events.Count < PageSize)
                {
                    await wake.WaitAsync(PollInterval, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Unsubscribed.
        }
        finally
        {
            writer.BatchCommitted -= OnCommit;
            wake.Dispose();
        }
    }
}
