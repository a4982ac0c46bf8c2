using System.Text.Json;
using System.Text.Json.Serialization;
using CarbonRegistry.Abstractions.DualControl;

namespace CarbonRegistry.Grains.Ledger;

/// <summary>
/// The events an entity writes to the ledger, as JSON. They are the audit trail and the source of
/// truth: an entity's state is rebuilt by applying them in version order, so an event carries
/// every input its effect depends on (the factor set chosen, the time), never a result that could
/// be recomputed. The JSON is a format of its own (see <c>docs/architecture.md</c>): every name is
/// pinned, what events carry are the ledger's records (<see cref="LedgerReport"/>, …) rather than
/// the API's types, a member the format does not have is refused, and each event says its format
/// version (<c>v</c>; absent in events written before it was recorded, which are version 1).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(EntityRegistered), nameof(EntityRegistered))]
[JsonDerivedType(typeof(ReportSubmitted), nameof(ReportSubmitted))]
[JsonDerivedType(typeof(ReportAmended), nameof(ReportAmended))]
[JsonDerivedType(typeof(TargetsSet), nameof(TargetsSet))]
[JsonDerivedType(typeof(PeriodVerified), nameof(PeriodVerified))]
[JsonDerivedType(typeof(PeriodLocked), nameof(PeriodLocked))]
[JsonDerivedType(typeof(Recalculated), nameof(Recalculated))]
[JsonDerivedType(typeof(EntityMoved), nameof(EntityMoved))]
[JsonDerivedType(typeof(BaselineSet), nameof(BaselineSet))]
[JsonDerivedType(typeof(ProjectRegistered), nameof(ProjectRegistered))]
[JsonDerivedType(typeof(ReviewRoundOpened), nameof(ReviewRoundOpened))]
[JsonDerivedType(typeof(ReviewSignedOff), nameof(ReviewSignedOff))]
[JsonDerivedType(typeof(ProjectStageChanged), nameof(ProjectStageChanged))]
[JsonDerivedType(typeof(DisposalDecided), nameof(DisposalDecided))]
[JsonDerivedType(typeof(SubstitutionSourceAdded), nameof(SubstitutionSourceAdded))]
[JsonDerivedType(typeof(SubstitutionSourceVerified), nameof(SubstitutionSourceVerified))]
[JsonDerivedType(typeof(SubstitutionSourceRevoked), nameof(SubstitutionSourceRevoked))]
[JsonDerivedType(typeof(SourceClaimed), nameof(SourceClaimed))]
[JsonDerivedType(typeof(SourceRevoked), nameof(SourceRevoked))]
[JsonDerivedType(typeof(ProgrammeIndicatorEntered), nameof(ProgrammeIndicatorEntered))]
[JsonDerivedType(typeof(ProgrammeIndicatorWaived), nameof(ProgrammeIndicatorWaived))]
[JsonDerivedType(typeof(ProgrammeAcceptanceRecorded), nameof(ProgrammeAcceptanceRecorded))]
[JsonDerivedType(typeof(AssessmentJudgementEntered), nameof(AssessmentJudgementEntered))]
[JsonDerivedType(typeof(AssessmentPublished), nameof(AssessmentPublished))]
[JsonDerivedType(typeof(CarbonBudgetSet), nameof(CarbonBudgetSet))]
[JsonDerivedType(typeof(RectificationReportSubmitted), nameof(RectificationReportSubmitted))]
[JsonDerivedType(typeof(RectificationOverdue), nameof(RectificationOverdue))]
[JsonDerivedType(typeof(RecalculationStarted), nameof(RecalculationStarted))]
[JsonDerivedType(typeof(RecalculationProgressed), nameof(RecalculationProgressed))]
[JsonDerivedType(typeof(RecalculationFinished), nameof(RecalculationFinished))]
[JsonDerivedType(typeof(PlanTargetsSet), nameof(PlanTargetsSet))]
[JsonDerivedType(typeof(SeparateEnergyConfirmed), nameof(SeparateEnergyConfirmed))]
[JsonDerivedType(typeof(DeductionRuleSetSwitched), nameof(DeductionRuleSetSwitched))]
public abstract record LedgerEvent
{
    /// <summary>The format version this build writes and the only one it reads.</summary>
    public const int CurrentFormat = 1;

    /// <summary>How ledger JSON is written and read.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,

        // PostgreSQL's jsonb does not keep key order, so "type" may come back anywhere.
        AllowOutOfOrderMetadataProperties = true,
    };

    /// <summary>The ledger's type column.</summary>
    [JsonIgnore]
    public string Type => GetType().Name;

    /// <summary>The format version the event was written in.</summary>
    [JsonPropertyName("v")]
    public int FormatVersion { get; init; } = CurrentFormat;

    /// <summary>The event as the ledger stores it.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a stored event; a member the format does not have, or a later format version, is an error.</summary>
    public static LedgerEvent FromJson(string json)
    {
        var read = JsonSerializer.Deserialize<LedgerEvent>(json, Json) ?? throw new InvalidOperationException("Empty ledger event.");
        return read.FormatVersion == CurrentFormat
            ? read
            : throw new InvalidOperationException($"A {read.Type} event of ledger format version {read.FormatVersion}: this build reads version {CurrentFormat} only.");
    }
}

/// <summary>The entity was registered.</summary>
public sealed record EntityRegistered(
    [property: JsonPropertyName("registration")] LedgerRegistration Registration,
    [property: JsonPropertyName("registeredAt")] DateTimeOffset RegisteredAt) : LedgerEvent;

/// <summary>A first report. <paramref name="Warnings"/> are the review flags raised when it was accepted (recorded, not recomputed).</summary>
public sealed record ReportSubmitted(
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("month")] int Month,
    [property: JsonPropertyName("data")] LedgerReport Data,
    [property: JsonPropertyName("factorSetId")] string FactorSetId,
    [property: JsonPropertyName("contentHash")] string ContentHash,
    [property: JsonPropertyName("warnings")] IReadOnlyList<LedgerWarning>? Warnings = null) : LedgerEvent;

/// <summary>A corrected report, with the review flags raised when it was accepted.</summary>
public sealed record ReportAmended(
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("month")] int Month,
    [property: JsonPropertyName("data")] LedgerReport Data,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("factorSetId")] string FactorSetId,
    [property: JsonPropertyName("contentHash")] string ContentHash,
    [property: JsonPropertyName("warnings")] IReadOnlyList<LedgerWarning>? Warnings = null) : LedgerEvent;

/// <summary>A year's targets were set (replacing any set before).</summary>
public sealed record TargetsSet([property: JsonPropertyName("targets")] LedgerTargets Targets) : LedgerEvent;

/// <summary>The entity's year was switched to a deduction rule set (replacing the one covering it, or an earlier switch), with the reason.</summary>
public sealed record DeductionRuleSetSwitched(
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("ruleSetId")] string RuleSetId,
    [property: JsonPropertyName("reason")] string Reason) : LedgerEvent;

/// <summary>The five-year targets of a plan period were set (replacing any set before).</summary>
public sealed record PlanTargetsSet(
    [property: JsonPropertyName("fromYear")] int FromYear,
    [property: JsonPropertyName("toYear")] int ToYear,
    [property: JsonPropertyName("binding")] string Binding,
    [property: JsonPropertyName("targets")] LedgerTargets Targets) : LedgerEvent
{
    /// <summary>The event of <paramref name="plan"/>.</summary>
    public static PlanTargetsSet From(PlanTargetsInput plan) => new(plan.FromYear, plan.ToYear, plan.Binding.ToString(), LedgerTargets.From(plan.Targets));

    /// <summary>The plan's targets as the rules take them.</summary>
    public PlanTargetsInput ToInput() => new() { FromYear = FromYear, ToYear = ToYear, Binding = LedgerNames.Parse<TargetBinding>(Binding, "binding"), Targets = Targets.ToInput() };
}

/// <summary>A month, or with no month every month of the year, was verified.</summary>
public sealed record PeriodVerified([property: JsonPropertyName("year")] int Year, [property: JsonPropertyName("month")] int? Month) : LedgerEvent;

/// <summary>A month, or with no month every month of the year, was locked.</summary>
public sealed record PeriodLocked([property: JsonPropertyName("year")] int Year, [property: JsonPropertyName("month")] int? Month) : LedgerEvent;

/// <summary>A year was recomputed with a factor set, and pinned to it.</summary>
public sealed record Recalculated([property: JsonPropertyName("year")] int Year, [property: JsonPropertyName("factorSetId")] string FactorSetId) : LedgerEvent;

/// <summary>A baseline was registered: the base year's figures, computed from its reports or entered with their source.</summary>
public sealed record BaselineSet(
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("computed")] bool Computed,
    [property: JsonPropertyName("grossTco2e")] decimal? GrossTco2e,
    [property: JsonPropertyName("co2PerTonneRawCoal")] decimal? Co2PerTonneRawCoal,
    [property: JsonPropertyName("energyPerTonneRawCoalKgce")] decimal? EnergyPerTonneRawCoalKgce) : LedgerEvent;

/// <summary>The entity moved to another parent.</summary>
public sealed record EntityMoved([property: JsonPropertyName("fromParentId")] string FromParentId, [property: JsonPropertyName("toParentId")] string ToParentId) : LedgerEvent;
