using System.Security.Cryptography;
using System.Text.Json;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.DualControl;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.DualControl;
using CarbonRegistry.Accounting.Errors;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Grains.Ledger;
using CarbonRegistry.Grains.Mapping;
using CarbonRegistry.Storage.Ledger;
using CarbonRegistry.Storage.ReadModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CarbonRegistry.Grains.Entities;

/// <summary>
/// One registered body. A write goes: validate → compute the balances it changes → commit event
/// and balance deltas to the ledger (the acknowledgement) → fold the event into the state → tell
/// the ancestors their new rollup rows → write the snapshot behind, coalesced. On activation the
/// grain loads its snapshot, replays newer ledger events, and reloads its rows from the read model.
/// </summary>
public sealed class EntityGrain(
    [PersistentState("entity", RegistryOptions.SnapshotStore)] IPersistentState<EntityState> snapshot,
    IGrainContext context,
    FactorSetCatalog catalog,
    LedgerWriter writer,
    RegistryReader reader,
    RollupNotices rollupNotices,
    TimeProvider clock,
    IOptions<RegistryOptions> options,
    ILogger<EntityGrain> logger) : Grain, IEntityGrain, IRollupCache, IRemindable
{
    private const string FilingCheckReminder = "filing-check";
    private const int MaxFuelLines = 100;
    private const int LatestEventsRead = 32;
    private readonly Dictionary<(int Year, int Month, BalanceScope Scope), BalanceRow> _rows = [];
    private EntityModel _model = null!;
    private bool _snapshotDirty;
    private bool _ancestorsRefreshed;
    private long _versionAtActivation;
    private IGrainTimer? _snapshotTimer;

    // Activation is on the path of the first request to the entity, so nothing it reads waits for
    // the snapshot: the balance rows and the entity's latest ledger events are read, in one round
    // trip, while Orleans reads the snapshot (snapshots lag the ledger by a few events at most; see
    // OnActivateAsync). Dropped once used: a grain should not carry what it read on activation.
    private Task<EntityActivationRead>? _activationRead = reader.ActivationReadAsync(context.GrainId.Key.ToString()!, LatestEventsRead);

    private string Id => this.GetPrimaryKeyString();

    private EntityState State => snapshot.State;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _model = new EntityModel(State, catalog);
        var replayed = 0;

        var read = await _activationRead!;
        _activationRead = null;
        var latest = read.LatestEvents;
        var events = latest.Count > 0 && latest[0].Version > State.Version + 1
            ? await reader.EntityEventsAsync(Id, State.Version, cancellationToken) // The snapshot is older than what was read.
            : latest.Where(e => e.Version > State.Version);
        foreach (var stored in events)
        {
            _model.Apply(LedgerEvent.FromJson(stored.Payload), new EventMeta(stored.Sequence, stored.Version, stored.Actor, stored.RecordedAt, stored.IdempotencyKey));
            replayed++;
        }

        if (replayed > 0)
        {
            logger.LogInformation("Entity {EntityId} replayed {Count} ledger events after snapshot version {SnapshotVersion}", Id, replayed, State.Version - replayed);
            MarkSnapshotDirty();
        }

        foreach (var row in read.Rows)
        {
            _rows[(row.Year, row.Month, row.Scope)] = row;
        }

        _versionAtActivation = State.Version;

        // In-memory reminders (the embedded default) do not survive a restart: make sure the
        // filing check is registered whenever a reporting entity activates. Durable reminders
        // are looked up only until the snapshot records that the reminder exists.
        if (State.Registration is { Kind: not (EntityKind.Province or EntityKind.City) } && !(options.Value.DurableReminders && State.FilingCheckRegistered))
        {
            if (await this.GetReminder(FilingCheckReminder) is null)
            {
                await this.RegisterOrUpdateReminder(FilingCheckReminder, options.Value.FilingCheckDueTime, options.Value.FilingCheckPeriod);
            }

            if (options.Value.DurableReminders)
            {
                State.FilingCheckRegistered = true;
                MarkSnapshotDirty();
            }
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        var pointless = reason.ReasonCode == DeactivationReasonCode.ShuttingDown && !options.Value.DurableSnapshots;
        if (_snapshotDirty && reason.ReasonCode != DeactivationReasonCode.ApplicationError && !pointless)
        {
            await WriteSnapshotAsync();
        }
    }

    public Task<EntityInfo?> GetInfo() => Task.FromResult(Info());

    public async Task<EntityInfo> Register(EntityRegistration registration, Actor actor)
    {
        if (registration.Id != Id)
        {
            throw new RegistryException(RegistryErrorCode.InvalidEntityId, $"The registration is for '{registration.Id}' but was sent to '{Id}'.", "id");
        }

        if (State.Registration is not null)
        {
            // A retry of the very registration that succeeded (its answer lost) succeeds again.
            return SameRegistration(State.Registration, registration)
                ? Info()!
                : throw new RegistryException(RegistryErrorCode.DuplicateEntity, $"Entity '{Id}' is already registered.", "id");
        }

        await ValidateRegistrationAsync(registration);
        var at = Now();
        await CommitAsync(new EntityRegistered(registration, at), actor, null, [], EntityRow(registration, at, State.Version + 1));
        if (registration.Kind is not (EntityKind.Province or EntityKind.City))
        {
            await this.RegisterOrUpdateReminder(FilingCheckReminder, options.Value.FilingCheckDueTime, options.Value.FilingCheckPeriod);
            State.FilingCheckRegistered = options.Value.DurableReminders;
        }

        logger.LogInformation("Registered {Kind} {EntityId} under {ParentId}", registration.Kind, Id, registration.ParentId);
        return Info()!;
    }

    public Task<ReportResult> SubmitReport(SubmitReport command, Actor actor) =>
        FileReportAsync(command.Year, command.Month, command.IdempotencyKey, command.Data, null, actor);

    public Task<ReportResult> AmendReport(AmendReport command, Actor actor)
    {
        if (string.IsNullOrWhiteSpace(command.Reason))
        {
            throw new RegistryException(RegistryErrorCode.MissingField, "An amendment needs a reason.", "reason");
        }

        CheckText(command.Reason, "reason", 2_000);
        return FileReportAsync(command.Year, command.Month, command.IdempotencyKey, command.Data, command.Reason.Trim(), actor);
    }

    public Task<IReadOnlyList<ReportVersion>> GetReportVersions(int year, int month)
    {
        RequireRegistered();
        var versions = State.Reports.GetValueOrDefault(EntityState.Key(year, month)) ?? [];
        return Task.FromResult<IReadOnlyList<ReportVersion>>([.. versions.Select(v => new ReportVersion
        {
            Version = v.Version,
            Data = v.Data,
            Reason = v.Reason,
            Sequence = v.Sequence,
            Actor = ParseActor(v.Actor),
            RecordedAt = v.RecordedAt,
        })]);
    }

    public async Task<DualControlView> SetTargets(TargetsInput targets, Actor actor)
    {
        RequireActive();
        try
        {
            DualControlEvaluator.Validate(ToTargets(targets));
        }
        catch (AccountingException error)
        {
            throw Translate(error);
        }

        await CommitAsync(new TargetsSet(targets), actor, null, []);
        return DualControl(targets.Year);
    }

    public async Task<PeriodStatusView> VerifyPeriod(int year, int? month, Actor actor)
    {
        RequireActive();
        CheckPeriodArguments(year, month);
        if (EntityModel.Months(month).Any(m => _model.PeriodState(year, m) == PeriodState.Locked))
        {
            throw new RegistryException(RegistryErrorCode.PeriodLocked, $"{Label(year, month)} of '{Id}' is locked.", "month");
        }

        await CommitAsync(new PeriodVerified(year, month), actor, null, []);
        return PeriodStatus(year, month);
    }

    public async Task<PeriodStatusView> LockPeriod(int year, int? month, Actor actor)
    {
        RequireRegistered();
        CheckPeriodArguments(year, month);
        if (EntityModel.Months(month).All(m => _model.PeriodState(year, m) == PeriodState.Locked))
        {
            return PeriodStatus(year, month);
        }

        await CommitAsync(new PeriodLocked(year, month), actor, null, []);
        return PeriodStatus(year, month);
    }

    public Task<PeriodStatusView> GetPeriodStatus(int year, int? month)
    {
        RequireRegistered();
        CheckPeriodArguments(year, month);
        return Task.FromResult(PeriodStatus(year, month));
    }

    public async Task<IReadOnlyList<BalanceView>> Recalculate(int year, string factorSetId, Actor actor)
    {
        RequireActive();
        CheckPeriodArguments(year, null);
        FactorSet factorSet;
        try
        {
            factorSet = catalog.Get(factorSetId);
        }
        catch (AccountingException error)
        {
            throw Translate(error, "factorSetId");
        }

        if (!factorSet.Covers(year))
        {
            throw new RegistryException(AccountingErrorCode.FactorNotAvailable, $"Factor set {factorSetId} covers {factorSet.FromYear}–{factorSet.ToYear}, not {year}.", "factorSetId");
        }

        var reported = Enumerable.Range(1, 12).Where(m => _model.CurrentReport(year, m) is not null).ToList();
        CheckDependentsUnlocked(EntityModel.RecalculationDependents(year));

        var pins = new Dictionary<int, string>(State.FactorSetPins) { [year] = factorSetId };
        var next = Compute(() => _model.OwnBalances(EntityModel.RecalculationDependents(year), _model.CurrentReport, pins));
        await CommitAsync(new Recalculated(year, factorSetId), actor, null, _model.Deltas(next));
        logger.LogInformation("Recalculated {EntityId} {Year} with factor set {FactorSetId}", Id, year, factorSetId);
        return [.. reported.Select(m => View(year, m, BalanceScope.Own))];
    }

    public async Task<EntityInfo> Move(string newParentId, Actor actor)
    {
        RequireActive();
        var registration = State.Registration!;
        if (registration.ParentId is not { } oldParent)
        {
            throw new RegistryException(RegistryErrorCode.InvalidParentKind, "The province has no parent to move from.", "parentId");
        }

        if (newParentId == oldParent)
        {
            return Info()!;
        }

        var parent = await ParentInfoAsync(newParentId);
        for (var ancestor = parent; ;)
        {
            if (ancestor.Registration.Id == Id)
            {
                throw new RegistryException(RegistryErrorCode.MoveCreatesCycle, $"'{newParentId}' is under '{Id}': the move would make a cycle.", "parentId");
            }

            if (ancestor.Registration.ParentId is not { } up)
            {
                break;
            }

            ancestor = await GrainFactory.GetGrain<IEntityGrain>(up).GetInfo() ?? throw new InvalidOperationException($"Ancestor '{up}' is not registered.");
        }

        CheckParentKind(registration.Kind, parent.Registration.Kind);
        var moved = registration with { ParentId = newParentId };
        await CommitAsync(new EntityMoved(oldParent, newParentId), actor, null, [], EntityRow(moved, State.RegisteredAt, State.Version + 1), oldParent);
        logger.LogInformation("Moved {EntityId} from {OldParent} to {NewParent}", Id, oldParent, newParentId);
        return Info()!;
    }

    public Task<BalanceView> GetBalance(int year, int? month, BalanceScope scope)
    {
        RequireRegistered();
        CheckPeriodArguments(year, month);
        return Task.FromResult(View(year, month ?? 0, scope));
    }

    public Task<IReadOnlyList<BalanceView>> GetMonthly(int year, BalanceScope scope)
    {
        RequireRegistered();
        CheckPeriodArguments(year, null);
        return Task.FromResult<IReadOnlyList<BalanceView>>([.. Enumerable.Range(1, 12).Select(m => View(year, m, scope))]);
    }

    public Task<DualControlView> GetDualControl(int year)
    {
        RequireRegistered();
        CheckPeriodArguments(year, null);
        return Task.FromResult(DualControl(year));
    }

    public Task<FilingStatus> GetFilingStatus()
    {
        RequireRegistered();
        return Task.FromResult(new FilingStatus(State.LastFilingCheckAt, [.. State.OverduePeriods]));
    }

    public Task ApplyCommittedRows(IReadOnlyList<BalanceRow> rows)
    {
        foreach (var row in rows)
        {
            ApplyRow(row);
        }

        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != FilingCheckReminder || State.Registration is null)
        {
            return Task.CompletedTask;
        }

        // Months of the last year that have ended, since registration, without a report.
        var now = ChinaNow();
        var registeredAt = State.RegisteredAt.ToOffset(now.Offset);
        var registered = new DateTime(registeredAt.Year, registeredAt.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var overdue = Enumerable.Range(1, 12)
            .Select(back => new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-back))
            .Where(month => month >= registered && _model.CurrentReport(month.Year, month.Month) is null)
            .Select(month => EntityState.Key(month.Year, month.Month))
            .Order(StringComparer.Ordinal)
            .ToList();
        State.LastFilingCheckAt = now;
        State.OverduePeriods = overdue;
        MarkSnapshotDirty();
        logger.LogInformation("Filing check of {EntityId}: {Count} overdue months", Id, overdue.Count);
        return Task.CompletedTask;
    }

    private async Task<ReportResult> FileReportAsync(int year, int month, string idempotencyKey, ReportData data, string? reason, Actor actor)
    {
        RequireActive();
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 200)
        {
            throw new RegistryException(RegistryErrorCode.MissingField, "An idempotency key of 1–200 characters is required.", "idempotencyKey");
        }

        CheckText(idempotencyKey, "idempotencyKey", 200);
        if (data.Fuels?.Count > MaxFuelLines)
        {
            throw new RegistryException(RegistryErrorCode.TooManyItems, $"At most {MaxFuelLines} fuel lines per report.", "fuels");
        }

        var hash = ContentHash(reason is null ? "submit" : "amend", year, month, data, reason);
        if (State.IdempotencyKeys.TryGetValue(idempotencyKey, out var earlier))
        {
            if (earlier.ContentHash != hash)
            {
                throw new RegistryException(RegistryErrorCode.IdempotencyKeyReused, $"Idempotency key '{idempotencyKey}' was used for a different request.", "idempotencyKey");
            }

            if (earlier.LedgerVersion <= _versionAtActivation)
            {
                await RefreshAncestorsOnceAsync();
            }

            return ReplayedResult(earlier);
        }

        CheckReportPeriod(year, month);
        CheckDependentsUnlocked(EntityModel.Dependents(year, month));
        var current = _model.CurrentReport(year, month);
        if (reason is null && current is not null)
        {
            throw new RegistryException(RegistryErrorCode.ReportExists, $"{Label(year, month)} of '{Id}' is reported (version {current.Version}); amend it instead.", "month");
        }

        if (reason is not null && current is null)
        {
            throw new RegistryException(RegistryErrorCode.NoReport, $"{Label(year, month)} of '{Id}' has no report to amend.", "month");
        }

        // A first report takes the year's set (its pin, or the current set); an amendment keeps the
        // set its month was computed with unless a recalculation pinned the year.
        var factorSetId = current is not null && !State.FactorSetPins.ContainsKey(year) ? current.FactorSetId : Compute(() => _model.FactorSetFor(year));
        var proposed = new StoredReport
        {
            Version = (current?.Version ?? 0) + 1,
            Data = data,
            Reason = reason,
            LedgerVersion = State.Version + 1,
            Actor = actor.ToString(),
            RecordedAt = Now(),
            FactorSetId = factorSetId,
            Sequence = 0,
        };
        var next = Compute(() => _model.OwnBalances(
            EntityModel.Dependents(year, month),
            (y, m) => y == year && m == month ? proposed : _model.CurrentReport(y, m),
            State.FactorSetPins));
        var warnings = Warnings(year, month, next[EntityState.Key(year, month)]);
        LedgerEvent ledgerEvent = reason is null
            ? new ReportSubmitted(year, month, data, factorSetId, hash, warnings.Count > 0 ? warnings : null)
            : new ReportAmended(year, month, data, reason, factorSetId, hash, warnings.Count > 0 ? warnings : null);
        var outcome = await CommitAsync(ledgerEvent, actor, idempotencyKey, _model.Deltas(next), computed: next);
        return new ReportResult
        {
            EntityId = Id,
            Year = year,
            Month = month,
            ReportVersion = proposed.Version,
            Sequence = outcome.Sequence,
            Balance = View(year, month, BalanceScope.Own),
            Warnings = warnings,
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
        try
        {
            await Task.WhenAll(ancestors.Select(ancestor => rollupNotices.SendAsync(ancestor.Key, ancestor.Value)));
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogWarning(error, "Rows of {EntityId}'s ancestors not delivered to every ancestor on a replay", Id);
        }

        _ancestorsRefreshed = true;
    }

    private ReportResult ReplayedResult(IdempotencyRecord earlier)
    {
        var versions = State.Reports[EntityState.Key(earlier.Year, earlier.Month)];
        var filed = versions[earlier.ReportVersion - 1];
        var balance = _model.OwnBalances([(earlier.Year, earlier.Month)], (_, _) => filed, State.FactorSetPins).Values.Single();
        return new ReportResult
        {
            EntityId = Id,
            Year = earlier.Year,
            Month = earlier.Month,
            ReportVersion = earlier.ReportVersion,
            Sequence = earlier.Sequence,
            Balance = BalanceMapping.ToView(Id, EntityState.Key(earlier.Year, earlier.Month), BalanceScope.Own, balance, 0),
            Warnings = filed.Warnings ?? [],
            Replayed = true,
        };
    }

    /// <summary>Commits, then folds the event in; on any doubt about the outcome the activation is dropped and rebuilt from the ledger.</summary>
    private async Task<CommitOutcome> CommitAsync(
        LedgerEvent ledgerEvent, Actor actor, string? idempotencyKey, IReadOnlyList<BalanceDelta> deltas, EntityRecord? entity = null, string? movedFrom = null,
        IReadOnlyDictionary<string, BalanceComponents>? computed = null)
    {
        var version = State.Version + 1;
        var at = Now();
        CommitOutcome outcome;
        try
        {
            outcome = await writer.CommitAsync(new LedgerCommit
            {
                EntityId = Id,
                Version = version,
                Type = ledgerEvent.Type,
                Payload = ledgerEvent.ToJson(),
                Actor = actor.ToString(),
                IdempotencyKey = idempotencyKey,
                RecordedAt = at,
                Entity = entity,
                MovedFromParentId = movedFrom,
                Leaf = IsLeaf,
                Deltas = deltas,
            });
        }
        catch (RegistryException error) when (error.Retriable)
        {
            // The commit may or may not have landed (OUTCOME_UNKNOWN), or another writer got there
            // first (CONCURRENCY_CONFLICT): rebuild from the ledger on the next call rather than guess.
            DeactivateOnIdle();
            throw;
        }

        _model.Apply(ledgerEvent, new EventMeta(outcome.Sequence, version, actor.ToString(), at, idempotencyKey), computed);
        MarkSnapshotDirty();

        // Ancestors learn their new rollup rows before the caller is answered, so a read after an
        // acknowledged write sees it. The commit is already durable: a failed notice is logged, and
        // that ancestor reloads its rows from the read model when it next activates.
        var notices = new List<Task>();
        foreach (var group in outcome.Rows.GroupBy(row => row.EntityId))
        {
            if (group.Key == Id)
            {
                foreach (var row in group)
                {
                    ApplyRow(row);
                }
            }
            else
            {
                notices.Add(rollupNotices.SendAsync(group.Key, group));
            }
        }

        try
        {
            await Task.WhenAll(notices);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            logger.LogWarning(error, "Rollup notice from {EntityId} v{Version} not delivered to every ancestor", Id, version);
        }

        return outcome;
    }

    private void ApplyRow(BalanceRow row)
    {
        var key = (row.Year, row.Month, row.Scope);
        if (!_rows.TryGetValue(key, out var known) || known.RowVersion < row.RowVersion)
        {
            _rows[key] = row;
        }
    }

    private BalanceView View(int year, int month, BalanceScope scope)
    {
        var period = month == 0 ? year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture) : EntityState.Key(year, month);
        return _rows.TryGetValue((year, month, Stored(scope)), out var row)
            ? BalanceMapping.ToView(Id, period, scope, row.Components, row.RowVersion)
            : BalanceMapping.ToView(Id, period, scope, BalanceComponents.Zero, 0);
    }

    /// <summary>The rows that hold <paramref name="scope"/>: a leaf's total is its own balance, which is all the read model keeps of it.</summary>
    private BalanceScope Stored(BalanceScope scope) => scope == BalanceScope.Total && State.Registration is { } registration ? EntityHierarchy.TotalScope(registration.Kind) : scope;

    private bool IsLeaf => State.Registration is { } registration && EntityHierarchy.IsLeaf(registration.Kind);

    private DualControlView DualControl(int year)
    {
        var yearToDate = _rows.TryGetValue((year, 0, Stored(BalanceScope.Total)), out var row) ? row.Components : BalanceComponents.Zero;
        var months = Enumerable.Range(1, 12).Count(m => _rows.TryGetValue((year, m, Stored(BalanceScope.Total)), out var r) && r.Components.ReportCount > 0);
        var view = new DualControlView { EntityId = Id, Year = year, MonthsReported = months };
        if (!State.Targets.TryGetValue(year, out var targets))
        {
            return view;
        }

        var status = DualControlEvaluator.Evaluate(ToTargets(targets), BalanceMapping.ToBalance(yearToDate, year.ToString(System.Globalization.CultureInfo.InvariantCulture)), months);
        return view with
        {
            Targets = targets,
            EnergyTotal = Cap(status.EnergyTotal),
            EnergyIntensity = Intensity(status.EnergyIntensity, targets.EnergyIntensity),
            CarbonTotal = Cap(status.CarbonTotal),
            CarbonIntensity = Intensity(status.CarbonIntensity, targets.CarbonIntensity),
            EnergyRating = (RatingView?)status.EnergyRating,
            CarbonRating = (RatingView?)status.CarbonRating,
        };

        static CapProgressView? Cap(CapProgress? p) =>
            p is null ? null : new CapProgressView(p.Cap, p.Actual, p.Expected, p.ShareOfCap, p.ShareOfExpected, (RatingView)p.Rating);

        static IntensityProgressView? Intensity(IntensityProgress? p, IntensityTargetInput? target) =>
            p is null ? null : new IntensityProgressView(target!.BaseYear, p.BaseIntensity, p.TargetIntensity, p.Actual, p.AchievedReduction, (RatingView?)p.Rating);
    }

    private static DualControlTargets ToTargets(TargetsInput t) => new()
    {
        Year = t.Year,
        EnergyCapTce = t.EnergyCapTce,
        CarbonCapTco2e = t.CarbonCapTco2e,
        EnergyIntensity = t.EnergyIntensity is { } e ? new IntensityTarget(e.BaseYear, e.BaseIntensity, e.Reduction) : null,
        CarbonIntensity = t.CarbonIntensity is { } c ? new IntensityTarget(c.BaseYear, c.BaseIntensity, c.Reduction) : null,
    };

    private List<ValidationWarning> Warnings(int year, int month, BalanceComponents proposed)
    {
        var key = EntityState.Key(year, month);
        var energy = BalanceMapping.EnergyTce(proposed);
        var (sum, count) = (0m, 0);
        foreach (var (period, balance) in State.OwnBalances)
        {
            if (period != key && BalanceMapping.EnergyTce(balance) is > 0m and var other)
            {
                sum += other;
                count++;
            }
        }

        if (count < 3 || energy == 0m)
        {
            return [];
        }

        var usual = sum / count;
        var factor = options.Value.UnusualFactor;
        return energy > usual * factor || energy < usual / factor
            ? [new ValidationWarning("UNUSUAL_VALUE", $"Energy of {energy:0.###} tce is far from this entity's usual {usual:0.###} tce a month.", "energyTce")]
            : [];
    }

    private void CheckReportPeriod(int year, int month)
    {
        CheckPeriodArguments(year, month);
        var now = ChinaNow();
        if (year > now.Year || (year == now.Year && month >= now.Month))
        {
            throw new RegistryException(RegistryErrorCode.FuturePeriod, $"{Label(year, month)} has not ended yet; it can be reported from {Label(month == 12 ? year + 1 : year, (month % 12) + 1)} on.", "month");
        }

        if (_model.PeriodState(year, month) == PeriodState.Locked)
        {
            throw new RegistryException(RegistryErrorCode.PeriodLocked, $"{Label(year, month)} of '{Id}' is locked.", "month");
        }
    }

    /// <summary>Texts that end up in the ledger: bounded, and free of control characters (which jsonb refuses).</summary>
    private static void CheckText(string text, string field, int maxLength)
    {
        if (text.Length > maxLength || text.Any(char.IsControl))
        {
            throw new RegistryException(RegistryErrorCode.InvalidText, $"'{field}' must be at most {maxLength} characters, without control characters.", field);
        }
    }

    /// <summary>A change may not alter a locked month, including one whose baseline depends on it.</summary>
    private void CheckDependentsUnlocked(IEnumerable<(int Year, int Month)> periods)
    {
        foreach (var (year, month) in periods)
        {
            if (_model.CurrentReport(year, month) is not null && _model.PeriodState(year, month) == PeriodState.Locked)
            {
                throw new RegistryException(RegistryErrorCode.PeriodLocked, $"{Label(year, month)} of '{Id}' is locked and would change.", "month");
            }
        }
    }

    private static void CheckPeriodArguments(int year, int? month)
    {
        if (month is < 1 or > 12)
        {
            throw new RegistryException(AccountingErrorCode.InvalidPeriod, $"Month {month} is not between 1 and 12.", "month");
        }

        if (year is < 1990 or > 2100)
        {
            throw new RegistryException(AccountingErrorCode.InvalidPeriod, $"Year {year} is not between 1990 and 2100.", "year");
        }
    }

    private PeriodStatusView PeriodStatus(int year, int? month)
    {
        var states = EntityModel.Months(month).Select(m => _model.PeriodState(year, m)).ToList();

        // A year is as far along as its least advanced month.
        return new PeriodStatusView(Id, year, month, states.Min());
    }

    private async Task ValidateRegistrationAsync(EntityRegistration registration)
    {
        if (!EntityIds.IsValid(registration.Id))
        {
            throw new RegistryException(RegistryErrorCode.InvalidEntityId, $"Id '{registration.Id}' does not match {EntityIds.Pattern}.", "id");
        }

        if (string.IsNullOrWhiteSpace(registration.Name) || string.IsNullOrWhiteSpace(registration.NameZh))
        {
            throw new RegistryException(RegistryErrorCode.MissingField, "Both the English and the Chinese name are required.", "name");
        }

        CheckText(registration.Name, "name", 200);
        CheckText(registration.NameZh, "nameZh", 200);

        if (registration.BaseYear is < 1990 or > 2100)
        {
            throw new RegistryException(AccountingErrorCode.InvalidPeriod, $"Base year {registration.BaseYear} is not between 1990 and 2100.", "baseYear");
        }

        if (registration.GridRegion is not ("national" or "north_china" or "shanxi"))
        {
            throw new RegistryException(RegistryErrorCode.MissingField, $"Grid region '{registration.GridRegion}' is not national, north_china or shanxi.", "gridRegion");
        }

        if (registration.Kind == EntityKind.Province)
        {
            if (registration.ParentId is not null)
            {
                throw new RegistryException(RegistryErrorCode.InvalidParentKind, "A province has no parent.", "parentId");
            }

            return;
        }

        if (registration.ParentId is not { } parentId)
        {
            throw new RegistryException(RegistryErrorCode.MissingField, $"A {registration.Kind} needs a parent.", "parentId");
        }

        var parent = await ParentInfoAsync(parentId);
        CheckParentKind(registration.Kind, parent.Registration.Kind);
    }

    private async Task<EntityInfo> ParentInfoAsync(string parentId)
    {
        var parent = EntityIds.IsValid(parentId) ? await GrainFactory.GetGrain<IEntityGrain>(parentId).GetInfo() : null;
        return parent ?? throw new RegistryException(RegistryErrorCode.UnknownParent, $"Parent '{parentId}' is not registered.", "parentId");
    }

    private static void CheckParentKind(EntityKind child, EntityKind parent)
    {
        if (!EntityHierarchy.MayContain(parent, child))
        {
            throw new RegistryException(RegistryErrorCode.InvalidParentKind, $"A {child} cannot sit under a {parent}.", "parentId");
        }
    }

    private EntityInfo? Info() => State.Registration is { } registration
        ? new EntityInfo { Registration = registration, Status = State.Status, Version = State.Version, RegisteredAt = State.RegisteredAt }
        : null;

    private void RequireRegistered()
    {
        if (State.Registration is null)
        {
            throw new RegistryException(RegistryErrorCode.UnknownEntity, $"Entity '{Id}' is not registered.", "entityId");
        }
    }

    private void RequireActive()
    {
        RequireRegistered();
        if (State.Status != EntityStatus.Active)
        {
            throw new RegistryException(RegistryErrorCode.EntityRetired, $"Entity '{Id}' is retired.", "entityId");
        }
    }

    private static T Compute<T>(Func<T> compute)
    {
        try
        {
            return compute();
        }
        catch (AccountingException error)
        {
            throw Translate(error);
        }
    }

    private static RegistryException Translate(AccountingException error, string? field = null) =>
        new(error.Code, error.Message, field ?? error.Field);

    private static EntityRecord EntityRow(EntityRegistration registration, DateTimeOffset registeredAt, long version) => new()
    {
        Id = registration.Id,
        Kind = registration.Kind.ToString(),
        Name = registration.Name,
        NameZh = registration.NameZh,
        ParentId = registration.ParentId,
        Pilots = string.Join(',', registration.Pilots),
        BaseYear = registration.BaseYear,
        GridRegion = registration.GridRegion,
        Status = nameof(EntityStatus.Active),
        Version = version,
        RegisteredAt = registeredAt,
    };

    private static bool SameRegistration(EntityRegistration a, EntityRegistration b) =>
        JsonSerializer.Serialize(a, LedgerEvent.Json) == JsonSerializer.Serialize(b, LedgerEvent.Json);

    private static string ContentHash(string kind, int year, int month, ReportData data, string? reason)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new { kind, year, month, data, reason }, LedgerEvent.Json);
        return Convert.ToHexString(SHA256.HashData(json));
    }

    private static Actor ParseActor(string text)
    {
        var open = text.LastIndexOf(" (", StringComparison.Ordinal);
        return open > 0 && text.EndsWith(')') ? new Actor(text[..open], text[(open + 2)..^1]) : new Actor(text, "");
    }

    /// <summary>Reporting months end at midnight China Standard Time (UTC+8, no daylight saving).</summary>
    private DateTimeOffset ChinaNow() => clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8));

    /// <summary>Now, to the microsecond: PostgreSQL keeps no finer time, and a replay must see what the live path saw.</summary>
    private DateTimeOffset Now()
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }

    private static string Label(int year, int? month) => month is { } m ? EntityState.Key(year, m) : year.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void MarkSnapshotDirty()
    {
        _snapshotDirty = true;
        _snapshotTimer ??= this.RegisterGrainTimer(
            async () =>
            {
                if (_snapshotDirty)
                {
                    await WriteSnapshotAsync();
                }
            },
            new GrainTimerCreationOptions { DueTime = options.Value.SnapshotDelay, Period = options.Value.SnapshotDelay, Interleave = false, KeepAlive = false });
    }

    private async Task WriteSnapshotAsync()
    {
        _snapshotDirty = false;
        try
        {
            await snapshot.WriteStateAsync();
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            // The ledger already holds every event: a failed snapshot only makes the next activation replay more.
            _snapshotDirty = true;
            logger.LogWarning(error, "Snapshot of {EntityId} at version {Version} not written; it will be retried", Id, State.Version);
        }
    }
}
