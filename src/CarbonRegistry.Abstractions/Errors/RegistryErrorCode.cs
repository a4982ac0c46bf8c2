namespace CarbonRegistry.Abstractions.Errors;

/// <summary>
/// Stable codes of registry errors (besides the accounting codes such as <c>INVALID_QUANTITY</c>,
/// which pass through unchanged). Public API: never renamed or reused.
/// </summary>
public static class RegistryErrorCode
{
    /// <summary>The entity is not registered.</summary>
    public const string UnknownEntity = "UNKNOWN_ENTITY";

    /// <summary>The parent named is not registered.</summary>
    public const string UnknownParent = "UNKNOWN_PARENT";

    /// <summary>An entity with this id is already registered.</summary>
    public const string DuplicateEntity = "DUPLICATE_ENTITY";

    /// <summary>The id does not match the id pattern.</summary>
    public const string InvalidEntityId = "INVALID_ENTITY_ID";

    /// <summary>A body of this kind cannot sit under a parent of that kind.</summary>
    public const string InvalidParentKind = "INVALID_PARENT_KIND";

    /// <summary>The move would make the entity its own ancestor.</summary>
    public const string MoveCreatesCycle = "MOVE_CREATES_CYCLE";

    /// <summary>A required field is missing or empty (name, reason, idempotency key, …).</summary>
    public const string MissingField = "MISSING_FIELD";

    /// <summary>A report for a month that has not ended yet.</summary>
    public const string FuturePeriod = "FUTURE_PERIOD";

    /// <summary>The period is locked: no report, amendment or recalculation.</summary>
    public const string PeriodLocked = "PERIOD_LOCKED";

    /// <summary>A report for this period exists already: amend it instead.</summary>
    public const string ReportExists = "REPORT_EXISTS";

    /// <summary>No report for this period to amend.</summary>
    public const string NoReport = "NO_REPORT";

    /// <summary>An idempotency key reused with different content.</summary>
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";

    /// <summary>The entity is retired.</summary>
    public const string EntityRetired = "ENTITY_RETIRED";

    /// <summary>A text too long or with control characters, or a value the database cannot store.</summary>
    public const string InvalidText = "INVALID_TEXT";

    /// <summary>A page size outside 1–500, or a cursor that was not issued by the registry.</summary>
    public const string InvalidPage = "INVALID_PAGE";

    /// <summary>Too many items in one request.</summary>
    public const string TooManyItems = "TOO_MANY_ITEMS";

    /// <summary>The ledger could not be written; nothing was stored and the request may be retried.</summary>
    public const string StorageUnavailable = "STORAGE_UNAVAILABLE";

    /// <summary>
    /// The connection to the database failed after the change was sent, before the database
    /// answered: it may or may not be stored, so retry with the same idempotency key.
    /// </summary>
    public const string OutcomeUnknown = "OUTCOME_UNKNOWN";

    /// <summary>
    /// The cluster could not reach the entity just now (a silo failed, or the cluster is changing);
    /// a write may or may not have been stored, so retry with the same idempotency key.
    /// </summary>
    public const string Unavailable = "UNAVAILABLE";

    /// <summary>Another writer changed the entity concurrently; retry.</summary>
    public const string ConcurrencyConflict = "CONCURRENCY_CONFLICT";

    /// <summary>A baseline to compute from a year without reports (and no figures entered).</summary>
    public const string BaselineNoData = "BASELINE_NO_DATA";

    /// <summary>The project is not registered.</summary>
    public const string UnknownProject = "UNKNOWN_PROJECT";

    /// <summary>A project with this id is already registered.</summary>
    public const string DuplicateProject = "DUPLICATE_PROJECT";

    /// <summary>The sector is not in the two-high catalogue.</summary>
    public const string UnknownSector = "UNKNOWN_SECTOR";

    /// <summary>The project's stage does not allow this step.</summary>
    public const string TransitionNotAllowed = "TRANSITION_NOT_ALLOWED";

    /// <summary>A review round is open already.</summary>
    public const string ReviewRoundOpen = "REVIEW_ROUND_OPEN";

    /// <summary>No review round is open.</summary>
    public const string NoOpenReview = "NO_OPEN_REVIEW";

    /// <summary>The department is not asked in the open round.</summary>
    public const string DepartmentNotInRound = "DEPARTMENT_NOT_IN_ROUND";

    /// <summary>The department has signed off this round already.</summary>
    public const string AlreadySignedOff = "ALREADY_SIGNED_OFF";

    /// <summary>A reviewer signing for a department its token does not carry.</summary>
    public const string ReviewerNotInDepartment = "REVIEWER_NOT_IN_DEPARTMENT";

    /// <summary>An approval of a proposed or under-construction project whose unit energy use is worse than the benchmark.</summary>
    public const string BelowBenchmark = "BELOW_BENCHMARK";

    /// <summary>Construction needs an approved joint review.</summary>
    public const string ReviewNotApproved = "REVIEW_NOT_APPROVED";

    /// <summary>Production needs verified substitution sources covering the required tonnes.</summary>
    public const string SubstitutionNotVerified = "SUBSTITUTION_NOT_VERIFIED";

    /// <summary>The substitution rule gives no ratio where the project is, so the requirement cannot be checked.</summary>
    public const string SubstitutionRatioUnknown = "SUBSTITUTION_RATIO_UNKNOWN";

    /// <summary>The source is claimed by another plan.</summary>
    public const string SourceAlreadyClaimed = "SOURCE_ALREADY_CLAIMED";

    /// <summary>The rule refuses this kind of source (a coke substitute, a non-industrial reduction counted before).</summary>
    public const string SourceRefused = "SOURCE_REFUSED";

    /// <summary>The kind of source is not in the substitution rule.</summary>
    public const string UnknownSourceKind = "UNKNOWN_SOURCE_KIND";

    /// <summary>The source is not in this plan, or not claimed.</summary>
    public const string UnknownSource = "UNKNOWN_SOURCE";

    /// <summary>The source was revoked.</summary>
    public const string SourceRevoked = "SOURCE_REVOKED";

    /// <summary>The disposal category is not in the rules.</summary>
    public const string UnknownDisposalCategory = "UNKNOWN_DISPOSAL_CATEGORY";

    /// <summary>A rectification deadline missing where needed, in the past, or beyond the rules' maximum.</summary>
    public const string InvalidDeadline = "INVALID_DEADLINE";

    /// <summary>The zero-carbon programme does not exist, or does not apply to the entity (by its kind or pilot programmes).</summary>
    public const string UnknownProgramme = "UNKNOWN_PROGRAMME";

    /// <summary>The programme has no indicator with this code.</summary>
    public const string UnknownIndicator = "UNKNOWN_INDICATOR";

    /// <summary>The indicator is computed from the balance; only indicators the balance does not hold are entered.</summary>
    public const string IndicatorComputed = "INDICATOR_COMPUTED";

    /// <summary>A core indicator is a hard gate and cannot be waived.</summary>
    public const string CoreIndicatorNotWaivable = "CORE_INDICATOR_NOT_WAIVABLE";

    /// <summary>The rules the registry holds give the programme no acceptance steps, or not this one.</summary>
    public const string AcceptanceNotDefined = "ACCEPTANCE_NOT_DEFINED";

    /// <summary>The step before this one was not taken for the year, or this one already was.</summary>
    public const string AcceptanceOutOfOrder = "ACCEPTANCE_OUT_OF_ORDER";

    /// <summary>A core indicator of the year is not met, or a guiding one is neither met nor waived.</summary>
    public const string AcceptanceGateNotMet = "ACCEPTANCE_GATE_NOT_MET";

    /// <summary>An acceptance step was taken for the year: its entries and waivers are closed.</summary>
    public const string ProgrammeYearClosed = "PROGRAMME_YEAR_CLOSED";

    /// <summary>The region of the site is at early-warning level 1: its two-high approvals are frozen (major national projects exempt).</summary>
    public const string ApprovalsFrozen = "APPROVALS_FROZEN";

    /// <summary>A region of the site gets conditional approvals only: the approval that would complete the round must give its conditions.</summary>
    public const string ApprovalConditionsRequired = "APPROVAL_CONDITIONS_REQUIRED";

    /// <summary>Conditions belong to an approval, not to a rejection.</summary>
    public const string ConditionsOnRejection = "CONDITIONS_ON_REJECTION";

    /// <summary>Only a major national project's energy is accounted apart.</summary>
    public const string NotNationalMajor = "NOT_NATIONAL_MAJOR";

    /// <summary>No deduction rule set has this id.</summary>
    public const string UnknownDeductionRuleSet = "UNKNOWN_DEDUCTION_RULE_SET";

    /// <summary>No assessment scheme has this code, or it does not cover the year.</summary>
    public const string UnknownScheme = "UNKNOWN_SCHEME";

    /// <summary>Only cities and zones are assessed.</summary>
    public const string NotAssessed = "NOT_ASSESSED";

    /// <summary>The results equal the latest published version: there is nothing new to publish.</summary>
    public const string AssessmentAlreadyPublished = "ASSESSMENT_ALREADY_PUBLISHED";

    /// <summary>Carbon budgets are set for provinces and cities only.</summary>
    public const string NotBudgeted = "NOT_BUDGETED";

    /// <summary>A city's budget before its province's: there is nothing to allocate from.</summary>
    public const string ProvinceBudgetMissing = "PROVINCE_BUDGET_MISSING";

    /// <summary>The cities' budgets would add up to more than the province's.</summary>
    public const string BudgetExceedsProvince = "BUDGET_EXCEEDS_PROVINCE";

    /// <summary>The region owes no rectification report under this assessment.</summary>
    public const string NoObligation = "NO_OBLIGATION";

    /// <summary>A recalculation job with this id was started with other arguments.</summary>
    public const string RecalculationJobExists = "RECALCULATION_JOB_EXISTS";
}
