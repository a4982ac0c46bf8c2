using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.DualControl;

namespace CarbonRegistry.Abstractions.Balances;

/// <summary>A balance as served: every headline figure, full decimals, units in the names.</summary>
[GenerateSerializer, Immutable]
public sealed record BalanceView
{
#pragma warning disable CS1591 // Definitions are in the README's accounting section and in CarbonRegistry.Accounting.Balances.Balance.
    [Id(0)] public required string EntityId { get; init; }
    [Id(1)] public required string Period { get; init; }
    [Id(2)] public required BalanceScope Scope { get; init; }
    [Id(3)] public decimal EnergyTce { get; init; }
    [Id(4)] public decimal EqualValueEnergyTce { get; init; }
    [Id(5)] public decimal RenewableDeductionTce { get; init; }
    [Id(6)] public decimal FeedstockDeductionTce { get; init; }
    [Id(7)] public decimal ControlledEnergyTce { get; init; }
    [Id(8)] public decimal Scope1Tco2e { get; init; }
    [Id(9)] public decimal CombustionCo2Tco2 { get; init; }
    [Id(10)] public decimal ProcessCo2Tco2 { get; init; }
    [Id(11)] public decimal MethaneTco2e { get; init; }
    [Id(12)] public decimal BiomassTco2 { get; init; }
    [Id(13)] public decimal Scope2LocationTco2 { get; init; }
    [Id(14)] public decimal Scope2MarketTco2 { get; init; }
    [Id(15)] public decimal GrossTco2e { get; init; }
    [Id(16)] public decimal RemovalsTco2 { get; init; }
    [Id(17)] public decimal NetTco2e { get; init; }
    [Id(18)] public decimal? ValueAddedWanYuan { get; init; }
    [Id(19)] public decimal? EnergyIntensity { get; init; }
    [Id(20)] public decimal? CarbonIntensity { get; init; }
    [Id(21)] public decimal? CarbonPerEnergy { get; init; }
    [Id(22)] public decimal? CleanEnergyShare { get; init; }
    [Id(23)] public required string FactorSetId { get; init; }
    [Id(24)] public decimal RenewableElectricityTce { get; init; }
    [Id(25)] public int ReportCount { get; init; }
#pragma warning restore CS1591

    /// <summary>Version of the underlying stored row; 0 when nothing was reported.</summary>
    [Id(26)] public long Version { get; init; }

    /// <summary>
    /// The additive components behind the figures; the API serves the energy carrier groups
    /// (<see cref="CarbonRegistry.Accounting.Balances.BalanceComponentList.EnergyCarriers"/>) from them.
    /// </summary>
    [Id(28)] public BalanceComponents Components { get; init; } = BalanceComponents.Zero;

    /// <summary>CO2 only (no CH4) per tce, tCO2/tce.</summary>
    [Id(29)] public decimal? Co2OnlyPerEnergy { get; init; }

    /// <summary>Gross emissions per tonne of raw coal, tCO2e/t.</summary>
    [Id(30)] public decimal? Co2PerTonneRawCoal { get; init; }

    /// <summary>Energy per tonne of raw coal, kgce/t.</summary>
    [Id(31)] public decimal? EnergyPerTonneRawCoalKgce { get; init; }

    /// <summary>Methane utilised over methane drained.</summary>
    [Id(32)] public decimal? GasUseRate { get; init; }

    /// <summary>Raw coal produced, t.</summary>
    [Id(33)] public decimal RawCoalOutputT { get; init; }

    /// <summary>Non-fossil energy (renewable electricity and clean fuels), tce.</summary>
    [Id(34)] public decimal NonFossilTce { get; init; }

    /// <summary>The energy of intensity: total less what the year's rule set deducts from intensity, tce.</summary>
    [Id(35)] public decimal IntensityEnergyTce { get; init; }

    /// <summary>The deduction rule set of the period's year (the entity's recorded switch, or the one covering the year).</summary>
    [Id(36)] public string DeductionRuleSetId { get; init; } = "";

    /// <summary>
    /// The accounting balance of this view, with the deduction rule set it was served with (so an
    /// entity's recorded switch holds), or <paramref name="rules"/>' of the year when the view names
    /// none they know.
    /// </summary>
    public Balance ToBalance(DeductionRules rules) =>
        Components.ToBalance(Period, rules.ById(DeductionRuleSetId) ?? rules.ForYear(int.Parse(Period.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture)));
}
