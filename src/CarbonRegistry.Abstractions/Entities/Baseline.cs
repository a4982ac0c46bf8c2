namespace CarbonRegistry.Abstractions.Entities;

/// <summary>
/// The base a zero-carbon programme's reductions are measured from: an entity's figures of its
/// base year (usually 2020), either computed from that year's reports or entered with their source.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BaselineView
{
    /// <summary>The base year.</summary>
    [Id(0)] public required int Year { get; init; }

    /// <summary>Where the figures come from: the reports of the year, or the source given when they were entered.</summary>
    [Id(1)] public required string Source { get; init; }

    /// <summary>Whether the figures were computed from the base year's reports.</summary>
    [Id(2)] public bool Computed { get; init; }

    /// <summary>Gross emissions of the base year, tCO2e.</summary>
    [Id(3)] public decimal? GrossTco2e { get; init; }

    /// <summary>Gross emissions per tonne of raw coal, tCO2e/t.</summary>
    [Id(4)] public decimal? Co2PerTonneRawCoal { get; init; }

    /// <summary>Energy per tonne of raw coal, kgce/t.</summary>
    [Id(5)] public decimal? EnergyPerTonneRawCoalKgce { get; init; }

    /// <summary>The figures by the name the zero-carbon rules use for them.</summary>
    public IReadOnlyDictionary<string, decimal> ByMeasure() =>
        new[] { ("grossTco2e", GrossTco2e), ("co2PerTonneRawCoal", Co2PerTonneRawCoal), ("energyPerTonneRawCoalKgce", EnergyPerTonneRawCoalKgce) }
            .Where(pair => pair.Item2 is not null)
            .ToDictionary(pair => pair.Item1, pair => pair.Item2!.Value, StringComparer.Ordinal);
}

/// <summary>A baseline to register: with no figures given, they are computed from the base year's reports.</summary>
[GenerateSerializer, Immutable]
public sealed record BaselineInput
{
    /// <summary>The base year.</summary>
    [Id(0)] public required int Year { get; init; }

    /// <summary>The source of entered figures (required with them).</summary>
    [Id(1)] public string? Source { get; init; }

    /// <summary>Entered gross emissions, tCO2e.</summary>
    [Id(2)] public decimal? GrossTco2e { get; init; }

    /// <summary>Entered emissions per tonne of raw coal, tCO2e/t.</summary>
    [Id(3)] public decimal? Co2PerTonneRawCoal { get; init; }

    /// <summary>Entered energy per tonne of raw coal, kgce/t.</summary>
    [Id(4)] public decimal? EnergyPerTonneRawCoalKgce { get; init; }

    /// <summary>Whether any figure was entered.</summary>
    public bool Entered => GrossTco2e is not null || Co2PerTonneRawCoal is not null || EnergyPerTonneRawCoalKgce is not null;
}
