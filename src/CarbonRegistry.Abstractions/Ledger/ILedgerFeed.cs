namespace CarbonRegistry.Abstractions.Ledger;

/// <summary>
/// The committed ledger as a live feed, in sequence order, without gaps or repeats: a subscriber
/// gets every event after the sequence it names (replayed from the ledger), then each new one.
/// </summary>
public interface ILedgerFeed
{
    /// <summary>
    /// Delivers to <paramref name="deliver"/> every event with a sequence above
    /// <paramref name="afterSequence"/>, in order, until <paramref name="cancellationToken"/> is
    /// cancelled. Completes when cancelled; throws if delivery throws.
    /// </summary>
    Task FollowAsync(long afterSequence, Func<LedgerEventView, CancellationToken, ValueTask> deliver, CancellationToken cancellationToken);

    /// <summary>The highest committed sequence now.</summary>
    Task<long> LastSequenceAsync(CancellationToken cancellationToken = default);
}
