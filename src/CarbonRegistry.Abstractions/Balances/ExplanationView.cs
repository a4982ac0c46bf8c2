namespace CarbonRegistry.Abstractions.Balances;

/// <summary>A factor a contribution was computed with.</summary>
[GenerateSerializer, Immutable]
public sealed record FactorUseView
{
    /// <summary>What it is (standardCoal, carbonContent, gridFactor, …).</summary>
    [Id(0)] public required string Name { get; init; }

    /// <summary>The value.</summary>
    [Id(1)] public required decimal Value { get; init; }

    /// <summary>Its unit.</summary>
    [Id(2)] public required string Unit { get; init; }

    /// <summary>Where the factor set takes it from.</summary>
    [Id(3)] public required string Source { get; init; }
}

/// <summary>One line of a report and what it adds to the month's balance.</summary>
[GenerateSerializer, Immutable]
public sealed record ContributionView
{
    /// <summary>The report's field.</summary>
    [Id(0)] public required string Field { get; init; }

    /// <summary>A fuel line's carrier.</summary>
    [Id(1)] public string? Carrier { get; init; }

    /// <summary>The quantity as reported.</summary>
    [Id(2)] public required decimal Quantity { get; init; }

    /// <summary>Its unit as reported.</summary>
    [Id(3)] public required string Unit { get; init; }

    /// <summary>Its energy, tce.</summary>
    [Id(4)] public required decimal EnergyTce { get; init; }

    /// <summary>Its share of gross emissions, tCO2e.</summary>
    [Id(5)] public required decimal GrossTco2e { get; init; }

    /// <summary>Its share of net emissions, tCO2e.</summary>
    [Id(6)] public required decimal NetTco2e { get; init; }

    /// <summary>The factors it was computed with.</summary>
    [Id(7)] public IReadOnlyList<FactorUseView> Factors { get; init; } = [];
}

/// <summary>A report behind an explained balance: the ledger event of its current version.</summary>
[GenerateSerializer, Immutable]
public sealed record ReportRefView
{
    /// <summary>yyyy-MM.</summary>
    [Id(0)] public required string Period { get; init; }

    /// <summary>The report's current version.</summary>
    [Id(1)] public required int Version { get; init; }

    /// <summary>Its ledger sequence.</summary>
    [Id(2)] public required long Sequence { get; init; }

    /// <summary>Who filed it.</summary>
    [Id(3)] public required string Actor { get; init; }

    /// <summary>When.</summary>
    [Id(4)] public required DateTimeOffset RecordedAt { get; init; }

    /// <summary>An amendment's reason.</summary>
    [Id(5)] public string? Reason { get; init; }
}

/// <summary>An entity's own balance of a month or year explained: each line's contribution and the reports behind it.</summary>
[GenerateSerializer, Immutable]
public sealed record ExplanationView
{
    /// <summary>yyyy-MM or yyyy.</summary>
    [Id(0)] public required string Period { get; init; }

    /// <summary>The factor sets the months are computed with, joined by +.</summary>
    [Id(1)] public required string FactorSetId { get; init; }

    /// <summary>Each line; for a year, the months' lines of one kind and carrier summed, quantities in base units.</summary>
    [Id(2)] public IReadOnlyList<ContributionView> Contributions { get; init; } = [];

    /// <summary>The reports behind the period, by month.</summary>
    [Id(3)] public IReadOnlyList<ReportRefView> Reports { get; init; } = [];
}
