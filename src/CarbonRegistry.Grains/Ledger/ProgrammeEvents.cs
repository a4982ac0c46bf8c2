using System.Text.Json.Serialization;

namespace CarbonRegistry.Grains.Ledger;

// The events of an entity's zero-carbon programme, under the stream "programme:<entity id>:<code>".
// Like every ledger record, each JSON name is pinned and enums are written as their members' names.

/// <summary>A value entered for an indicator the balance does not hold.</summary>
public sealed record ProgrammeIndicatorEntered(
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("indicator")] string Indicator,
    [property: JsonPropertyName("value")] decimal Value,
    [property: JsonPropertyName("source")] string Source) : LedgerEvent;

/// <summary>A guiding indicator waived for a year, with the stated reason.</summary>
public sealed record ProgrammeIndicatorWaived(
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("indicator")] string Indicator,
    [property: JsonPropertyName("reason")] string Reason) : LedgerEvent;

/// <summary>
/// A step of acceptance taken for a year. <paramref name="CoreValues"/> are the core indicators'
/// values it was taken on (recorded, since later amendments may change the year's figures).
/// </summary>
public sealed record ProgrammeAcceptanceRecorded(
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("step")] string Step,
    [property: JsonPropertyName("reference")] string Reference,
    [property: JsonPropertyName("coreValues")] IReadOnlyDictionary<string, decimal> CoreValues) : LedgerEvent;
