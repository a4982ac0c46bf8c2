using System.Globalization;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.DualControl;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Accounting.DualControl;
using CarbonRegistry.Grains.Mapping;

namespace CarbonRegistry.Grains.Entities;

/// <summary>
/// The balance rows an entity serves (its own months and, above the leaves, the rollups of its
/// subtree), as the read model holds them, and the views built from them. A row carries a version,
/// so a late or repeated row never replaces a newer one.
/// </summary>
public sealed class EntityViews(string entityId, DeductionRules deductions)
{
    /// <summary>The deduction rules the views apply: the loaded ones with the entity's recorded switches.</summary>
    public DeductionRules Deductions { get; set; } = deductions;

    private readonly Dictionary<(int Year, int Month, BalanceScope Scope), BalanceRow> _rows = [];

    /// <summary>Keeps <paramref name="row"/> unless a newer version of it is held.</summary>
    public void Apply(BalanceRow row)
    {
        var key = (row.Year, row.Month, row.Scope);
        if (!_rows.TryGetValue(key, out var known) || known.RowVersion < row.RowVersion)
        {
            _rows[key] = row;
        }
    }

    /// <summary>A month's (or, for month 0, the year's) balance in <paramref name="scope"/>; zero where nothing is reported.</summary>
    public BalanceView Balance(EntityRegistration? registration, int year, int month, BalanceScope scope)
    {
        var period = month == 0 ? year.ToString("D4", CultureInfo.InvariantCulture) : EntityState.Key(year, month);
        return _rows.TryGetValue((year, month, Stored(registration, scope)), out var row)
            ? BalanceMapping.ToView(entityId, period, scope, row.Components, row.RowVersion, Deductions)
            : BalanceMapping.ToView(entityId, period, scope, BalanceComponents.Zero, 0, Deductions);
    }

    /// <summary>The year's progress against its targets (none set: only the months reported), with the plan it is in.</summary>
    public DualControlView DualControl(EntityRegistration? registration, int year, TargetsInput? targets, PlanTargetsInput? plan = null)
    {
        var total = Stored(registration, BalanceScope.Total);
        var yearToDate = _rows.TryGetValue((year, 0, total), out var row) ? row.Components : BalanceComponents.Zero;
        var months = Enumerable.Range(1, 12).Count(m => _rows.TryGetValue((year, m, total), out var r) && r.Components.ReportCount > 0);
        var view = new DualControlView { EntityId = entityId, Year = year, MonthsReported = months, Plan = plan };
        if (targets is null)
        {
            return view;
        }

        var status = DualControlEvaluator.Evaluate(ToTargets(targets), BalanceMapping.ToBalance(yearToDate, year.ToString(CultureInfo.InvariantCulture), Deductions), months);
        return view with
        {
            Targets = targets,
            EnergyTotal = Cap(status.EnergyTotal),
            EnergyIntensity = Intensity(status.EnergyIntensity, targets.EnergyIntensity),
            CarbonTotal = Cap(status.CarbonTotal),
            CarbonIntensity = Intensity(status.CarbonIntensity, targets.CarbonIntensity),
            EnergyRating = status.EnergyRating,
            CarbonRating = status.CarbonRating,
            WarningLevel = EarlyWarning.Level(status),
        };

        static CapProgressView? Cap(CapProgress? p) =>
            p is null ? null : new CapProgressView(p.Cap, p.Actual, p.Expected, p.ShareOfCap, p.ShareOfExpected, p.Rating);

        static IntensityProgressView? Intensity(IntensityProgress? p, IntensityTargetInput? target) =>
            p is null ? null : new IntensityProgressView(target!.BaseYear, p.BaseIntensity, p.TargetIntensity, p.Actual, p.AchievedReduction, p.Rating) { IncentiveTargetIntensity = p.IncentiveIntensity, MeetsIncentive = p.MeetsIncentive };
    }

    /// <summary>The accounting library's targets of the wire input.</summary>
    public static DualControlTargets ToTargets(TargetsInput t) => new()
    {
        Year = t.Year,
        EnergyCapTce = t.EnergyCapTce,
        CarbonCapTco2e = t.CarbonCapTco2e,
        EnergyIntensity = t.EnergyIntensity is { } e ? new IntensityTarget(e.BaseYear, e.BaseIntensity, e.Reduction, e.IncentiveReduction) : null,
        CarbonIntensity = t.CarbonIntensity is { } c ? new IntensityTarget(c.BaseYear, c.BaseIntensity, c.Reduction, c.IncentiveReduction) : null,
    };

    /// <summary>The rows that hold <paramref name="scope"/>: a leaf's total is its own balance, which is all the read model keeps of it.</summary>
    private static BalanceScope Stored(EntityRegistration? registration, BalanceScope scope) =>
        scope == BalanceScope.Total && registration is not null ? EntityHierarchy.TotalScope(registration.Kind) : scope;
}
