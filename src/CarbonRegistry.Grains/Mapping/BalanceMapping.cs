using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.DualControl;

namespace CarbonRegistry.Grains.Mapping;

/// <summary>Between the accounting library's <see cref="Balance"/> and the stored and served shapes.</summary>
public static class BalanceMapping
{
    /// <summary>The additive components of a computed monthly balance (one report).</summary>
    public static BalanceComponents ToComponents(Balance b) => new()
    {
        Values = b.Components,
        ValueAddedWanYuan = b.ValueAddedWanYuan ?? 0m,
        PartsWithoutValueAdded = b.ValueAddedWanYuan is null ? 1 : 0,
        ReportCount = 1,
        FactorSetCounts = BalanceComponents.FormatCounts([new(b.FactorSetId, 1)]),
    };

    /// <summary>The accounting balance of stored components, with the deduction rule set of the period's year, so headline figures are derived by the one rule book.</summary>
    public static Balance ToBalance(BalanceComponents c, string period, DeductionRules deductions) =>
        c.ToBalance(period, deductions.ForYear(int.Parse(period.AsSpan(0, 4), System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Total energy of stored components, tce, by the accounting rule, without building a whole balance.</summary>
    public static decimal EnergyTce(BalanceComponents c) => BalanceComponentList.TotalEnergyTce(c.Values);

    /// <summary>The served view of stored components.</summary>
    public static BalanceView ToView(string entityId, string period, BalanceScope scope, BalanceComponents c, long version, DeductionRules deductions)
    {
        var b = ToBalance(c, period, deductions);
        return new BalanceView
        {
            EntityId = entityId,
            Period = period,
            Scope = scope,
            EnergyTce = b.EnergyTce,
            EqualValueEnergyTce = b.EqualValueEnergyTce,
            RenewableDeductionTce = b.RenewableDeductionTce,
            FeedstockDeductionTce = b.FeedstockDeductionTce,
            ControlledEnergyTce = b.ControlledEnergyTce,
            NonFossilTce = b.NonFossilTce,
            IntensityEnergyTce = b.IntensityEnergyTce,
            DeductionRuleSetId = b.Deductions.Id,
            Scope1Tco2e = b.Scope1Tco2e,
            CombustionCo2Tco2 = b.CombustionCo2Tco2,
            ProcessCo2Tco2 = b[BalanceComponent.ProcessCo2Tco2],
            MethaneTco2e = b.MethaneTco2e,
            BiomassTco2 = b.BiomassTco2,
            Scope2LocationTco2 = b.Scope2LocationTco2,
            Scope2MarketTco2 = b.Scope2MarketTco2,
            GrossTco2e = b.GrossTco2e,
            RemovalsTco2 = b.RemovalsTco2,
            NetTco2e = b.NetTco2e,
            ValueAddedWanYuan = b.ValueAddedWanYuan,
            EnergyIntensity = b.EnergyIntensity,
            CarbonIntensity = b.CarbonIntensity,
            CarbonPerEnergy = b.CarbonPerEnergy,
            CleanEnergyShare = b.CleanEnergyShare,
            Co2OnlyPerEnergy = b.Co2OnlyPerEnergy,
            Co2PerTonneRawCoal = b.Co2PerTonneRawCoal,
            EnergyPerTonneRawCoalKgce = b.EnergyPerTonneRawCoalKgce,
            GasUseRate = b.GasUseRate,
            RawCoalOutputT = b[BalanceComponent.RawCoalOutputT],
            FactorSetId = b.FactorSetId,
            RenewableElectricityTce = b.RenewableElectricityTce,
            ReportCount = c.ReportCount,
            Version = version,
            Components = c,
        };
    }
}
