using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.DualControl;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Grains.Ledger;
using CarbonRegistry.Grains.Mapping;
using CarbonRegistry.Storage.Ledger;
using static CarbonRegistry.Accounting.Balances.BalanceComponent;

namespace CarbonRegistry.Grains.Entities;

/// <summary>Who, when and where in the ledger an event was recorded.</summary>
public sealed record EventMeta(long Sequence, long Version, string Actor, DateTimeOffset RecordedAt, string? IdempotencyKey);

/// <summary>
/// What deciding a report already worked out, handed to the fold of its committed event so that it
/// is neither converted back from the ledger's records nor computed again.
/// </summary>
/// <param name="Data">The report as filed.</param>
/// <param name="Warnings">The review flags raised, or null for none.</param>
/// <param name="OwnBalances">The own balances of every month the report changes, by <c>yyyy-MM</c>.</param>
public sealed record DecidedReport(ReportData Data, IReadOnlyList<ValidationWarning>? Warnings, IReadOnlyDictionary<string, BalanceComponents> OwnBalances);

/// <summary>
/// The rules of one entity's state, free of Orleans and IO so that the grain, a replay and a test
/// all use the same code: <see cref="Apply"/> folds a ledger event into the state, and
/// <see cref="OwnBalances"/> computes what the own balances of some months would be. A month's
/// balance depends on its report, the factor set in force for it, and (through the renewable
/// baseline) the same month of the previous year, so a change to month (y, m) also recomputes
/// (y + 1, m).
/// </summary>
public sealed class EntityModel(EntityState state, FactorSetCatalog catalog)
{
    public EntityState State => state;

    /// <summary>The report in force for a month, or null.</summary>
    public StoredReport? CurrentReport(int year, int month) =>
        state.Reports.TryGetValue(EntityState.Key(year, month), out var versions) && versions.Count > 0 ? versions[^1] : null;

    /// <summary>The factor set a new report or recomputation of <paramref name="year"/> uses.</summary>
    public string FactorSetFor(int year) =>
        state.FactorSetPins.TryGetValue(year, out var pinned) ? pinned : catalog.ForYear(year).Id;

    public PeriodState PeriodState(int year, int month) =>
        state.Periods.TryGetValue(EntityState.Key(year, month), out var period) ? period : Abstractions.DualControl.PeriodState.Open;

    /// <summary>The months whose own balance depends on a change to (year, month).</summary>
    public static IEnumerable<(int Year, int Month)> Dependents(int year, int month) => [(year, month), (year + 1, month)];

    /// <summary>
    /// Own balances of <paramref name="periods"/> as they would be if <paramref name="reportOf"/>
    /// gave each month's report and <paramref name="pins"/> the pinned factor sets. Months without a
    /// report are left out. Throws <see cref="Accounting.Errors.AccountingException"/> on bad input.
    /// </summary>
    public Dictionary<string, BalanceComponents> OwnBalances(
        IEnumerable<(int Year, int Month)> periods,
        Func<int, int, StoredReport?> reportOf,
        IReadOnlyDictionary<int, string> pins)
    {
        var result = new Dictionary<string, BalanceComponents>();
        var region = GridRegionOf(state.Registration?.GridRegion);
        foreach (var (year, month) in periods.Distinct().OrderBy(p => p.Year).ThenBy(p => p.Month))
        {
            if (reportOf(year, month) is not { } report)
            {
                continue;
            }

            // The renewable deduction is the growth over the same month of the previous year. With no
            // report for that month there is no baseline to grow from, so nothing is deducted: the
            // baseline is set to the month's own renewable consumption.
            var previousKey = EntityState.Key(year - 1, month);
            var previous = result.TryGetValue(previousKey, out var computed) ? computed : state.OwnBalances.GetValueOrDefault(previousKey);
            var factorSet = pins.TryGetValue(year, out var pinned) ? pinned : report.FactorSetId;
            var monthly = ReportConversion.ToMonthlyReport(year, month, report.Data);
            var factors = catalog.Get(factorSet);
            var withoutBaseline = BalanceCalculator.Compute(monthly, factors, new BalanceOptions { GridRegion = region });
            var baseline = previous is null ? withoutBaseline.RenewableElectricityTce : previous[GreenCertifiedElectricityTce] + previous[OnSiteRenewableTce];
            var balance = withoutBaseline.With(RenewableBaselineTce, baseline);
            result[EntityState.Key(year, month)] = BalanceMapping.ToComponents(balance);
        }

        return result;
    }

    /// <summary>New − old own balance of every month in <paramref name="next"/> that changes.</summary>
    public IReadOnlyList<BalanceDelta> Deltas(IReadOnlyDictionary<string, BalanceComponents> next)
    {
        var deltas = new List<BalanceDelta>();
        foreach (var (key, balance) in next.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var change = balance.Minus(state.OwnBalances.GetValueOrDefault(key) ?? BalanceComponents.Zero);
            if (!change.IsZero)
            {
                deltas.Add(new BalanceDelta(int.Parse(key[..4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(key[5..], System.Globalization.CultureInfo.InvariantCulture), change));
            }
        }

        return deltas;
    }

    /// <summary>
    /// Folds a committed event into the state. A grain that has just decided a report passes what
    /// it worked out as <paramref name="decided"/>; a replay passes nothing.
    /// </summary>
    public void Apply(LedgerEvent ledgerEvent, EventMeta meta, DecidedReport? decided = null)
    {
        switch (ledgerEvent)
        {
            case EntityRegistered registered:
                state.Registration = registered.Registration.ToRegistration();
                state.RegisteredAt = registered.RegisteredAt;
                state.Status = EntityStatus.Active;
                break;
            case ReportSubmitted submitted:
                AddReport(submitted.Year, submitted.Month, decided?.Data ?? submitted.Data.ToData(), null, submitted.FactorSetId, submitted.ContentHash, decided is null ? Warnings(submitted.Warnings) : decided.Warnings, meta, decided?.OwnBalances);
                break;
            case ReportAmended amended:
                AddReport(amended.Year, amended.Month, decided?.Data ?? amended.Data.ToData(), amended.Reason, amended.FactorSetId, amended.ContentHash, decided is null ? Warnings(amended.Warnings) : decided.Warnings, meta, decided?.OwnBalances);
                break;
            case BaselineSet baseline:
                state.Baseline = new BaselineView
                {
                    Year = baseline.Year,
                    Source = baseline.Source,
                    Computed = baseline.Computed,
                    GrossTco2e = baseline.GrossTco2e,
                    Co2PerTonneRawCoal = baseline.Co2PerTonneRawCoal,
                    EnergyPerTonneRawCoalKgce = baseline.EnergyPerTonneRawCoalKgce,
                };
                break;
            case TargetsSet targets:
                state.Targets[targets.Targets.Year] = targets.Targets.ToInput();
                break;
            case PlanTargetsSet plan:
                state.PlanTargets[plan.FromYear] = plan.ToInput();
                break;
            case DeductionRuleSetSwitched switched:
                state.DeductionPins[switched.Year] = switched.RuleSetId;
                ReopenVerified(Enumerable.Range(1, 12).Select(month => (switched.Year, month)));
                break;
            case PeriodVerified verified:
                foreach (var month in Months(verified.Month))
                {
                    if (PeriodState(verified.Year, month) != Abstractions.DualControl.PeriodState.Locked)
                    {
                        state.Periods[EntityState.Key(verified.Year, month)] = Abstractions.DualControl.PeriodState.Verified;
                    }
                }

                break;
            case PeriodLocked locked:
                foreach (var month in Months(locked.Month))
                {
                    state.Periods[EntityState.Key(locked.Year, month)] = Abstractions.DualControl.PeriodState.Locked;
                }

                break;
            case Recalculated recalculated:
                state.FactorSetPins[recalculated.Year] = recalculated.FactorSetId;
                ReopenVerified(RecalculationDependents(recalculated.Year));
                Recompute(RecalculationDependents(recalculated.Year));
                break;
            case EntityMoved moved:
                state.Registration = state.Registration! with { ParentId = moved.ToParentId };
                break;
            default:
                throw new InvalidOperationException($"Unknown ledger event {ledgerEvent.GetType().Name}.");
        }

        state.Version = meta.Version;
    }

    /// <summary>Every month a recalculation of <paramref name="year"/> can change: that year and, through baselines, the next.</summary>
    public static IEnumerable<(int Year, int Month)> RecalculationDependents(int year) =>
        Enumerable.Range(1, 12).SelectMany(month => Dependents(year, month));

    public static IEnumerable<int> Months(int? month) => month is { } m ? [m] : Enumerable.Range(1, 12);

    private static List<Abstractions.Reports.ValidationWarning>? Warnings(IReadOnlyList<LedgerWarning>? warnings) =>
        warnings is null ? null : [.. warnings.Select(w => w.ToWarning())];

    private void AddReport(
        int year, int month, Abstractions.Reports.ReportData data, string? reason, string factorSetId, string contentHash, IReadOnlyList<Abstractions.Reports.ValidationWarning>? warnings, EventMeta meta,
        IReadOnlyDictionary<string, BalanceComponents>? computed)
    {
        var key = EntityState.Key(year, month);
        if (!state.Reports.TryGetValue(key, out var versions))
        {
            versions = [];
            state.Reports[key] = versions;
        }

        versions.Add(new StoredReport
        {
            Version = versions.Count + 1,
            Data = data,
            Reason = reason,
            LedgerVersion = meta.Version,
            Actor = meta.Actor,
            RecordedAt = meta.RecordedAt,
            FactorSetId = factorSetId,
            Sequence = meta.Sequence,
            IdempotencyKey = meta.IdempotencyKey,
            Warnings = warnings,
        });
        if (meta.IdempotencyKey is { } idempotencyKey)
        {
            state.IdempotencyKeys[idempotencyKey] = new IdempotencyRecord
            {
                ContentHash = contentHash,
                Year = year,
                Month = month,
                ReportVersion = versions.Count,
                LedgerVersion = meta.Version,
                Sequence = meta.Sequence,
            };
        }

        // A correction reopens a verified month, and the verified months whose figures it changes
        // through the renewable baseline: the verification was of the old figures.
        ReopenVerified(Dependents(year, month));
        if (computed is null)
        {
            Recompute(Dependents(year, month));
        }
        else
        {
            foreach (var (period, balance) in computed)
            {
                state.OwnBalances[period] = balance;
            }
        }
    }

    /// <summary>Reported months among <paramref name="periods"/> that are verified go back to open.</summary>
    private void ReopenVerified(IEnumerable<(int Year, int Month)> periods)
    {
        foreach (var (year, month) in periods)
        {
            if (CurrentReport(year, month) is not null && PeriodState(year, month) == Abstractions.DualControl.PeriodState.Verified)
            {
                state.Periods.Remove(EntityState.Key(year, month));
            }
        }
    }

    private void Recompute(IEnumerable<(int Year, int Month)> periods)
    {
        foreach (var (key, balance) in OwnBalances(periods, CurrentReport, state.FactorSetPins))
        {
            state.OwnBalances[key] = balance;
        }
    }

    internal static GridRegion GridRegionOf(string? region) =>
        region is null ? GridRegion.National
        : GridRegions.TryParse(region, out var known) ? known
        : throw new ArgumentOutOfRangeException(nameof(region), region, "Unknown grid region.");
}
