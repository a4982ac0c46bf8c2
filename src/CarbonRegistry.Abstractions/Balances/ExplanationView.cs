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

/// <summary>A month's own balance explained: each line's contribution and the factor set behind it.</summary>
[GenerateSerializer, Immutable]
public sealed record ExplanationView
{
    /// <summary>yyyy-MM.</summary>
    [Id(0)] public required string Period { get; init; }

    /// <summary>The factor set the month is computed with.</summary>
    [Id(1)] public required string FactorSetId { get; init; }

    /// <summary>The report version explained (the current one).</summary>
    [Id(2)] public required int ReportVersion { get; init; }

    /// <summary>Each line.</summary>
    [Id(3)] public IReadOnlyList<ContributionView> Contributions { get; init; } = [];
}
