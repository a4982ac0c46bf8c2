using CarbonRegistry.Accounting.DualControl;
using static CarbonRegistry.Accounting.Balances.BalanceComponent;

namespace CarbonRegistry.Accounting.Balances;

/// <summary>
/// The energy and carbon balance of one body for one period (a month, a year, or a rollup).
/// <para>
/// Stored figures are <b>additive components</b>: exact products of quantities and factors, so
/// months add to a year and children add to a parent with <see cref="Sum"/>, and the balance of
/// summed reports equals the sum of their balances to the last digit. Headline figures
/// (totals, deductions, intensities, shares) are <b>derived</b> from the components on every read,
/// so a rollup recomputes them from its sums and never averages them.
/// </para>
/// All energy is tce by the equivalent (当量值) method unless a name says otherwise.
/// </summary>
public sealed record Balance
{
    /// <summary>Period label: <c>2024-03</c> for a month, <c>2024</c> for a year or year to date.</summary>
    public required string Period { get; init; }

    /// <summary>The factor set used; several joined by '+' when a rollup mixes sets.</summary>
    public required string FactorSetId { get; init; }

    /// <summary>The additive components, one per <see cref="BalanceComponent"/>.</summary>
    public ComponentVector Components { get; init; } = ComponentVector.Zero;

    /// <summary>The value of one component.</summary>
    public decimal this[BalanceComponent component] => Components[component];

    /// <summary>This balance with one component replaced.</summary>
    public Balance With(BalanceComponent component, decimal value) => this with { Components = Components.With(component, value) };

    /// <summary>Value added, 10^4 yuan at comparable prices; null when any part of the period lacks it.</summary>
    public decimal? ValueAddedWanYuan { get; init; }

    /// <summary>Total energy consumption, fossil and non-fossil, combustion and feedstock, tce.</summary>
    public decimal EnergyTce => BalanceComponentList.TotalEnergyTce(Components);

    /// <summary>Total energy with electricity by the equal-value method, tce; reported beside <see cref="EnergyTce"/>, never instead.</summary>
    public decimal EqualValueEnergyTce => this[FuelCombustionTce] + this[FeedstockTce] + this[BiomassTce] + this[ElectricityEqualValueTce] + this[HeatTce];

    /// <summary>Renewable electricity consumed: green-certified grid power plus on-site renewables, tce.</summary>
    public decimal RenewableElectricityTce => this[GreenCertifiedElectricityTce] + this[OnSiteRenewableTce];

    /// <summary>Growth of renewable electricity over the baseline, deducted from controlled energy, tce.</summary>
    public decimal RenewableDeductionTce => Math.Max(0m, RenewableElectricityTce - this[RenewableBaselineTce]);

    /// <summary>Feedstock energy, deducted where the rule set says, tce.</summary>
    public decimal FeedstockDeductionTce => this[FeedstockTce];

    /// <summary>
    /// Energy of approved major national projects in the region accounted apart (能耗单列), as
    /// confirmed for the period, tce: not a component of reports, so zero unless the reader that
    /// built the balance knows the confirmations (the annual assessment does).
    /// </summary>
    public decimal SeparateEnergyTce { get; init; }

    /// <summary>Non-fossil energy: renewable electricity (green-certified and on-site) and clean fuels, tce.</summary>
    public decimal NonFossilTce => RenewableElectricityTce + this[CleanFuelTce];

    /// <summary>
    /// The deduction rule set of the period's year, which says what is taken out of the controlled
    /// total and of intensity. The registry sets the year's (see <see cref="DualControl.DeductionRules"/>);
    /// a balance built without one applies <see cref="DeductionRuleSet.Unspecified"/>.
    /// </summary>
    public DeductionRuleSet Deductions { get; init; } = DeductionRuleSet.Unspecified;

    /// <summary>Energy under dual control: total less what the rule set deducts from the total, tce.</summary>
    public decimal ControlledEnergyTce => EnergyTce - Deductions.FromTotal(this);

    /// <summary>The energy of intensity: total less what the rule set deducts from intensity, tce.</summary>
    public decimal IntensityEnergyTce => EnergyTce - Deductions.FromIntensity(this);

    /// <summary>Fossil combustion CO2, t (carbon × 44/12).</summary>
    public decimal CombustionCo2Tco2 => CarbonToCo2(this[CombustionCarbonTc]);

    /// <summary>Coal-mine methane as CO2e: released CH4 × GWP plus the CO2 of flared CH4, t.</summary>
    public decimal MethaneTco2e => this[MethaneReleasedTco2e] + this[FlareCo2Tco2];

    /// <summary>Scope 1: combustion, process and methane, tCO2e. Biomass CO2 is outside it.</summary>
    public decimal Scope1Tco2e => CombustionCo2Tco2 + this[ProcessCo2Tco2] + MethaneTco2e;

    /// <summary>Biomass combustion CO2, reported apart, t.</summary>
    public decimal BiomassTco2 => CarbonToCo2(this[BiomassCarbonTc]);

    /// <summary>Scope 2, location-based (grid average), tCO2.</summary>
    public decimal Scope2LocationTco2 => this[ElectricityLocationTco2] + this[HeatTco2];

    /// <summary>Scope 2, market-based (green certificates at zero, the rest at the residual factor), tCO2.</summary>
    public decimal Scope2MarketTco2 => this[ElectricityMarketTco2] + this[HeatTco2];

    /// <summary>Scope 1 + location-based scope 2: the figure for carbon dual control and carbon intensity, tCO2e.</summary>
    public decimal GrossTco2e => Scope1Tco2e + Scope2LocationTco2;

    /// <summary>Verified removals (sinks and CCUS), tCO2.</summary>
    public decimal RemovalsTco2 => this[SinkRemovalsTco2] + this[CcusRemovalsTco2];

    /// <summary>Scope 1 + market-based scope 2 − removals: the figure behind a zero-carbon claim, tCO2e.</summary>
    public decimal NetTco2e => Scope1Tco2e + Scope2MarketTco2 - RemovalsTco2;

    /// <summary>The energy of intensity per value added, tce per 10^4 yuan; null without value added.</summary>
    public decimal? EnergyIntensity => Ratio(IntensityEnergyTce, ValueAddedWanYuan);

    /// <summary>Gross emissions per value added, tCO2e per 10^4 yuan; null without value added.</summary>
    public decimal? CarbonIntensity => Ratio(GrossTco2e, ValueAddedWanYuan);

    /// <summary>(Scope 1 + market-based scope 2) per tce consumed: the zero-carbon park indicator; null without energy.</summary>
    public decimal? CarbonPerEnergy => Ratio(Scope1Tco2e + Scope2MarketTco2, EnergyTce);

    /// <summary>
    /// CO2 alone, t: combustion, process and flare CO2 and market-based scope 2, without the CH4
    /// released. The national zero-carbon park indicator counts CO2 only (发改环资〔2025〕910号).
    /// </summary>
    public decimal Co2OnlyTco2 => CombustionCo2Tco2 + this[ProcessCo2Tco2] + this[FlareCo2Tco2] + Scope2MarketTco2;

    /// <summary>CO2 only per tce consumed, tCO2/tce: the zero-carbon park's core indicator; null without energy.</summary>
    public decimal? Co2OnlyPerEnergy => Ratio(Co2OnlyTco2, EnergyTce);

    /// <summary>Gross emissions per tonne of raw coal, tCO2e/t; null without output.</summary>
    public decimal? Co2PerTonneRawCoal => Ratio(GrossTco2e, this[RawCoalOutputT]);

    /// <summary>Energy per tonne of raw coal, kgce/t; null without output.</summary>
    public decimal? EnergyPerTonneRawCoalKgce => Ratio(EnergyTce * 1000m, this[RawCoalOutputT]);

    /// <summary>Mine-gas capture-and-use rate: methane utilised over methane drained; null without drainage.</summary>
    public decimal? GasUseRate => Ratio(this[MethaneUtilisedM3], this[MethaneDrainedM3]);

    /// <summary>Clean energy (clean fuels and renewable electricity) as a share of energy; null without energy.</summary>
    public decimal? CleanEnergyShare => Ratio(this[CleanFuelTce] + RenewableElectricityTce, EnergyTce);

    /// <summary>An empty balance for <paramref name="period"/>.</summary>
    public static Balance Zero(string period, string factorSetId = "") =>
        new() { Period = period, FactorSetId = factorSetId, ValueAddedWanYuan = 0m };

    /// <summary>
    /// Adds balances component by component under a new period label. Value added is null if any
    /// part lacks it, because an intensity over a partial denominator would look better than it is.
    /// </summary>
    public static Balance Sum(string period, IEnumerable<Balance> parts)
    {
        var total = new Accumulator();
        var factorSetIds = new HashSet<string>(StringComparer.Ordinal);
        string? lastId = null;
        foreach (var part in parts)
        {
            total.Add(part);

            // Parts of one rollup nearly always share one set: skip the hash lookup for repeats.
            if (!ReferenceEquals(part.FactorSetId, lastId))
            {
                lastId = part.FactorSetId;
                factorSetIds.Add(lastId);
            }
        }

        var distinct = factorSetIds.SelectMany(id => id.Split('+', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        return total.ToBalance(period, string.Join('+', distinct));
    }

    /// <summary>
    /// × 44/12, the molar mass ratio of CO2 to C. Multiplying first keeps the one inexact step
    /// (division by 12) last, so the result is the correctly rounded decimal of the exact value.
    /// </summary>
    private static decimal CarbonToCo2(decimal carbon) => carbon * 44m / 12m;

    private static decimal? Ratio(decimal numerator, decimal? denominator) =>
        denominator is { } d && d != 0m ? numerator / d : null;

    /// <summary>Component-by-component running sum of balances.</summary>
    private sealed class Accumulator
    {
        private readonly ComponentVector.Builder _components = new();
        private decimal _valueAdded;
        private bool _valueAddedMissing;

        public void Add(Balance b)
        {
            _components.Add(b.Components);
            if (b.ValueAddedWanYuan is { } valueAdded)
            {
                _valueAdded += valueAdded;
            }
            else
            {
                _valueAddedMissing = true;
            }
        }

        public Balance ToBalance(string period, string factorSetId) => new()
        {
            Period = period,
            FactorSetId = factorSetId,
            Components = _components.ToVector(),
            ValueAddedWanYuan = _valueAddedMissing ? null : _valueAdded,
        };
    }
}
