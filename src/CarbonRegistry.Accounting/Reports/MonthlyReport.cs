using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Accounting.Reports;

/// <summary>What a body reports for one month. Absent quantities mean none.</summary>
public sealed record MonthlyReport
{
    /// <summary>Calendar year of the period (also the data year that picks the factor set).</summary>
    public required int Year { get; init; }

    /// <summary>Month, 1–12.</summary>
    public required int Month { get; init; }

    /// <summary>Fuels consumed, burned or as feedstock.</summary>
    public IReadOnlyList<FuelConsumption> Fuels { get; init; } = [];

    /// <summary>All electricity purchased from the grid (kWh, MWh), including the green-certified part.</summary>
    public Quantity? GridElectricity { get; init; }

    /// <summary>The part of <see cref="GridElectricity"/> backed by green certificates (1 GEC = 1 MWh).</summary>
    public Quantity? GreenCertifiedElectricity { get; init; }

    /// <summary>Renewable electricity generated and used on site (kWh, MWh).</summary>
    public Quantity? OnSiteRenewableElectricity { get; init; }

    /// <summary>Purchased heat (GJ, MJ).</summary>
    public Quantity? PurchasedHeat { get; init; }

    /// <summary>Coal-mine methane, for mines.</summary>
    public CoalMineMethane? Methane { get; init; }

    /// <summary>Process CO2 (tCO2), e.g. from carbonate decomposition.</summary>
    public Quantity? ProcessCo2 { get; init; }

    /// <summary>Verified removals by carbon sinks (tCO2).</summary>
    public Quantity? SinkRemovals { get; init; }

    /// <summary>CO2 captured and stored or used (CCUS, tCO2).</summary>
    public Quantity? CcusRemovals { get; init; }

    /// <summary>Value added at comparable prices (10^4 yuan); none means intensities are not defined.</summary>
    public Quantity? ValueAdded { get; init; }

    /// <summary>Raw coal produced (mines), a mass.</summary>
    public Quantity? RawCoalOutput { get; init; }
}
