using CarbonRegistry.Abstractions.Ledger;
using CarbonRegistry.Storage.Ledger;
using CarbonRegistry.Storage.ReadModel;

namespace CarbonRegistry.Storage.Feed;

/// <summary>
/// Follows the ledger table itself, so subscribers see the commits of every silo. Ledger
/// transactions are serialized, so sequences become visible in order: reading "everything after
/// the last sequence seen" can never skip an event that commits later.
/// <para>
/// One follower per process reads the tail once for every subscriber and keeps the most recent
/// events in a window; a subscriber that starts further back is first served from the ledger,
/// page by page, until it reaches the window. A local commit wakes the follower at once; commits of
/// other silos are picked up by polling.
/// </para>
/// </summary>
public sealed class LedgerFeed : ILedgerFeed, IDisposable
{
    /// <summary>How often the follower looks for commits of other silos.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private const int PageSize = 500;
    private const int WindowSize = 10_000;

    private readonly RegistryReader _reader;
    private readonly LedgerWriter _writer;
    private readonly object _gate = new();
    private readonly LinkedList<LedgerEventView> _window = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _follower;
    private long _tail = -1;

    public LedgerFeed(RegistryReader reader, LedgerWriter writer)
    {
        _reader = reader;
        _writer = writer;
        _writer.BatchCommitted += OnCommit;
    }

    public Task<long> LastSequenceAsync(CancellationToken cancellationToken = default) => _reader.LastSequenceAsync(cancellationToken);

    public async Task FollowAsync(long afterSequence, Func<LedgerEventView, CancellationToken, ValueTask> deliver, CancellationToken cancellationToken)
    {
        await EnsureFollowingAsync(cancellationToken);
        var last = afterSequence;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                List<LedgerEventView>? next;
                Task appended;
                lock (_gate)
                {
                    appended = _appended.Task;
                    var oldest = _window.First?.Value.Sequence;
                    next = last >= _tail
                        ? []
                        : oldest is { } first && last >= first - 1
                            ? After(last)
                            : null;
                }

                // Behind the window: read the ledger itself until the window is reached.
                next ??= [.. await _reader.EventsAfterAsync(last, PageSize, cancellationToken)];
                foreach (var e in next)
                {
                    await deliver(e, cancellationToken);
                    last = e.Sequence;
                }

                if (next.Count == 0)
                {
                    await appended.WaitAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Unsubscribed.
        }
    }

    /// <summary>The window's events after <paramref name="sequence"/>, walking back from the newest (callers are usually near the end).</summary>
    private List<LedgerEventView> After(long sequence)
    {
        var newer = new List<LedgerEventView>();
        for (var node = _window.Last; node is not null && node.Value.Sequence > sequence; node = node.Previous)
        {
            newer.Add(node.Value);
        }

        newer.Reverse();
        return newer;
    }

    public void Dispose()
    {
        _writer.BatchCommitted -= OnCommit;
        _stopping.Cancel();
        _stopping.Dispose();
        _wake.Dispose();
    }

    private void OnCommit(int count, TimeSpan elapsed)
    {
        if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    /// <summary>Starts the shared follower at the ledger's current end, once.</summary>
    private async Task EnsureFollowingAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _tail) >= 0)
        {
            return;
        }

        var start = await _reader.LastSequenceAsync(cancellationToken);
        lock (_gate)
        {
            if (_follower is not null)
            {
                return;
            }

            _tail = start;
            _follower = Task.Run(FollowTailAsync);
        }
    }

    private async Task FollowTailAsync()
    {
        var token = _stopping.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                var events = await _reader.EventsAfterAsync(Volatile.Read(ref _tail), PageSize, token);
                if (events.Count > 0)
                {
                    TaskCompletionSource appended;
                    lock (_gate)
                    {
                        foreach (var e in events)
                        {
                            _window.AddLast(e);
                        }

                        while (_window.Count > WindowSize)
                        {
                            _window.RemoveFirst();
                        }

                        _tail = events[^1].Sequence;
                        appended = _appended;
                        _appended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }

                    appended.TrySetResult();
                }

                if (events.Count < PageSize)
                {
                    await _wake.WaitAsync(PollInterval, token);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error) when (error is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
            {
                // The database is unavailable: try again after a pause; subscribers wait meanwhile.
                await Task.Delay(PollInterval, token);
            }
        }
    }
}
