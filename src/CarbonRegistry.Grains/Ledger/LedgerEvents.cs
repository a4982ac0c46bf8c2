using System.Text.Json;
using System.Text.Json.Serialization;
using CarbonRegistry.Abstractions.DualControl;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Reports;

namespace CarbonRegistry.Grains.Ledger;

/// <summary>
/// The events an entity writes to the ledger, as JSON. They are the audit trail and the source of
/// truth: an entity's state is rebuilt by applying them in version order, so an event carries
/// every input its effect depends on (the factor set chosen, the time), never a result that could
/// be recomputed.
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
public abstract record LedgerEvent
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,

        // PostgreSQL's jsonb does not keep key order, so "type" may come back anywhere.
        AllowOutOfOrderMetadataProperties = true,
    };

    /// <summary>The ledger's type column.</summary>
    [JsonIgnore]
    public string Type => GetType().Name;

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static LedgerEvent FromJson(string json) =>
        JsonSerializer.Deserialize<LedgerEvent>(json, Json) ?? throw new InvalidOperationException("Empty ledger event.");
}

public sealed record EntityRegistered(EntityRegistration Registration, DateTimeOffset RegisteredAt) : LedgerEvent;

/// <summary>A first report. <paramref name="Warnings"/> are the review flags raised when it was accepted (recorded, not recomputed).</summary>
public sealed record ReportSubmitted(int Year, int Month, ReportData Data, string FactorSetId, string ContentHash, IReadOnlyList<ValidationWarning>? Warnings = null) : LedgerEvent;

/// <summary>A corrected report, with the review flags raised when it was accepted.</summary>
public sealed record ReportAmended(int Year, int Month, ReportData Data, string Reason, string FactorSetId, string ContentHash, IReadOnlyList<ValidationWarning>? Warnings = null) : LedgerEvent;

public sealed record TargetsSet(TargetsInput Targets) : LedgerEvent;

public sealed record PeriodVerified(int Year, int? Month) : LedgerEvent;

public sealed record PeriodLocked(int Year, int? Month) : LedgerEvent;

public sealed record Recalculated(int Year, string FactorSetId) : LedgerEvent;

public sealed record EntityMoved(string FromParentId, string ToParentId) : LedgerEvent;
