using CarbonRegistry.Accounting.ZeroCarbon;

namespace CarbonRegistry.Abstractions.ZeroCarbon;

/// <summary>A value entered for an indicator the balance does not hold.</summary>
[GenerateSerializer, Immutable]
public sealed record EnteredIndicatorView
{
    /// <summary>Indicator code.</summary>
    [Id(0)] public required string Indicator { get; init; }

    /// <summary>The value.</summary>
    [Id(1)] public required decimal Value { get; init; }

    /// <summary>Where it comes from.</summary>
    [Id(2)] public required string Source { get; init; }

    /// <summary>Who entered it.</summary>
    [Id(3)] public required string Actor { get; init; }

    /// <summary>When.</summary>
    [Id(4)] public required DateTimeOffset At { get; init; }
}

/// <summary>A guiding indicator waived for a year.</summary>
[GenerateSerializer, Immutable]
public sealed record IndicatorWaiverView
{
    /// <summary>Indicator code.</summary>
    [Id(0)] public required string Indicator { get; init; }

    /// <summary>The stated reason.</summary>
    [Id(1)] public required string Reason { get; init; }

    /// <summary>Who waived it.</summary>
    [Id(2)] public required string Actor { get; init; }

    /// <summary>When.</summary>
    [Id(3)] public required DateTimeOffset At { get; init; }
}

/// <summary>A step of acceptance taken for a year, with the core figures it was taken on.</summary>
[GenerateSerializer, Immutable]
public sealed record AcceptanceView
{
    /// <summary>The step.</summary>
    [Id(0)] public required AcceptanceStep Step { get; init; }

    /// <summary>The decision's document number or reference.</summary>
    [Id(1)] public required string Reference { get; init; }

    /// <summary>The core indicators' values when the step was taken, by indicator code.</summary>
    [Id(2)] public IReadOnlyDictionary<string, decimal> CoreValues { get; init; } = new Dictionary<string, decimal>();

    /// <summary>Who recorded it.</summary>
    [Id(3)] public required string Actor { get; init; }

    /// <summary>When.</summary>
    [Id(4)] public required DateTimeOffset At { get; init; }
}

/// <summary>What was entered, waived and accepted for one year of an entity's programme.</summary>
[GenerateSerializer, Immutable]
public sealed record ProgrammeYearView
{
    /// <summary>The year.</summary>
    [Id(0)] public required int Year { get; init; }

    /// <summary>Entered values, the latest per indicator.</summary>
    [Id(1)] public IReadOnlyList<EnteredIndicatorView> Entered { get; init; } = [];

    /// <summary>Waivers, one per indicator.</summary>
    [Id(2)] public IReadOnlyList<IndicatorWaiverView> Waivers { get; init; } = [];

    /// <summary>Acceptance steps taken, in order.</summary>
    [Id(3)] public IReadOnlyList<AcceptanceView> Acceptance { get; init; } = [];

    /// <summary>What the assessor takes from this record.</summary>
    public ProgrammeInputs ToInputs() => new(
        Entered.ToDictionary(e => e.Indicator, e => new EnteredValue(e.Value, e.Source)),
        Waivers.ToDictionary(w => w.Indicator, w => w.Reason));
}

/// <summary>The record of one entity's zero-carbon programme, year by year.</summary>
[GenerateSerializer, Immutable]
public sealed record ProgrammeRecordView
{
    /// <summary>The entity.</summary>
    [Id(0)] public required string EntityId { get; init; }

    /// <summary>The programme code.</summary>
    [Id(1)] public required string Programme { get; init; }

    /// <summary>Each year with anything recorded, oldest first.</summary>
    [Id(2)] public IReadOnlyList<ProgrammeYearView> Years { get; init; } = [];

    /// <summary>The record of <paramref name="year"/>, or null.</summary>
    public ProgrammeYearView? Year(int year) => Years.FirstOrDefault(y => y.Year == year);
}
