using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Ledger;
using CarbonRegistry.Abstractions.Recalculation;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Grains.Ledger;
using CarbonRegistry.Grains.Mapping;
using CarbonRegistry.Storage.Ledger;
using CarbonRegistry.Storage.ReadModel;
using Microsoft.Extensions.Logging;

namespace CarbonRegistry.Grains.Recalculation;

/// <summary>
/// A recorded recalculation of a subtree for a year. The entities are taken in batches; each
/// batch's outcome is committed before the next starts, so a job interrupted by a crash or a
/// restart replays its stream and goes on with the entities no batch recorded. An entity of an
/// interrupted batch may so be recalculated twice: the second time records another Recalculated
/// event with the same figures. An entity already pinned to the set, whose reported months of the
/// year use it, is not recalculated again. One batch runs per timer tick, so the job's own calls
/// (a read, a repeated start, its reminder) are answered between batches.
/// </summary>
public sealed class RecalculationJobGrain(FactorSetCatalog catalog, LedgerWriter writer, RegistryReader reader, TimeProvider clock, ILogger<RecalculationJobGrain> logger)
    : Grain, IRecalculationJobGrain, IRemindable
{
    /// <summary>Entities recalculated at once, and recorded together.</summary>
    public const int BatchSize = 64;

    private const string ResumeReminder = "recalculation-resume";
    private readonly HashSet<string> _recalculated = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unchanged = new(StringComparer.Ordinal);
    private readonly List<RecalculationFailure> _failures = [];
    private readonly HashSet<string> _done = new(StringComparer.Ordinal);
    private int _cursor;
    private RecalculationStarted? _started;
    private string _startedBy = "";
    private DateTimeOffset _startedAt;
    private DateTimeOffset? _finishedAt;
    private long _version;
    private IGrainTimer? _work;

    private string Stream => LedgerStreamNames.Recalculation(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var stored in await reader.EntityEventsAsync(Stream, 0, cancellationToken))
        {
            Apply(LedgerEvent.FromJson(stored.Payload), stored.Version, stored.Actor, stored.RecordedAt);
        }

        ResumeIfRunning();
    }

    public Task<RecalculationJobView?> GetView()
    {
        ResumeIfRunning();
        return Task.FromResult(_started is null ? null : View());
    }

    public async Task<RecalculationJobView> Start(string rootId, int year, string factorSetId, Actor actor, string? deductionRuleSetId = null)
    {
        if (_started is not null)
        {
            return (_started.RootId, _started.Year, _started.FactorSetId, _started.DeductionRuleSetId) == (rootId, year, factorSetId, deductionRuleSetId)
                ? View()
                : throw new RegistryException(RegistryErrorCode.RecalculationJobExists, $"Job '{this.GetPrimaryKeyString()}' recalculates {_started.RootId} {_started.Year} with {_started.FactorSetId}{(_started.DeductionRuleSetId is { } d ? $" and {d}" : "")}.", "jobId");
        }

        if (deductionRuleSetId is not null)
        {
            DeductionRuleSets.RequireLoaded(catalog.Deductions, deductionRuleSetId, "deductionRuleSetId");
        }

        FactorSets.RequireCovering(catalog, factorSetId, year, "factorSetId");

        if (await GrainFactory.GetGrain<IEntityGrain>(rootId).GetInfo() is null)
        {
            throw new RegistryException(RegistryErrorCode.UnknownEntity, $"Entity '{rootId}' is not registered.", "rootId");
        }

        var entities = Subtree(await reader.EntitiesAsync(), rootId);
        var started = new RecalculationStarted(rootId, year, factorSetId, entities, actor.Subject, actor.Role, deductionRuleSetId);
        var at = LedgerStreams.Now(clock);
        await LedgerStreams.CommitOrDeactivateAsync(this, writer, Stream, _version + 1, started, at, actor);
        Apply(started, _version + 1, actor.ToString(), at);
        logger.LogInformation("Recalculation {JobId} started: {Count} entities under {RootId}, {Year}, factor set {FactorSetId}", this.GetPrimaryKeyString(), entities.Count, rootId, year, factorSetId);
        await this.RegisterOrUpdateReminder(ResumeReminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        ResumeIfRunning();
        return View();
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (_finishedAt is not null && await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        ResumeIfRunning();
    }

    /// <summary>The root and every active entity under it, parents before children.</summary>
    private static List<string> Subtree(IReadOnlyList<EntityRecord> all, string rootId)
    {
        var children = all.Where(e => e.ParentId is not null).ToLookup(e => e.ParentId!, StringComparer.Ordinal);
        var found = new List<string>();
        var queue = new Queue<EntityRecord>(all.Where(e => e.Id == rootId));
        while (queue.TryDequeue(out var entity))
        {
            if (entity.Status != nameof(EntityStatus.Retired))
            {
                found.Add(entity.Id);
            }

            foreach (var child in children[entity.Id].OrderBy(c => c.Id, StringComparer.Ordinal))
            {
                queue.Enqueue(child);
            }
        }

        return found;
    }

    private void ResumeIfRunning()
    {
        if (_started is not null && _finishedAt is null && _work is null)
        {
            _work = this.RegisterGrainTimer(WorkAsync, new GrainTimerCreationOptions { DueTime = TimeSpan.Zero, Period = TimeSpan.FromMilliseconds(1), Interleave = false, KeepAlive = true });
        }
    }

    /// <summary>
    /// One batch, recorded; the last records the end and stops the timer. A failure to record stops
    /// it too, for the reminder or the next read to resume.
    /// </summary>
    private async Task WorkAsync(CancellationToken cancellation)
    {
        try
        {
            var started = _started!;
            var actor = new Actor(started.Subject, started.Role);
            if (NextBatch() is { Count: > 0 } batch)
            {
                var outcomes = await Task.WhenAll(batch.Select(id => RecalculateAsync(id, started, actor)));
                await CommitAsync(
                    new RecalculationProgressed(
                        [.. outcomes.Where(o => o.Outcome == "recalculated").Select(o => o.EntityId)],
                        [.. outcomes.Where(o => o.Outcome == "unchanged").Select(o => o.EntityId)],
                        [.. outcomes.Where(o => o.Failure is not null).Select(o => o.Failure!)]),
                    actor);
                return;
            }

            await CommitAsync(new RecalculationFinished(), actor);
            logger.LogInformation("Recalculation {JobId} finished: {Recalculated} recalculated, {Unchanged} unchanged, {Failed} refused", this.GetPrimaryKeyString(), _recalculated.Count, _unchanged.Count, _failures.Count);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            logger.LogWarning(error, "Recalculation {JobId} paused; it resumes with its reminder or its next read", this.GetPrimaryKeyString());
        }

        _work?.Dispose();
        _work = null;
    }

    /// <summary>The next entities no batch has recorded, in the job's order (the cursor skips those done).</summary>
    private List<string> NextBatch()
    {
        var ids = _started!.EntityIds;
        while (_cursor < ids.Count && _done.Contains(ids[_cursor]))
        {
            _cursor++;
        }

        var batch = new List<string>(BatchSize);
        for (var i = _cursor; i < ids.Count && batch.Count < BatchSize; i++)
        {
            if (!_done.Contains(ids[i]))
            {
                batch.Add(ids[i]);
            }
        }

        return batch;
    }

    private async Task<(string EntityId, string Outcome, LedgerRecalculationFailure? Failure)> RecalculateAsync(string entityId, RecalculationStarted started, Actor actor)
    {
        var entity = GrainFactory.GetGrain<IEntityGrain>(entityId);
        try
        {
            // A deduction rule set to switch to, where the year has another: recorded first.
            var switched = started.DeductionRuleSetId is { } ruleSetId
                && (await entity.GetBalance(started.Year, null, BalanceScope.Total)).DeductionRuleSetId != ruleSetId;
            if (switched)
            {
                await entity.SwitchDeductionRuleSet(started.Year, started.DeductionRuleSetId!, $"recalculation job {this.GetPrimaryKeyString()}", actor);
            }

            // Already pinned to the set, with every reported month on it: nothing to recalculate.
            if (await entity.GetFactorSetPin(started.Year) == started.FactorSetId
                && await entity.GetBalance(started.Year, null, BalanceScope.Own) is var own
                && (own.ReportCount == 0 || own.FactorSetId == started.FactorSetId))
            {
                return (entityId, switched ? "recalculated" : "unchanged", null);
            }

            await entity.Recalculate(started.Year, started.FactorSetId, actor);
            return (entityId, "recalculated", null);
        }
        catch (RegistryException error) when (!error.Retriable)
        {
            return (entityId, "failed", new LedgerRecalculationFailure(entityId, error.Code, error.Message));
        }
    }

    private async Task CommitAsync(LedgerEvent ledgerEvent, Actor actor)
    {
        var at = LedgerStreams.Now(clock);
        await LedgerStreams.CommitOrDeactivateAsync(this, writer, Stream, _version + 1, ledgerEvent, at, actor);
        Apply(ledgerEvent, _version + 1, actor.ToString(), at);
    }

    private void Apply(LedgerEvent ledgerEvent, long version, string actor, DateTimeOffset at)
    {
        switch (ledgerEvent)
        {
            case RecalculationStarted started:
                (_started, _startedBy, _startedAt) = (started, actor, at);
                break;
            case RecalculationProgressed progressed:
                _recalculated.UnionWith(progressed.Recalculated);
                _unchanged.UnionWith(progressed.Unchanged);
                _failures.AddRange(progressed.Failed.Select(f => new RecalculationFailure(f.EntityId, f.Code, f.Message)));
                _done.UnionWith(progressed.Recalculated.Concat(progressed.Unchanged).Concat(progressed.Failed.Select(f => f.EntityId)));
                break;
            case RecalculationFinished:
                _finishedAt = at;
                break;
        }

        _version = version;
    }

    private RecalculationJobView View() => new()
    {
        JobId = this.GetPrimaryKeyString(),
        RootId = _started!.RootId,
        Year = _started.Year,
        FactorSetId = _started.FactorSetId,
        Status = _finishedAt is null ? RecalculationStatus.Running : RecalculationStatus.Finished,
        Total = _started.EntityIds.Count,
        Recalculated = _recalculated.Count,
        Unchanged = _unchanged.Count,
        Failures = [.. _failures],
        StartedBy = _startedBy,
        StartedAt = _startedAt,
        FinishedAt = _finishedAt,
        DeductionRuleSetId = _started.DeductionRuleSetId,
    };
}
