using System.Data.Common;
using System.Threading.Channels;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Telemetry;
using CarbonRegistry.Storage.Database;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CarbonRegistry.Storage.Ledger;

/// <summary>
/// Group commit: callers hand in <see cref="LedgerCommit"/>s and await their outcome; one loop
/// drains everything queued into a single transaction. While transactions are in flight, new
/// commits queue up and go together in the next one, so throughput grows with concurrency while
/// a lone caller still commits at once. On PostgreSQL two transactions may be in flight: the
/// next one is on its way while the server finishes the last, and the writer lock orders them. A
/// task completes only after its transaction committed: the commit is the acknowledgement. If a
/// batch fails, each commit is retried alone, so one bad commit (a version conflict) cannot fail
/// its neighbours; unless the connection failed after the batch was sent, when each of its
/// commits is failed as <see cref="RegistryErrorCode.OutcomeUnknown"/>.
/// </summary>
public sealed class LedgerWriter : IAsyncDisposable
{
    private readonly RegistryDatabase _database;
    private readonly ILogger<LedgerWriter> _logger;
    private readonly int _maxBatch;
    private readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(20_000) { SingleReader = true });
    private readonly Task _loop;
    private readonly CancellationTokenSource _stopping = new();
    private readonly AncestorChains _chains = new();
    private readonly LedgerDialect _dialect;
    private readonly int _maxInFlight;
    private readonly SemaphoreSlim _inFlight;

    /// <summary>Starts the commit loop.</summary>
    public LedgerWriter(RegistryDatabase database, IOptions<StorageOptions> options, ILogger<LedgerWriter> logger)
    {
        _database = database;
        _logger = logger;
        _maxBatch = options.Value.MaxBatch;

        _dialect = LedgerDialect.For(database.Provider, options.Value);
        _maxInFlight = _dialect.MaxBatchesInFlight;
        _inFlight = new SemaphoreSlim(_maxInFlight);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Raised after each committed batch with its size and duration (for metrics).</summary>
    public event Action<int, TimeSpan>? BatchCommitted;

    /// <summary>Commits <paramref name="commit"/>; completes when it is durable, or throws a <see cref="RegistryException"/>.</summary>
    public async Task<CommitOutcome> CommitAsync(LedgerCommit commit, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(commit);
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Completion.Task;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        for (var i = 0; i < _maxInFlight; i++)
        {
            await _inFlight.WaitAsync();
        }

        _stopping.Dispose();
        _inFlight.Dispose();
    }

    private async Task RunAsync()
    {
        while (await _queue.Reader.WaitToReadAsync())
        {
            await _inFlight.WaitAsync();
            var batch = new List<Pending>();
            while (batch.Count < _maxBatch && _queue.Reader.TryPeek(out var next))
            {
                // A move rewrites rollups from the ledger's current state: it goes alone.
                var isMove = next.Commit.MovedFromParentId is not null;
                if (isMove && batch.Count > 0)
                {
                    break;
                }

                _queue.Reader.TryRead(out _);
                batch.Add(next);
                if (isMove)
                {
                    break;
                }
            }

            _ = CommitAndReleaseAsync(batch);
        }
    }

    private async Task CommitAndReleaseAsync(List<Pending> batch)
    {
        try
        {
            await CommitBatchAsync(batch);
        }
        finally
        {
            _inFlight.Release();
        }
    }

    private async Task CommitBatchAsync(List<Pending> batch, bool chainsReloaded = false)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var outcomes = await LedgerBatch.CommitAsync(_database, _dialect, _chains, [.. batch.Select(p => p.Commit)], _stopping.Token);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(outcomes[i]);
            }

            var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
            RegistryTelemetry.LedgerCommitDuration.Record(elapsed.TotalSeconds);
            RegistryTelemetry.LedgerCommitSize.Record(batch.Count);
            BatchCommitted?.Invoke(batch.Count, elapsed);
            return;
        }
        catch (Exception error) when (IsStaleChain(error) && !chainsReloaded)
        {
            // Another silo moved an entity on a chain this writer cached: reload and go again.
            _logger.LogInformation("An ancestor chain changed elsewhere; the writer reloads its chains");
            _chains.Clear();
            await CommitBatchAsync(batch, chainsReloaded: true);
            return;
        }
        catch (LedgerOutcomeUnknownException error)
        {
            // Committing the batch again one by one could only add version conflicts for whatever
            // did land: each caller is told the truth, and its retry (same idempotency key) finds
            // its report stored or stores it.
            _logger.LogError(error, "The connection failed after a batch of {Count} commits was sent; their outcome is unknown", batch.Count);
            var unknown = new RegistryException(RegistryErrorCode.OutcomeUnknown, "The connection to the database failed after the change was sent: it may or may not be stored. Retry the request (with the same idempotency key, if it has one).", retriable: true);
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(unknown);
            }

            return;
        }
        catch (Exception error) when (batch.Count > 1)
        {
            // Whatever failed (a constraint, a value the database refuses), commit one by one so
            // that one bad commit cannot fail its neighbours. A real outage fails each of them too.
            _logger.LogWarning(error, "A batch of {Count} commits failed; committing them one by one", batch.Count);
        }
        catch (Exception error)
        {
            var failure = Translate(error, batch.Count == 1 ? batch[0].Commit : null);
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(failure);
            }

            return;
        }

        foreach (var pending in batch)
        {
            await CommitBatchAsync([pending]);
        }
    }

    private static bool IsStaleChain(Exception error) => error is PostgresException { SqlState: PostgresLedgerDialect.StaleChainState };

    private RegistryException Translate(Exception error, LedgerCommit? commit)
    {
        if (IsConstraintViolation(error) && commit is not null)
        {
            var text = error.Message;
            if (text.Contains("idempotency", StringComparison.OrdinalIgnoreCase))
            {
                return new RegistryException(RegistryErrorCode.IdempotencyKeyReused, $"Idempotency key '{commit.IdempotencyKey}' was already used for entity '{commit.EntityId}'.", "idempotencyKey");
            }

            _logger.LogWarning("Version conflict committing {Type} v{Version} of {EntityId}", commit.Type, commit.Version, commit.EntityId);
            return new RegistryException(RegistryErrorCode.ConcurrencyConflict, $"Entity '{commit.EntityId}' was changed concurrently; retry the request.", retriable: true);
        }

        if (IsStaleChain(error))
        {
            return new RegistryException(RegistryErrorCode.ConcurrencyConflict, "Entities moved while the change was being stored; nothing was stored. Retry the request.", retriable: true);
        }

        if (error is PostgresException { SqlState: var state } && state.StartsWith("22", StringComparison.Ordinal))
        {
            return new RegistryException(RegistryErrorCode.InvalidText, $"The database refused a value of the request ({state}); nothing was stored.");
        }

        _logger.LogError(error, "Ledger commit failed; nothing of the batch was stored");
        return new RegistryException(RegistryErrorCode.StorageUnavailable, "The ledger could not be written; nothing was stored. Retry the request.", retriable: true);
    }

    private static bool IsConstraintViolation(Exception error) => error switch
    {
        PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteErrorCode == 19,
        DbException { InnerException: { } inner } => IsConstraintViolation(inner),
        _ => false,
    };

    private sealed record Pending(LedgerCommit Commit)
    {
        public TaskCompletionSource<CommitOutcome> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
