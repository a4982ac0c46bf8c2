using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.DualControl;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.DualControl;
using CarbonRegistry.Accounting.Errors;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Production;
using CarbonRegistry.Grains.Ledger;
using CarbonRegistry.Grains.Mapping;
using CarbonRegistry.Storage.Ledger;
using CarbonRegistry.Storage.ReadModel;

namespace CarbonRegistry.Grains.Entities;

/// <summary>
/// The rules of one entity, free of Orleans and IO: given the state, a command, the clock and the
/// factor catalogue, each method returns what the command does (<see cref="EntityDecision"/>) or
/// throws a <see cref="RegistryException"/> with a stable code, and changes nothing. The grain
/// commits a decision to the ledger and then folds its event in with <see cref="Apply"/>, so the
/// state only ever holds what the ledger holds. What the rules need from other entities (a parent's
/// registration, the chain above a new parent) the caller looks up and passes in.
/// </summary>
public sealed class EntityAggregate(string id, EntityState state, FactorSetCatalog catalog, ProductCatalog products, TimeProvider clock, decimal unusualFactor)
{
    /// <summary>Most fuel lines one report may have.</summary>
    public const int MaxFuelLines = 100;

    /// <summary>
    /// How many years past the current one targets may be set for: one five-year plan. A bound on
    /// plausible input (a typo such as 9999 is refused), not a policy figure.
    /// </summary>
    public const int TargetYearsAhead = 5;

    private readonly EntityModel _model = new(state, catalog);

    /// <summary>The entity's id.</summary>
    public string Id => id;

    /// <summary>The state the events built up.</summary>
    public EntityState State => state;

    /// <summary>Whether the entity is a leaf of the hierarchy (a mine or an enterprise), whose total is its own balance.</summary>
    public bool IsLeaf => state.Registration is { } registration && EntityHierarchy.IsLeaf(registration.Kind);

    /// <summary>Folds a committed event into the state (see <see cref="EntityModel.Apply"/>).</summary>
    public void Apply(LedgerEvent ledgerEvent, EventMeta meta, DecidedReport? decided = null) =>
        _model.Apply(ledgerEvent, meta, decided);

    /// <summary>The registration as served, or null before the entity is registered.</summary>
    public EntityInfo? Info() => state.Registration is { } registration
        ? new EntityInfo { Registration = registration, Status = state.Status, Version = state.Version, RegisteredAt = state.RegisteredAt }
        : null;

    /// <summary>
    /// Registers the entity under <paramref name="parent"/> (the registration of
    /// <c>registration.ParentId</c>, null when it is not registered). Repeating the registration
    /// that succeeded changes nothing.
    /// </summary>
    public EntityDecision Register(EntityRegistration registration, EntityInfo? parent)
    {
        if (registration.Id != id)
        {
            throw new RegistryException(RegistryErrorCode.InvalidEntityId, $"The registration is for '{registration.Id}' but was sent to '{id}'.", "id");
        }

        if (state.Registration is not null)
        {
            // A retry of the very registration that succeeded (its answer lost) succeeds again.
            return SameRegistration(state.Registration, registration)
                ? EntityDecision.Unchanged
                : throw new RegistryException(RegistryErrorCode.DuplicateEntity, $"Entity '{id}' is already registered.", "id");
        }

        ValidateRegistration(registration, parent);
        var at = Now();
        return new EntityDecision { Event = new EntityRegistered(LedgerRegistration.From(registration), at), At = at, Entity = EntityRow(registration, at) };
    }

    /// <summary>
    /// Moves the entity under <paramref name="newParentId"/>; <paramref name="chain"/> holds the
    /// registrations from the new parent up to the province (empty when it is not registered).
    /// </summary>
    public EntityDecision Move(string newParentId, IReadOnlyList<EntityInfo> chain)
    {
        RequireActive();
        var registration = state.Registration!;
        if (registration.ParentId is not { } oldParent)
        {
            throw new RegistryException(RegistryErrorCode.InvalidParentKind, "The province has no parent to move from.", "parentId");
        }

        if (newParentId == oldParent)
        {
            return EntityDecision.Unchanged;
        }

        if (chain.Count == 0 || chain[0].Registration.Id != newParentId)
        {
            throw new RegistryException(RegistryErrorCode.UnknownParent, $"Parent '{newParentId}' is not registered.", "parentId");
        }

        if (chain.Any(ancestor => ancestor.Registration.Id == id))
        {
            throw new RegistryException(RegistryErrorCode.MoveCreatesCycle, $"'{newParentId}' is under '{id}': the move would make a cycle.", "parentId");
        }

        CheckParentKind(registration.Kind, chain[0].Registration.Kind);
        var moved = registration with { ParentId = newParentId };
        return new EntityDecision { Event = new EntityMoved(oldParent, newParentId), At = Now(), Entity = EntityRow(moved, state.RegisteredAt), MovedFromParentId = oldParent };
    }

    /// <summary>The first report of a month.</summary>
    public EntityDecision Submit(SubmitReport command) => FileReport(command.Year, command.Month, command.IdempotencyKey, command.Data, null);

    /// <summary>A new version of a month's report, with the reason for it.</summary>
    public EntityDecision Amend(AmendReport command)
    {
        if (string.IsNullOrWhiteSpace(command.Reason))
        {
            throw new RegistryException(RegistryErrorCode.MissingField, "An amendment needs a reason.", "reason");
        }

        LedgerText.Check(command.Reason, "reason", 2_000);
        return FileReport(command.Year, command.Month, command.IdempotencyKey, command.Data, command.Reason.Trim());
    }

    /// <summary>The dual-control targets of a year from the entity's base year to <see cref="TargetYearsAhead"/> years ahead (replacing any set before).</summary>
    public EntityDecision SetTargets(TargetsInput targets)
    {
        RequireActive();
        var latest = ChinaNow().Year + TargetYearsAhead;
        if (targets.Year < state.Registration!.BaseYear || targets.Year > latest)
        {
            throw new RegistryException(AccountingErrorCode.InvalidPeriod, $"Targets of '{id}' are for the years from its base year {state.Registration.BaseYear} to {latest}, not {targets.Year}.", "year");
        }

        try
        {
            DualControlEvaluator.Validate(EntityViews.ToTargets(targets));
        }
        catch (AccountingException error)
        {
            throw Translate(error);
        }

        return new EntityDecision { Event = new TargetsSet(LedgerTargets.From(targets)), At = Now() };
    }

    /// <summary>
    /// The five-year targets of a national plan period (2021–2025, 2026–2030, …; replacing any set
    /// before): up to <see cref="TargetYearsAhead"/> years ahead, and not a plan that ended before
    /// the entity's base year. Their caps and reductions are those of the plan's last year; an
    /// intensity reduction is from the year before the plan's first.
    /// </summary>
    public EntityDecision SetPlanTargets(PlanTargetsInput plan)
    {
        RequireActive();
        var latest = ChinaNow().Year + TargetYearsAhead;
        if (plan.FromYear % PlanTargetsInput.PlanYears != 1 || plan.ToYear != plan.FromYear + PlanTargetsInput.PlanYears - 1)
        {
            throw new RegistryException(AccountingErrorCode.InvalidPeriod, $"Five-year targets are for a national plan period (2021–2025, 2026–2030, …), not {plan.FromYear}–{plan.ToYear}.", "fromYear");
        }

        if (plan.ToYear < state.Registration!.BaseYear || plan.FromYear > latest)
        {
            throw new RegistryException(AccountingErrorCode.InvalidPeriod, $"Five-year targets of '{id}' are for plans ending from its base year {state.Registration.BaseYear} and starting by {latest}, not {plan.FromYear}–{plan.ToYear}.", "fromYear");
        }

        // The plan's path runs from the year before its first, so that is the intensity targets' base.
        foreach (var (target, field) in new[] { (plan.Targets.EnergyIntensity, "energyIntensity.baseYear"), (plan.Targets.CarbonIntensity, "carbonIntensity.baseYear") })
        {
            if (target is not null && target.BaseYear != plan.FromYear - 1)
            {
                throw new RegistryException(AccountingErrorCode.InvalidTarget, $"A {plan.FromYear}–{plan.ToYear} plan reduces intensity from {plan.FromYear - 1}, not {target.BaseYear}.", field);
            }
        }

        try
        {
            DualControlEvaluator.Validate(EntityViews.ToTargets(plan.Targets with { Year = plan.ToYear }));
        }
        catch (AccountingException error)
        {
            throw Translate(error);
        }

        return new EntityDecision { Event = PlanTargetsSet.From(plan with { Targets = plan.Targets with { Year = plan.ToYear } }), At = Now() };
    }

    /// <summary>
    /// Registers the baseline of the zero-carbon programmes: the figures entered with their source,
    /// or, with none entered, those of <paramref name="baseYear"/>, the entity's total balance of
    /// the base year as the read model holds it (refused when nothing was reported that year).
    /// </summary>
    public EntityDecision SetBaseline(BaselineInput input, Accounting.Balances.Balance baseYear, int reportCount)
    {
        RequireActive();
        CheckPeriodArguments(input.Year, null);
        if (input.Entered)
        {
            if (string.IsNullOrWhiteSpace(input.Source))
            {
                throw new RegistryException(RegistryErrorCode.MissingField, "Entered baseline figures need their source.", "source");
            }

            LedgerText.Check(input.Source, "source", 500);
            if (new[] { input.GrossTco2e, input.Co2PerTonneRawCoal, input.EnergyPerTonneRawCoalKgce }.Any(v => v is < 0m))
            {
                throw new RegistryException(AccountingErrorCode.InvalidQuantity, "Baseline figures cannot be negative.", "baseline");
            }

            return new EntityDecision { Event = new BaselineSet(input.Year, input.Source, false, input.GrossTco2e, input.Co2PerTonneRawCoal, input.EnergyPerTonneRawCoalKgce), At = Now() };
        }

        if (reportCount == 0)
        {
            throw new RegistryException(RegistryErrorCode.BaselineNoData, $"'{id}' has no reports for {input.Year}: enter the baseline's figures with their source instead.", "year");
        }

        var source = string.IsNullOrWhiteSpace(input.Source) ? $"computed from the {reportCount} monthly reports of {input.Year}" : input.Source;
        LedgerText.Check(source, "source", 500);
        return new EntityDecision
        {
            Event = new BaselineSet(input.Year, source, true, baseYear.GrossTco2e, baseYear.Co2PerTonneRawCoal, baseYear.EnergyPerTonneRawCoalKgce),
            At = Now(),
        };
    }

    /// <summary>Marks a month (or every month of a year) verified; a locked month cannot be.</summary>
    public EntityDecision VerifyPeriod(int year, int? month)
    {
        RequireActive();
        CheckPeriodArguments(year, month);
        if (EntityModel.Months(month).Any(m => _model.PeriodState(year, m) == PeriodState.Locked))
        {
            throw new RegistryException(RegistryErrorCode.PeriodLocked, $"{Label(year, month)} of '{id}' is locked.", "month");
        }

        return new EntityDecision { Event = new PeriodVerified(year, month), At = Now() };
    }

    /// <summary>Locks a month (or a year); locking what is locked changes nothing.</summary>
    public EntityDecision LockPeriod(int year, int? month)
    {
        RequireRegistered();
        CheckPeriodArguments(year, month);
        return EntityModel.Months(month).All(m => _model.PeriodState(year, m) == PeriodState.Locked)
            ? EntityDecision.Unchanged
            : new EntityDecision { Event = new PeriodLocked(year, month), At = Now() };
    }

    /// <summary>Recomputes a year (and, through its baselines, the next) with another factor set, and pins the year to it.</summary>
    public EntityDecision Recalculate(int year, string factorSetId)
    {
        RequireActive();
        CheckPeriodArguments(year, null);
        FactorSets.RequireCovering(catalog, factorSetId, year, "factorSetId");
        var dependents = EntityModel.RecalculationDependents(year).ToList();
        CheckDependentsUnlocked(dependents);
        var pins = new Dictionary<int, string>(state.FactorSetPins) { [year] = factorSetId };
        var next = Compute(() => _model.OwnBalances(dependents, _model.CurrentReport, pins));
        return new EntityDecision { Event = new Recalculated(year, factorSetId), At = Now(), Deltas = _model.Deltas(next) };
    }

    /// <summary>
    /// Switches <paramref name="year"/> to the deduction rule set <paramref name="ruleSetId"/>, any
    /// loaded one (a later rule may apply to earlier years, as the 2024 notice did to the 14th
    /// plan), for <paramref name="reason"/>. Deductions are derived on read, so nothing is rewritten:
    /// from the switch on, the year's controlled energy and intensity follow the chosen set. As with a
    /// recalculation, a locked month of the year refuses it and verified months reopen. Switching to
    /// the set the year already has changes nothing.
    /// </summary>
    public EntityDecision SwitchDeductionRuleSet(int year, string ruleSetId, string reason)
    {
        RequireActive();
        CheckPeriodArguments(year, null);
        DeductionRuleSets.RequireLoaded(catalog.Deductions, ruleSetId, "ruleSetId");
        LedgerText.Require(reason, "reason", 2_000);
        if (DeductionRules().ForYear(year).Id == ruleSetId)
        {
            return EntityDecision.Unchanged;
        }

        CheckDependentsUnlocked(Enumerable.Range(1, 12).Select(month => (year, month)));
        return new EntityDecision { Event = new DeductionRuleSetSwitched(year, ruleSetId, reason.Trim()), At = Now() };
    }

    /// <summary>The deduction rules as this entity applies them: the loaded ones with its recorded switches.</summary>
    public DeductionRules DeductionRules() => catalog.Deductions.WithPins(state.DeductionPins);

    /// <summary>The months of <paramref name="year"/> that have a report.</summary>
    public IReadOnlyList<int> ReportedMonths(int year) => [.. Enumerable.Range(1, 12).Where(m => _model.CurrentReport(year, m) is not null)];

    /// <summary>
    /// What filing a report would answer, recorded nowhere: the earlier result of a replayed key, or
    /// the version the report would become and its month's own balance (sequence 0, not yet in the ledger).
    /// </summary>
    public ReportResult Preview(int year, int month, EntityDecision decision)
    {
        if (decision.Replay is { } earlier)
        {
            return ReplayedResult(earlier);
        }

        var key = EntityState.Key(year, month);
        return new ReportResult
        {
            EntityId = id,
            Year = year,
            Month = month,
            ReportVersion = (_model.CurrentReport(year, month)?.Version ?? 0) + 1,
            Sequence = 0,
            Balance = BalanceMapping.ToView(id, key, BalanceScope.Own, decision.Report!.OwnBalances[key], 0, DeductionRules()),
            Warnings = decision.Warnings,
        };
    }

    /// <summary>The answer to a submission repeated with the same key and content: the first answer, marked replayed.</summary>
    public ReportResult ReplayedResult(IdempotencyRecord earlier)
    {
        var versions = state.Reports[EntityState.Key(earlier.Year, earlier.Month)];
        var filed = versions[earlier.ReportVersion - 1];
        var balance = _model.OwnBalances([(earlier.Year, earlier.Month)], (_, _) => filed, state.FactorSetPins).Values.Single();
        return new ReportResult
        {
            EntityId = id,
            Year = earlier.Year,
            Month = earlier.Month,
            ReportVersion = earlier.ReportVersion,
            Sequence = earlier.Sequence,
            Balance = BalanceMapping.ToView(id, EntityState.Key(earlier.Year, earlier.Month), BalanceScope.Own, balance, 0, DeductionRules()),
            Warnings = filed.Warnings ?? [],
            Replayed = true,
        };
    }

    /// <summary>
    /// The entity's own balance of a month (or, with no month, of the year) explained line by line
    /// (<see cref="BalanceExplainer"/>), or null without a report. A year sums the months' lines of
    /// one kind and carrier, quantities in base units.
    /// </summary>
    public ExplanationView? Explain(int year, int? month)
    {
        RequireRegistered();
        var options = new Accounting.Reports.BalanceOptions { GridRegion = EntityModel.GridRegionOf(state.Registration!.GridRegion) };
        var months = (month is { } only ? [only] : Enumerable.Range(1, 12))
            .Select(m => (Month: m, Report: _model.CurrentReport(year, m)))
            .Where(p => p.Report is not null)
            .Select(p => (p.Month, Report: p.Report!, FactorSet: state.FactorSetPins.TryGetValue(year, out var pinned) ? pinned : p.Report!.FactorSetId))
            .ToList();
        if (months.Count == 0)
        {
            return null;
        }

        var lines = months.SelectMany(p => Compute(() => BalanceExplainer.Explain(ReportConversion.ToMonthlyReport(year, p.Month, p.Report.Data), catalog.Get(p.FactorSet), options))).ToList();
        return new ExplanationView
        {
            Period = month is { } m ? EntityState.Key(year, m) : year.ToString(CultureInfo.InvariantCulture),
            FactorSetId = string.Join('+', months.Select(p => p.FactorSet).Distinct().Order(StringComparer.Ordinal)),
            Contributions = month is null ? [.. lines.GroupBy(c => (Kind: c.Field.Split('[')[0], c.Carrier)).Select(Summed)] : [.. lines.Select(c => View(c, c.Field, c.Quantity.Value, Accounting.Units.UnitCatalog.Symbol(c.Quantity.Unit), c.Factors))],
            Reports = [.. months.Select(p => new ReportRefView { Period = EntityState.Key(year, p.Month), Version = p.Report.Version, Sequence = p.Report.Sequence, Actor = p.Report.Actor, RecordedAt = p.Report.RecordedAt, Reason = p.Report.Reason })],
        };

        static ContributionView Summed(IGrouping<(string Kind, string? Carrier), Contribution> group) =>
            View(
                group.Aggregate((a, b) => a with { EnergyTce = a.EnergyTce + b.EnergyTce, GrossTco2e = a.GrossTco2e + b.GrossTco2e, NetTco2e = a.NetTco2e + b.NetTco2e }),
                group.Key.Kind,
                group.Sum(c => c.Quantity.InBase()),
                Accounting.Units.UnitCatalog.Symbol(Accounting.Units.UnitCatalog.BaseOf(group.First().Quantity.Measure)),
                [.. group.SelectMany(c => c.Factors).Distinct()]);

        static ContributionView View(Contribution c, string field, decimal quantity, string unit, IEnumerable<FactorUse> factors) => new()
        {
            Field = field,
            Carrier = c.Carrier,
            Quantity = quantity,
            Unit = unit,
            EnergyTce = c.EnergyTce,
            GrossTco2e = c.GrossTco2e,
            NetTco2e = c.NetTco2e,
            Factors = [.. factors.Select(f => new FactorUseView { Name = f.Name, Value = f.Value.Value, Unit = f.Value.Unit, Source = f.Value.Source })],
        };
    }

    /// <summary>Every filed version of a month's report, oldest first.</summary>
    public IReadOnlyList<ReportVersion> ReportVersions(int year, int month)
    {
        RequireRegistered();
        var versions = state.Reports.GetValueOrDefault(EntityState.Key(year, month)) ?? [];
        return [.. versions.Select(v => new ReportVersion
        {
            Version = v.Version,
            Data = v.Data,
            Reason = v.Reason,
            Sequence = v.Sequence,
            Actor = ParseActor(v.Actor),
            RecordedAt = v.RecordedAt,
        })];
    }

    /// <summary>A year is as far along as its least advanced month.</summary>
    public PeriodStatusView PeriodStatus(int year, int? month)
    {
        RequireRegistered();
        CheckPeriodArguments(year, month);
        return new PeriodStatusView(id, year, month, EntityModel.Months(month).Select(m => _model.PeriodState(year, m)).Min());
    }

    /// <summary>Checks a read of a period: the entity is registered and the period is one.</summary>
    public void CheckRead(int year, int? month)
    {
        RequireRegistered();
        CheckPeriodArguments(year, month);
    }

    /// <summary>The filing status as the last check found it.</summary>
    public FilingStatus FilingStatus()
    {
        RequireRegistered();
        return new FilingStatus(state.LastFilingCheckAt, [.. state.OverduePeriods]);
    }

    /// <summary>
    /// Records which months of the last twelve that have ended, since registration, have no report.
    /// A derived observation, not a ledger fact: it lives in the snapshot only.
    /// </summary>
    public int CheckFiling()
    {
        var now = ChinaNow();
        var registeredAt = state.RegisteredAt.ToOffset(now.Offset);
        var registered = new DateTime(registeredAt.Year, registeredAt.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var overdue = Enumerable.Range(1, 12)
            .Select(back => new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(-back))
            .Where(month => month >= registered && _model.CurrentReport(month.Year, month.Month) is null)
            .Select(month => EntityState.Key(month.Year, month.Month))
            .Order(StringComparer.Ordinal)
            .ToList();
        state.LastFilingCheckAt = now;
        state.OverduePeriods = overdue;
        return overdue.Count;
    }

    /// <summary>Checks that the entity exists.</summary>
    public void RequireRegistered()
    {
        if (state.Registration is null)
        {
            throw new RegistryException(RegistryErrorCode.UnknownEntity, $"Entity '{id}' is not registered.", "entityId");
        }
    }

    private EntityDecision FileReport(int year, int month, string idempotencyKey, ReportData data, string? reason)
    {
        RequireActive();
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 200)
        {
            throw new RegistryException(RegistryErrorCode.MissingField, "An idempotency key of 1–200 characters is required.", "idempotencyKey");
        }

        LedgerText.Check(idempotencyKey, "idempotencyKey", 200);
        if (data.Fuels?.Count > MaxFuelLines)
        {
            throw new RegistryException(RegistryErrorCode.TooManyItems, $"At most {MaxFuelLines} fuel lines per report.", "fuels");
        }

        var stated = Compute(() => products.Check(ReportConversion.ProductLines(data)));
        var report = LedgerReport.From(data);
        var hash = ContentHash(reason is null ? "submit" : "amend", year, month, report, reason);
        if (state.IdempotencyKeys.TryGetValue(idempotencyKey, out var earlier))
        {
            return earlier.ContentHash == hash
                ? new EntityDecision { Replay = earlier }
                : throw new RegistryException(RegistryErrorCode.IdempotencyKeyReused, $"Idempotency key '{idempotencyKey}' was used for a different request.", "idempotencyKey");
        }

        CheckReportPeriod(year, month);
        CheckDependentsUnlocked(EntityModel.Dependents(year, month));
        var current = _model.CurrentReport(year, month);
        if (reason is null && current is not null)
        {
            throw new RegistryException(RegistryErrorCode.ReportExists, $"{Label(year, month)} of '{id}' is reported (version {current.Version}); amend it instead.", "month");
        }

        if (reason is not null && current is null)
        {
            throw new RegistryException(RegistryErrorCode.NoReport, $"{Label(year, month)} of '{id}' has no report to amend.", "month");
        }

        // A first report takes the year's set (its pin, or the current set); an amendment keeps the
        // set its month was computed with unless a recalculation pinned the year.
        var factorSetId = current is not null && !state.FactorSetPins.ContainsKey(year) ? current.FactorSetId : Compute(() => _model.FactorSetFor(year));
        var at = Now();
        var proposed = new StoredReport
        {
            Version = (current?.Version ?? 0) + 1,
            Data = data,
            Reason = reason,
            LedgerVersion = state.Version + 1,
            Actor = "",
            RecordedAt = at,
            FactorSetId = factorSetId,
            Sequence = 0,
        };
        var next = Compute(() => _model.OwnBalances(
            EntityModel.Dependents(year, month),
            (y, m) => y == year && m == month ? proposed : _model.CurrentReport(y, m),
            state.FactorSetPins));
        var warnings = Warnings(year, month, next[EntityState.Key(year, month)]);
        var recorded = warnings.Count > 0 ? warnings.Select(LedgerWarning.From).ToList() : null;
        LedgerEvent ledgerEvent = reason is null
            ? new ReportSubmitted(year, month, report, factorSetId, hash, recorded)
            : new ReportAmended(year, month, report, reason, factorSetId, hash, recorded);
        return new EntityDecision
        {
            Event = ledgerEvent,
            At = at,
            IdempotencyKey = idempotencyKey,
            Deltas = _model.Deltas(next),
            Report = new DecidedReport(data, warnings.Count > 0 ? warnings : null, next),
            Warnings = warnings,
            Production = stated.Count > 0 || current?.Data.Products is { Count: > 0 } ? [new ProductionChange(year, month, stated)] : [],
        };
    }

    /// <summary>
    /// The unusual-value rule: a month whose energy is more than <c>unusualFactor</c> times the
    /// average of the entity's other reported months (or less than its inverse) is accepted with a
    /// warning for review. Three other months at least make an average worth comparing with.
    /// </summary>
    private List<ValidationWarning> Warnings(int year, int month, BalanceComponents proposed)
    {
        var key = EntityState.Key(year, month);
        var energy = BalanceMapping.EnergyTce(proposed);
        var (sum, count) = (0m, 0);
        foreach (var (period, balance) in state.OwnBalances)
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
        return energy > usual * unusualFactor || energy < usual / unusualFactor
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
            throw new RegistryException(RegistryErrorCode.PeriodLocked, $"{Label(year, month)} of '{id}' is locked.", "month");
        }
    }

    /// <summary>A change may not alter a locked month, including one whose baseline depends on it.</summary>
    private void CheckDependentsUnlocked(IEnumerable<(int Year, int Month)> periods)
    {
        foreach (var (year, month) in periods)
        {
            if (_model.CurrentReport(year, month) is not null && _model.PeriodState(year, month) == PeriodState.Locked)
            {
                throw new RegistryException(RegistryErrorCode.PeriodLocked, $"{Label(year, month)} of '{id}' is locked and would change.", "month");
            }
        }
    }

    private void ValidateRegistration(EntityRegistration registration, EntityInfo? parent)
    {
        if (!EntityIds.IsValid(registration.Id))
        {
            throw new RegistryException(RegistryErrorCode.InvalidEntityId, $"Id '{registration.Id}' does not match {EntityIds.Pattern}.", "id");
        }

        if (string.IsNullOrWhiteSpace(registration.Name) || string.IsNullOrWhiteSpace(registration.NameZh))
        {
            throw new RegistryException(RegistryErrorCode.MissingField, "Both the English and the Chinese name are required.", "name");
        }

        LedgerText.Check(registration.Name, "name", 200);
        LedgerText.Check(registration.NameZh, "nameZh", 200);

        if (registration.BaseYear is < 1990 or > 2100)
        {
            throw new RegistryException(AccountingErrorCode.InvalidPeriod, $"Base year {registration.BaseYear} is not between 1990 and 2100.", "baseYear");
        }

        if (!GridRegions.TryParse(registration.GridRegion, out _))
        {
            throw new RegistryException(RegistryErrorCode.MissingField, $"Grid region '{registration.GridRegion}' is not {GridRegions.Expected}.", "gridRegion");
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

        if (parent is null || parent.Registration.Id != parentId)
        {
            throw new RegistryException(RegistryErrorCode.UnknownParent, $"Parent '{parentId}' is not registered.", "parentId");
        }

        CheckParentKind(registration.Kind, parent.Registration.Kind);
    }

    private static void CheckParentKind(EntityKind child, EntityKind parent)
    {
        if (!EntityHierarchy.MayContain(parent, child))
        {
            throw new RegistryException(RegistryErrorCode.InvalidParentKind, $"A {child} cannot sit under a {parent}.", "parentId");
        }
    }

    private void RequireActive()
    {
        RequireRegistered();
        if (state.Status != EntityStatus.Active)
        {
            throw new RegistryException(RegistryErrorCode.EntityRetired, $"Entity '{id}' is retired.", "entityId");
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

    private EntityRecord EntityRow(EntityRegistration registration, DateTimeOffset registeredAt) => new()
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
        Version = state.Version + 1,
        RegisteredAt = registeredAt,
    };

    private static bool SameRegistration(EntityRegistration a, EntityRegistration b) =>
        JsonSerializer.Serialize(LedgerRegistration.From(a), LedgerEvent.Json) == JsonSerializer.Serialize(LedgerRegistration.From(b), LedgerEvent.Json);

    /// <summary>
    /// What an idempotency key stands for: the request in the ledger's own names, so that the hash
    /// of a request does not change when an API type does (a retry after an upgrade still matches).
    /// </summary>
    private static string ContentHash(string kind, int year, int month, LedgerReport data, string? reason)
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
    private DateTimeOffset ChinaNow() => ChinaTime.Now(clock);

    /// <summary>Now, to the microsecond (see <see cref="LedgerStreams.Now"/>).</summary>
    private DateTimeOffset Now() => LedgerStreams.Now(clock);

    private static string Label(int year, int? month) => month is { } m ? EntityState.Key(year, m) : year.ToString(CultureInfo.InvariantCulture);
}
