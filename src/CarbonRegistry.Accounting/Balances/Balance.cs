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

    /// <summary>Fossil fuels burned, tce.</summary>
    public decimal FuelCombustionTce { get; init; }

    /// <summary>Fossil fuels used as feedstock, tce.</summary>
    public decimal FeedstockTce { get; init; }

    /// <summary>Biomass burned, tce.</summary>
    public decimal BiomassTce { get; init; }

    /// <summary>Fuels flagged clean in the factor set (biomass included), tce.</summary>
    public decimal CleanFuelTce { get; init; }

    /// <summary>All purchased grid electricity, tce (equivalent value).</summary>
    public decimal GridElectricityTce { get; init; }

    /// <summary>The green-certified part of grid electricity, tce (equivalent value).</summary>
    public decimal GreenCertifiedElectricityTce { get; init; }

    /// <summary>Self-generated renewable electricity used on site, tce (equivalent value).</summary>
    public decimal OnSiteRenewableTce { get; init; }

    /// <summary>All electricity consumed (grid and on-site) at the thermal-power coal rate, tce (equal value, 等价值).</summary>
    public decimal ElectricityEqualValueTce { get; init; }

    /// <summary>Purchased heat, tce.</summary>
    public decimal HeatTce { get; init; }

    /// <summary>Renewable electricity consumed in the same period of the previous year, tce.</summary>
    public decimal RenewableBaselineTce { get; init; }

    /// <summary>Carbon oxidised from fossil fuels burned, tC.</summary>
    public decimal CombustionCarbonTc { get; init; }

    /// <summary>Carbon oxidised from biomass burned, tC.</summary>
    public decimal BiomassCarbonTc { get; init; }

    /// <summary>Process CO2, t.</summary>
    public decimal ProcessCo2Tco2 { get; init; }

    /// <summary>CH4 released to air (vented, drained and not used, unburned in flares), t CH4.</summary>
    public decimal MethaneReleasedTch4 { get; init; }

    /// <summary>Released CH4 weighted by the GWP of the factor set, tCO2e.</summary>
    public decimal MethaneReleasedTco2e { get; init; }

    /// <summary>CO2 from the CH4 destroyed in flares, t.</summary>
    public decimal FlareCo2Tco2 { get; init; }

    /// <summary>Grid electricity × grid factor of the body's region, tCO2.</summary>
    public decimal ElectricityLocationTco2 { get; init; }

    /// <summary>Grid electricity less the green-certified part, × residual factor, tCO2.</summary>
    public decimal ElectricityMarketTco2 { get; init; }

    /// <summary>Purchased heat × heat factor, tCO2.</summary>
    public decimal HeatTco2 { get; init; }

    /// <summary>Verified removals by sinks, tCO2.</summary>
    public decimal SinkRemovalsTco2 { get; init; }

    /// <summary>CCUS removals, tCO2.</summary>
    public decimal CcusRemovalsTco2 { get; init; }

    /// <summary>Value added, 10^4 yuan at comparable prices; null when any part of the period lacks it.</summary>
    public decimal? ValueAddedWanYuan { get; init; }

    /// <summary>Total energy consumption, fossil and non-fossil, combustion and feedstock, tce.</summary>
    public decimal EnergyTce => TotalEnergy(FuelCombustionTce, FeedstockTce, BiomassTce, GridElectricityTce, OnSiteRenewableTce, HeatTce);

    /// <summary>Total energy with electricity by the equal-value method, tce; reported beside <see cref="EnergyTce"/>, never instead.</summary>
    public decimal EqualValueEnergyTce => FuelCombustionTce + FeedstockTce + BiomassTce + ElectricityEqualValueTce + HeatTce;

    /// <summary>Renewable electricity consumed: green-certified grid power plus on-site renewables, tce.</summary>
    public decimal RenewableElectricityTce => GreenCertifiedElectricityTce + OnSiteRenewableTce;

    /// <summary>Growth of renewable electricity over the baseline, deducted from controlled energy, tce.</summary>
    public decimal RenewableDeductionTce => Math.Max(0m, RenewableElectricityTce - RenewableBaselineTce);

    /// <summary>Feedstock energy deducted from controlled energy, tce.</summary>
    public decimal FeedstockDeductionTce => FeedstockTce;

    /// <summary>Energy under dual control: total less the renewable and feedstock deductions, tce.</summary>
    public decimal ControlledEnergyTce => EnergyTce - RenewableDeductionTce - FeedstockDeductionTce;

    /// <summary>Fossil combustion CO2, t (carbon × 44/12).</summary>
    public decimal CombustionCo2Tco2 => CarbonToCo2(CombustionCarbonTc);

    /// <summary>Coal-mine methane as CO2e: released CH4 × GWP plus the CO2 of flared CH4, t.</summary>
    public decimal MethaneTco2e => MethaneReleasedTco2e + FlareCo2Tco2;

    /// <summary>Scope 1: combustion, process and methane, tCO2e. Biomass CO2 is outside it.</summary>
    public decimal Scope1Tco2e => CombustionCo2Tco2 + ProcessCo2Tco2 + MethaneTco2e;

    /// <summary>Biomass combustion CO2, reported apart, t.</summary>
    public decimal BiomassTco2 => CarbonToCo2(BiomassCarbonTc);

    /// <summary>Scope 2, location-based (grid average), tCO2.</summary>
    public decimal Scope2LocationTco2 => ElectricityLocationTco2 + HeatTco2;

    /// <summary>Scope 2, market-based (green certificates at zero, the rest at the residual factor), tCO2.</summary>
    public decimal Scope2MarketTco2 => ElectricityMarketTco2 + HeatTco2;

    /// <summary>Scope 1 + location-based scope 2: the figure for carbon dual control and carbon intensity, tCO2e.</summary>
    public decimal GrossTco2e => Scope1Tco2e + Scope2LocationTco2;

    /// <summary>Verified removals (sinks and CCUS), tCO2.</summary>
    public decimal RemovalsTco2 => SinkRemovalsTco2 + CcusRemovalsTco2;

    /// <summary>Scope 1 + market-based scope 2 − removals: the figure behind a zero-carbon claim, tCO2e.</summary>
    public decimal NetTco2e => Scope1Tco2e + Scope2MarketTco2 - RemovalsTco2;

    /// <summary>Controlled energy per value added, tce per 10^4 yuan; null without value added.</summary>
    public decimal? EnergyIntensity => Ratio(ControlledEnergyTce, ValueAddedWanYuan);

    /// <summary>Gross emissions per value added, tCO2e per 10^4 yuan; null without value added.</summary>
    public decimal? CarbonIntensity => Ratio(GrossTco2e, ValueAddedWanYuan);

    /// <summary>(Scope 1 + market-based scope 2) per tce consumed: the zero-carbon park indicator; null without energy.</summary>
    public decimal? CarbonPerEnergy => Ratio(Scope1Tco2e + Scope2MarketTco2, EnergyTce);

    /// <summary>Clean energy (clean fuels and renewable electricity) as a share of energy; null without energy.</summary>
    public decimal? CleanEnergyShare => Ratio(CleanFuelTce + RenewableElectricityTce, EnergyTce);

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

    /// <summary>Field-by-field running sum; a struct so summing 10^6 balances allocates nothing per item.</summary>
    private struct Accumulator
    {
        private decimal _fuel, _feedstock, _biomass, _cleanFuel, _grid, _green, _onSite, _equalValue, _heat, _baseline;
        private decimal _carbon, _biomassCarbon, _process, _ch4, _ch4Co2e, _flare, _location, _market, _heatCo2, _sinks, _ccus;
        private decimal _valueAdded;
        private bool _valueAddedMissing;

        public void Add(Balance b)
        {
            _fuel += b.FuelCombustionTce;
            _feedstock += b.FeedstockTce;
            _biomass += b.BiomassTce;
            _cleanFuel += b.CleanFuelTce;
            _grid += b.GridElectricityTce;
            _green += b.GreenCertifiedElectricityTce;
            _onSite += b.OnSiteRenewableTce;
            _equalValue += b.ElectricityEqualValueTce;
            _heat += b.HeatTce;
            _baseline += b.RenewableBaselineTce;
            _carbon += b.CombustionCarbonTc;
            _biomassCarbon += b.BiomassCarbonTc;
            _process += b.ProcessCo2Tco2;
            _ch4 += b.MethaneReleasedTch4;
            _ch4Co2e += b.MethaneReleasedTco2e;
            _flare += b.FlareCo2Tco2;
            _location += b.ElectricityLocationTco2;
            _market += b.ElectricityMarketTco2;
            _heatCo2 += b.HeatTco2;
            _sinks += b.SinkRemovalsTco2;
            _ccus += b.CcusRemovalsTco2;
            if (b.ValueAddedWanYuan is { } valueAdded)
            {
                _valueAdded += valueAdded;
            }
            else
            {
                _valueAddedMissing = true;
            }
        }

        public readonly Balance ToBalance(string period, string factorSetId) => new()
        {
            Period = period,
            FactorSetId = factorSetId,
            FuelCombustionTce = _fuel,
            FeedstockTce = _feedstock,
            BiomassTce = _biomass,
            CleanFuelTce = _cleanFuel,
            GridElectricityTce = _grid,
            GreenCertifiedElectricityTce = _green,
            OnSiteRenewableTce = _onSite,
            ElectricityEqualValueTce = _equalValue,
            HeatTce = _heat,
            RenewableBaselineTce = _baseline,
            CombustionCarbonTc = _carbon,
            BiomassCarbonTc = _biomassCarbon,
            ProcessCo2Tco2 = _process,
            MethaneReleasedTch4 = _ch4,
            MethaneReleasedTco2e = _ch4Co2e,
            FlareCo2Tco2 = _flare,
            ElectricityLocationTco2 = _location,
            ElectricityMarketTco2 = _market,
            HeatTco2 = _heatCo2,
            SinkRemovalsTco2 = _sinks,
            CcusRemovalsTco2 = _ccus,
            ValueAddedWanYuan = _valueAddedMissing ? null : _valueAdded,
        };
    }

    /// <summary>The rule of <see cref="EnergyTce"/>, for callers that hold the parts without a balance (tce).</summary>
    public static decimal TotalEnergy(decimal fuelCombustionTce, decimal feedstockTce, decimal biomassTce, decimal gridElectricityTce, decimal onSiteRenewableTce, decimal heatTce) =>
        fuelCombustionTce + feedstockTce + biomassTce + gridElectricityTce + onSiteRenewableTce + heatTce;
}
