using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.DualControl;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Production;
using CarbonRegistry.Grains.Ledger;
using CarbonRegistry.Storage.Ledger;
using CarbonRegistry.Storage.ReadModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CarbonRegistry.Grains.Entities;

/// <summary>
/// The shell around one entity's <see cref="EntityAggregate"/>. A write goes: the aggregate decides
/// → the decision's event and balance deltas are committed to the ledger (the acknowledgement) →
/// the event is folded into the state → the ancestors learn their new rollup rows → the snapshot is
/// written behind, coalesced. On activation the grain loads its snapshot, replays newer ledger
/// events, and reloads its rows from the read model.
/// </summary>
public sealed class EntityGrain(
    [PersistentState("entity", RegistryOptions.SnapshotStore)] IPersistentState<EntityState> snapshot,
    IGrainContext context,
    FactorSetCatalog catalog,
    ProductCatalog products,
    LedgerWriter writer,
    RegistryReader reader,
    RollupNotices rollupNotices,
    TimeProvider clock,
    IOptions<RegistryOptions> options,
    ILogger<EntityGrain> logger) : Grain, IEntityGrain, IRollupCache, IRemindable
{
    private const int LatestEventsRead = 32;
    private EntityAggregate _entity = null!;
    private EntityViews _views = null!;
    private SnapshotWriteBehind<EntityState> _snapshot = null!;
    private bool _ancestorsRefreshed;
    private long _versionAtActivation;

    // Activation is on the path of the first request to the entity, so nothing it reads waits for
    // the snapshot: the balance rows and the entity's latest ledger events are read, in one round
    // trip, while Orleans reads the snapshot (snapshots lag the ledger by a few events at most; see
    // OnActivateAsync). Dropped once used: a grain should not carry what it read on activation.
    private Task<EntityActivationRead>? _activationRead = reader.ActivationReadAsync(context.GrainId.Key.ToString()!, LatestEventsRead);

    private string Id => this.GetPrimaryKeyString();

    private EntityState State => snapshot.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _entity = new EntityAggregate(Id, State, catalog, products, clock, options.Value.UnusualFactor);
        _views = new EntityViews(Id, catalog.Deductions);
        _snapshot = new SnapshotWriteBehind<EntityState>(this, snapshot, options.Value.SnapshotDelay, logger);
        var replayed = 0;

        var read = await _activationRead!;
        _activationRead = null;
        var latest = read.LatestEvents;
        var events = latest.Count > 0 && latest[0].Version > State.Version + 1
            ? await reader.EntityEventsAsync(Id, State.Version, cancellationToken) // The snapshot is older than what was read.
            : latest.Where(e => e.Version > State.Version);
        foreach (var stored in events)
        {
            _entity.Apply(LedgerEvent.FromJson(stored.Payload), new EventMeta(stored.Sequence, stored.Version, stored.Actor, stored.RecordedAt, stored.IdempotencyKey));
            replayed++;
        }

        if (replayed > 0)
        {
            logger.LogInformation("Entity {EntityId} replayed {Count} ledger events after snapshot version {SnapshotVersion}", Id, replayed, State.Version - replayed);
            _snapshot.MarkDirty();
        }

        foreach (var row in read.Rows)
        {
            _views.Apply(row);
        }

        _views.Deductions = _entity.DeductionRules();
        foreach (var (year, ruleSetId) in State.DeductionPins.Where(pin => !catalog.Deductions.IsLoaded(pin.Value)))
        {
            logger.LogWarning("Entity {EntityId}: {Year} was switched to deduction rule set {RuleSetId}, which the loaded deductions.json ({DeductionsId}) does not have; the year follows the set covering it", Id, year, ruleSetId, catalog.Deductions.Id);
        }

        _versionAtActivation = State.Version;

        if (State.Registration is { } registration && await FilingCheckReminder.EnsureAsync(this, registration.Kind, State.FilingCheckRegistered, options.Value))
        {
            State.FilingCheckRegistered = true;
            _snapshot.MarkDirty();
        }
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _snapshot.FlushAsync(reason, pointless: reason.ReasonCode == DeactivationReasonCode.ShuttingDown && !options.Value.DurableSnapshots);

    public Task<EntityInfo?> GetInfo() => Task.FromResult(_entity.Info());

    public async Task<EntityInfo> Register(EntityRegistration registration, Actor actor)
    {
        var parent = registration.ParentId is { } parentId && registration.Id == Id && State.Registration is null
            ? await EntityAncestry.InfoAsync(id => GrainFactory.GetGrain<IEntityGrain>(id), parentId)
            : null;
        var decision = _entity.Register(registration, parent);
        if (decision.Event is null)
        {
            return _entity.Info()!;
        }

        await CommitAsync(decision, actor);
        State.FilingCheckRegistered = await FilingCheckReminder.RegisterAsync(this, registration.Kind, options.Value);

        logger.LogInformation("Registered {Kind} {EntityId} under {ParentId}", registration.Kind, Id, registration.ParentId);
        return _entity.Info()!;
    }

    public Task<ReportResult> SubmitReport(SubmitReport command, Actor actor) => FileReportAsync(command.Year, command.Month, _entity.Submit(command), actor);

    public Task<ReportResult> AmendReport(AmendReport command, Actor actor) => FileReportAsync(command.Year, command.Month, _entity.Amend(command), actor);

    public Task<ReportResult> CheckReport(SubmitReport command, string? reason)
    {
        var decision = reason is null
            ? _entity.Submit(command)
            : _entity.Amend(new AmendReport { Year = command.Year, Month = command.Month, IdempotencyKey = command.IdempotencyKey, Reason = reason, Data = command.Data });
        return Task.FromResult(_entity.Preview(command.Year, command.Month, decision));
    }

    public Task<IReadOnlyList<ReportVersion>> GetReportVersions(int year, int month) => Task.FromResult(_entity.ReportVersions(year, month));

    public Task<ExplanationView?> GetExplanation(int year, int? month) => Task.FromResult(_entity.Explain(year, month));

    public async Task<DualControlView> SetTargets(TargetsInput targets, Actor actor)
    {
        await CommitAsync(_entity.SetTargets(targets), actor);
        return DualControl(targets.Year);
    }

    public async Task<DualControlView> SetPlanTargets(PlanTargetsInput plan, Actor actor)
    {
        await CommitAsync(_entity.SetPlanTargets(plan), actor);
        return DualControl(plan.ToYear);
    }

    public Task<IReadOnlyList<PlanTargetsInput>> GetPlanTargets() =>
        Task.FromResult<IReadOnlyList<PlanTargetsInput>>([.. State.PlanTargets.Values.OrderBy(p => p.FromYear)]);

    public async Task<PeriodStatusView> VerifyPeriod(int year, int? month, Actor actor)
    {
        await CommitAsync(_entity.VerifyPeriod(year, month), actor);
        return _entity.PeriodStatus(year, month);
    }

    public async Task<PeriodStatusView> LockPeriod(int year, int? month, Actor actor)
    {
        await CommitAsync(_entity.LockPeriod(year, month), actor);
        return _entity.PeriodStatus(year, month);
    }

    public Task<PeriodStatusView> GetPeriodStatus(int year, int? month) => Task.FromResult(_entity.PeriodStatus(year, month));

    public async Task<IReadOnlyList<BalanceView>> Recalculate(int year, string factorSetId, Actor actor)
    {
        var decision = _entity.Recalculate(year, factorSetId);
        var reported = _entity.ReportedMonths(year);
        await CommitAsync(decision, actor);
        logger.LogInformation("Recalculated {EntityId} {Year} with factor set {FactorSetId}", Id, year, factorSetId);
        return [.. reported.Select(m => Balance(year, m, BalanceScope.Own))];
    }

    public async Task<BaselineView> SetBaseline(BaselineInput input, Actor actor)
    {
        var total = Balance(input.Year, 0, BalanceScope.Total);
        await CommitAsync(_entity.SetBaseline(input, total.ToBalance(catalog.Deductions), total.ReportCount), actor);
        return State.Baseline!;
    }

    public Task<BaselineView?> GetBaseline() => Task.FromResult(State.Baseline);

    public Task<string?> GetFactorSetPin(int year) => Task.FromResult(State.FactorSetPins.GetValueOrDefault(year));

    public async Task<BalanceView> SwitchDeductionRuleSet(int year, string ruleSetId, string reason, Actor actor)
    {
        if ((await CommitAsync(_entity.SwitchDeductionRuleSet(year, ruleSetId, reason), actor)).Sequence > 0)
        {
            logger.LogInformation("Switched {EntityId} {Year} to deduction rule set {RuleSetId}", Id, year, ruleSetId);
        }

        return Balance(year, 0, BalanceScope.Total);
    }

    public async Task<EntityInfo> Move(string newParentId, Actor actor)
    {
        var moves = State.Registration is { ParentId: { } oldParent } && oldParent != newParentId;
        var decision = _entity.Move(newParentId, moves ? await EntityAncestry.ChainAsync(id => GrainFactory.GetGrain<IEntityGrain>(id), newParentId, stopAt: Id) : []);
        await CommitAsync(decision, actor);
        if (decision.Event is not null)
        {
            logger.LogInformation("Moved {EntityId} from {OldParent} to {NewParent}", Id, decision.MovedFromParentId, newParentId);
        }

        return _entity.Info()!;
    }

    public Task<BalanceView> GetBalance(int year, int? month, BalanceScope scope)
    {
        _entity.CheckRead(year, month);
        return Task.FromResult(Balance(year, month ?? 0, scope));
    }

    public Task<IReadOnlyList<BalanceView>> GetMonthly(int year, BalanceScope scope)
    {
        _entity.CheckRead(year, null);
        return Task.FromResult<IReadOnlyList<BalanceView>>([.. Enumerable.Range(1, 12).Select(m => Balance(year, m, scope))]);
    }

    public Task<DualControlView> GetDualControl(int year)
    {
        _entity.CheckRead(year, null);
        return Task.FromResult(DualControl(year));
    }

    public Task<FilingStatus> GetFilingStatus() => Task.FromResult(_entity.FilingStatus());

    public Task ApplyCommittedRows(IReadOnlyList<BalanceRow> rows)
    {
        foreach (var row in rows)
        {
            _views.Apply(row);
        }

        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == FilingCheckReminder.Name && State.Registration is not null)
        {
            var overdue = _entity.CheckFiling();
            _snapshot.MarkDirty();
            logger.LogInformation("Filing check of {EntityId}: {Count} overdue months", Id, overdue);
        }

        return Task.CompletedTask;
    }

    private async Task<ReportResult> FileReportAsync(int year, int month, EntityDecision decision, Actor actor)
    {
        if (decision.Replay is { } earlier)
        {
            if (earlier.LedgerVersion <= _versionAtActivation)
            {
                await RefreshAncestorsOnceAsync();
            }

            return _entity.ReplayedResult(earlier);
        }

        var outcome = await CommitAsync(decision, actor);
        return new ReportResult
        {
            EntityId = Id,
            Year = year,
            Month = month,
            ReportVersion = State.Reports[EntityState.Key(year, month)].Count,
            Sequence = outcome.Sequence,
            Balance = Balance(year, month, BalanceScope.Own),
            Warnings = decision.Warnings,
        };
    }

    /// <summary>
    /// A replay may answer for a commit whose caller was told its outcome was unknown (the answer was
    /// lost after PostgreSQL committed): that commit's rows never reached the ancestors. Such a
    /// commit is always one an earlier activation made (a failed commit ends its activation), so on
    /// the first replay of one of those, every ancestor gets its total rows from the read model
    /// again; a row it holds in a newer version stays. Replays of this activation's own commits (a client
    /// retrying after a timeout) need nothing: their rows were delivered before they were answered.
    /// </summary>
    private async Task RefreshAncestorsOnceAsync()
    {
        if (_ancestorsRefreshed)
        {
            return;
        }

        var ancestors = await reader.AncestorTotalRowsAsync(Id);
        await rollupNotices.SendAllAsync(Id, ancestors.SelectMany(ancestor => ancestor.Value), logger);
        _ancestorsRefreshed = true;
    }

    /// <summary>
    /// Commits a decision, then folds its event in; on any doubt about the outcome the activation
    /// is dropped and rebuilt from the ledger. A decision without an event commits nothing.
    /// </summary>
    private async Task<CommitOutcome> CommitAsync(EntityDecision decision, Actor actor)
    {
        if (decision.Event is not { } ledgerEvent)
        {
            return new CommitOutcome(0, []);
        }

        var version = State.Version + 1;
        CommitOutcome outcome;
        try
        {
            outcome = await writer.CommitAsync(decision.ToCommit(Id, version, actor, _entity.IsLeaf));
        }
        catch (RegistryException error) when (error.Retriable)
        {
            // The commit may or may not have landed (OUTCOME_UNKNOWN), or another writer got there
            // first (CONCURRENCY_CONFLICT): rebuild from the ledger on the next call rather than guess.
            DeactivateOnIdle();
            throw;
        }

        _entity.Apply(ledgerEvent, new EventMeta(outcome.Sequence, version, actor.ToString(), decision.At, decision.IdempotencyKey), decision.Report);
        _snapshot.MarkDirty();
        if (ledgerEvent is DeductionRuleSetSwitched)
        {
            _views.Deductions = _entity.DeductionRules();
        }

        // Ancestors learn their new rollup rows before the caller is answered, so a read after an
        // acknowledged write sees it.
        foreach (var row in outcome.Rows.Where(row => row.EntityId == Id))
        {
            _views.Apply(row);
        }

        await rollupNotices.SendAllAsync(Id, outcome.Rows, logger);
        return outcome;
    }

    private BalanceView Balance(int year, int month, BalanceScope scope) => _views.Balance(State.Registration, year, month, scope);

    private DualControlView DualControl(int year) =>
        _views.DualControl(State.Registration, year, State.Targets.GetValueOrDefault(year), State.PlanTargets.Values.FirstOrDefault(p => p.Covers(year)));
}
