namespace CarbonRegistry.Abstractions.Ledger;

/// <summary>
/// The names of the ledger's event types, as the ledger's type column and the API give them. A
/// test keeps this list equal to the events the ledger format knows.
/// </summary>
public static class LedgerEventTypes
{
    /// <summary>Every event type, in the order the ledger format lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "EntityRegistered",
        "ReportSubmitted",
        "ReportAmended",
        "TargetsSet",
        "PeriodVerified",
        "PeriodLocked",
        "Recalculated",
        "EntityMoved",
        "BaselineSet",
        "ProjectRegistered",
        "ReviewRoundOpened",
        "ReviewSignedOff",
        "ProjectStageChanged",
        "DisposalDecided",
        "SubstitutionSourceAdded",
        "SubstitutionSourceVerified",
        "SubstitutionSourceRevoked",
        "SourceClaimed",
        "SourceRevoked",
        "ProgrammeIndicatorEntered",
        "ProgrammeIndicatorWaived",
        "ProgrammeAcceptanceRecorded",
        "AssessmentJudgementEntered",
        "AssessmentPublished",
        "CarbonBudgetSet",
        "RectificationReportSubmitted",
        "RectificationOverdue",
        "RecalculationStarted",
        "RecalculationProgressed",
        "RecalculationFinished",
        "PlanTargetsSet",
        "SeparateEnergyConfirmed",
        "DeductionRuleSetSwitched",
    ];
}
