using CarbonRegistry.Accounting.Reports;

namespace CarbonRegistry.Abstractions.Reports;

/// <summary>An amount and its unit symbol (t, kg, m3, 10^4 m3, kWh, MWh, GJ, MJ, tCO2, 10^4 yuan).</summary>
/// <param name="Value">The amount.</param>
/// <param name="Unit">The unit symbol.</param>
[GenerateSerializer, Immutable]
public sealed record QuantityInput([property: Id(0)] decimal Value, [property: Id(1)] string Unit);

/// <summary>One fuel line of a report.</summary>
/// <param name="Carrier">Carrier code of the factor set, e.g. <c>raw_coal</c>.</param>
/// <param name="Quantity">Amount and unit.</param>
/// <param name="Use">Combustion, feedstock or biomass.</param>
[GenerateSerializer, Immutable]
public sealed record FuelLine([property: Id(0)] string Carrier, [property: Id(1)] QuantityInput Quantity, [property: Id(2)] FuelUse Use = FuelUse.Combustion);

/// <summary>One main product of a report: its code in the product catalogue and the output.</summary>
/// <param name="Code">Product code, e.g. <c>coke</c>.</param>
/// <param name="Quantity">Output and unit (a unit of the product's measure).</param>
[GenerateSerializer, Immutable]
public sealed record ProductLine([property: Id(0)] string Code, [property: Id(1)] QuantityInput Quantity);

/// <summary>Coal-mine methane volumes (m3 or 10^4 m3 of CH4).</summary>
[GenerateSerializer, Immutable]
public sealed record MethaneInput(
    [property: Id(0)] QuantityInput Drained,
    [property: Id(1)] QuantityInput Vented,
    [property: Id(2)] QuantityInput Flared,
    [property: Id(3)] QuantityInput Utilised);

/// <summary>What a body reports for a month. Absent quantities mean none.</summary>
[GenerateSerializer, Immutable]
public sealed record ReportData
{
    /// <summary>Fuel lines.</summary>
    [Id(0)] public IReadOnlyList<FuelLine> Fuels { get; init; } = [];

    /// <summary>All purchased grid electricity, including the green-certified part.</summary>
    [Id(1)] public QuantityInput? GridElectricity { get; init; }

    /// <summary>Green-certified part of grid electricity.</summary>
    [Id(2)] public QuantityInput? GreenCertifiedElectricity { get; init; }

    /// <summary>Renewable electricity generated and used on site.</summary>
    [Id(3)] public QuantityInput? OnSiteRenewableElectricity { get; init; }

    /// <summary>Purchased heat.</summary>
    [Id(4)] public QuantityInput? PurchasedHeat { get; init; }

    /// <summary>Coal-mine methane.</summary>
    [Id(5)] public MethaneInput? Methane { get; init; }

    /// <summary>Process CO2.</summary>
    [Id(6)] public QuantityInput? ProcessCo2 { get; init; }

    /// <summary>Verified sink removals.</summary>
    [Id(7)] public QuantityInput? SinkRemovals { get; init; }

    /// <summary>CCUS removals.</summary>
    [Id(8)] public QuantityInput? CcusRemovals { get; init; }

    /// <summary>Value added, 10^4 yuan at comparable prices.</summary>
    [Id(9)] public QuantityInput? ValueAdded { get; init; }

    /// <summary>Raw coal produced (mines), t or kg.</summary>
    [Id(10)] public QuantityInput? RawCoalOutput { get; init; }

    /// <summary>Main products (enterprises and parks), each once.</summary>
    [Id(11)] public IReadOnlyList<ProductLine> Products { get; init; } = [];
}
