using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.DualControl;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Reports;
using Orleans.Concurrency;

namespace CarbonRegistry.Abstractions.Grains;

/// <summary>
/// One registered body (province, city, zone, park, mine, enterprise), keyed by its id. It owns its
/// reports, targets and period locks, and caches its own and rolled-up balances. Every write is
/// first committed to the ledger; the commit is the acknowledgement. Domain errors are
/// <see cref="Errors.RegistryException"/>s with stable codes.
/// </summary>
public interface IEntityGrain : IGrainWithStringKey
{
    /// <summary>Registers the body under this grain's id.</summary>
    Task<EntityInfo> Register(EntityRegistration registration, Actor actor);

    /// <summary>The body, or null when not registered.</summary>
    [AlwaysInterleave]
    Task<EntityInfo?> GetInfo();

    /// <summary>Submits the first version of a month's report.</summary>
    Task<ReportResult> SubmitReport(SubmitReport command, Actor actor);

    /// <summary>Files a corrected version of a month's report.</summary>
    Task<ReportResult> AmendReport(AmendReport command, Actor actor);

    /// <summary>
    /// What <see cref="SubmitReport"/> (or, given a <paramref name="reason"/>, <see cref="AmendReport"/>)
    /// would answer, writing nothing: the same checks and errors, the version and balance the month
    /// would get (sequence 0), or the earlier result when the key was filed with this content.
    /// </summary>
    [ReadOnly]
    Task<ReportResult> CheckReport(SubmitReport command, string? reason);

    /// <summary>The factor set a recalculation pinned <paramref name="year"/> to, or null when none did.</summary>
    [AlwaysInterleave]
    Task<string?> GetFactorSetPin(int year);

    /// <summary>Every version of a month's report, oldest first.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<ReportVersion>> GetReportVersions(int year, int month);

    /// <summary>The own balance of a month (or, with no month, the year) explained line by line with its factors, or null without a report.</summary>
    [AlwaysInterleave]
    Task<ExplanationView?> GetExplanation(int year, int? month);

    /// <summary>Sets the dual-control targets of a year.</summary>
    Task<DualControlView> SetTargets(TargetsInput targets, Actor actor);

    /// <summary>Sets the five-year targets of a plan period; answers the progress of the plan's last year.</summary>
    Task<DualControlView> SetPlanTargets(PlanTargetsInput plan, Actor actor);

    /// <summary>The five-year targets set, by plan.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<PlanTargetsInput>> GetPlanTargets();

    /// <summary>Marks a month (or every month of a year when <paramref name="month"/> is null) verified.</summary>
    Task<PeriodStatusView> VerifyPeriod(int year, int? month, Actor actor);

    /// <summary>Locks a month (or a whole year): no further writes.</summary>
    Task<PeriodStatusView> LockPeriod(int year, int? month, Actor actor);

    /// <summary>The state of a month or year.</summary>
    [AlwaysInterleave]
    Task<PeriodStatusView> GetPeriodStatus(int year, int? month);

    /// <summary>Recomputes every reported month of a year with another factor set, recorded in the ledger.</summary>
    Task<IReadOnlyList<BalanceView>> Recalculate(int year, string factorSetId, Actor actor);

    /// <summary>Switches a year to a deduction rule set, recorded with the reason; answers the year's total balance under it.</summary>
    Task<BalanceView> SwitchDeductionRuleSet(int year, string ruleSetId, string reason, Actor actor);

    /// <summary>Registers the baseline of the zero-carbon programmes (entered, or computed from the base year's reports).</summary>
    Task<BaselineView> SetBaseline(BaselineInput input, Actor actor);

    /// <summary>The registered baseline, or null.</summary>
    [AlwaysInterleave]
    Task<BaselineView?> GetBaseline();

    /// <summary>Moves the body under another parent.</summary>
    Task<EntityInfo> Move(string newParentId, Actor actor);

    /// <summary>A month's balance, or the year to date when <paramref name="month"/> is null.</summary>
    [AlwaysInterleave]
    Task<BalanceView> GetBalance(int year, int? month, BalanceScope scope);

    /// <summary>The twelve months of a year (months without figures are zero).</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<BalanceView>> GetMonthly(int year, BalanceScope scope);

    /// <summary>Progress against the year's targets, on the rollup.</summary>
    [AlwaysInterleave]
    Task<DualControlView> GetDualControl(int year);

    /// <summary>When the filing check (a reminder) last ran, and which past months it found unreported.</summary>
    [AlwaysInterleave]
    Task<FilingStatus> GetFilingStatus();
}

/// <summary>The result of the periodic filing check.</summary>
/// <param name="LastCheckedAt">When the check last ran; null if never.</param>
/// <param name="OverduePeriods">Months of the last year that have ended without a report (yyyy-MM).</param>
[GenerateSerializer, Immutable]
public sealed record FilingStatus([property: Id(0)] DateTimeOffset? LastCheckedAt, [property: Id(1)] IReadOnlyList<string> OverduePeriods);
