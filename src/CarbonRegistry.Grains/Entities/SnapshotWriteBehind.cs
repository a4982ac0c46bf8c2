using Microsoft.Extensions.Logging;

namespace CarbonRegistry.Grains.Entities;

/// <summary>
/// Writes a grain's snapshot behind its changes, coalesced: a change marks it dirty, and a grain
/// timer writes it at most every <c>Registry:SnapshotDelay</c>. A failed write only makes the next
/// activation replay more (the ledger holds every event), so it is logged and retried.
/// </summary>
internal sealed class SnapshotWriteBehind<TState>(IGrainBase grain, IPersistentState<TState> snapshot, TimeSpan delay, ILogger logger)
{
    private bool _dirty;
    private IGrainTimer? _timer;

    /// <summary>Whether the state has changed since the last snapshot.</summary>
    public bool IsDirty => _dirty;

    /// <summary>Records a change; the snapshot follows within the delay.</summary>
    public void MarkDirty()
    {
        _dirty = true;
        _timer ??= grain.RegisterGrainTimer(
            async () =>
            {
                if (_dirty)
                {
                    await WriteAsync();
                }
            },
            new GrainTimerCreationOptions { DueTime = delay, Period = delay, Interleave = false, KeepAlive = false });
    }

    /// <summary>
    /// Writes what changed when the grain deactivates, unless the deactivation is for an error
    /// (the state may be what went wrong) or <paramref name="pointless"/> (a snapshot store that
    /// does not outlive the process).
    /// </summary>
    public Task FlushAsync(DeactivationReason reason, bool pointless) =>
        _dirty && reason.ReasonCode != DeactivationReasonCode.ApplicationError && !pointless ? WriteAsync() : Task.CompletedTask;

    private async Task WriteAsync()
    {
        _dirty = false;
        try
        {
            await snapshot.WriteStateAsync();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            _dirty = true;
            logger.LogWarning(error, "Snapshot of {GrainId} not written; it will be retried", grain.GrainContext.GrainId);
        }
    }
}
