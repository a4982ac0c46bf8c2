using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Ledger;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Storage.Ledger;
using CarbonRegistry.Storage.ReadModel;

namespace CarbonRegistry.Grains.Ledger;

/// <summary>
/// Reading and appending the project ledger's streams (named by <see cref="LedgerStreamNames"/>).
/// </summary>
public static class LedgerStreams
{
    /// <summary>Every event of a stream, oldest first.</summary>
    public static async Task<IReadOnlyList<(LedgerEvent Event, long Version, DateTimeOffset At)>> ReadAsync(RegistryReader reader, string stream, CancellationToken cancellationToken = default) =>
        [.. (await reader.EntityEventsAsync(stream, 0, cancellationToken)).Select(e => (LedgerEvent.FromJson(e.Payload), e.Version, e.RecordedAt))];

    /// <summary>
    /// Appends <paramref name="ledgerEvent"/> at <paramref name="version"/>: the commit is the
    /// acknowledgement. A retriable failure (a lost answer, another writer first) is rethrown for
    /// the grain to rebuild from the ledger.
    /// </summary>
    public static Task<CommitOutcome> CommitAsync(LedgerWriter writer, string stream, long version, LedgerEvent ledgerEvent, DateTimeOffset at, Actor actor) =>
        writer.CommitAsync(new LedgerCommit
        {
            EntityId = stream,
            Version = version,
            Type = ledgerEvent.Type,
            Payload = ledgerEvent.ToJson(),
            Actor = actor.ToString(),
            RecordedAt = at,
        });

    /// <summary>Whether a failed commit leaves the grain's state in doubt (it must deactivate and replay).</summary>
    public static bool LeavesStateInDoubt(Exception error) => error is RegistryException { Retriable: true };

    /// <summary>
    /// Commits as <see cref="CommitAsync"/> for <paramref name="grain"/>, which deactivates when the
    /// outcome is in doubt, so that its next activation replays the stream as the ledger has it.
    /// </summary>
    public static async Task<CommitOutcome> CommitOrDeactivateAsync(Grain grain, LedgerWriter writer, string stream, long version, LedgerEvent ledgerEvent, DateTimeOffset at, Actor actor)
    {
        try
        {
            return await CommitAsync(writer, stream, version, ledgerEvent, at, actor);
        }
        catch (Exception error) when (LeavesStateInDoubt(error))
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Now, to the microsecond: PostgreSQL keeps no finer time, and a replay must see what the live path saw.</summary>
    public static DateTimeOffset Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }
}
