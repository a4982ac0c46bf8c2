using CarbonRegistry.Accounting.Errors;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Accounting.Electricity;

/// <summary>
/// Electricity as energy (equivalent value 0.1229 kgce/kWh, GB/T 2589; equal value at the year's
/// thermal-power coal rate) and as scope 2: location-based at the grid factor of the data year
/// (MEE/NBS), market-based with green-certified power at zero and the rest at the residual factor.
/// </summary>
public static class ElectricityAccounting
{
    /// <summary>Computes the electricity figures of <paramref name="report"/>.</summary>
    public static ElectricityTotals Compute(MonthlyReport report, FactorSet factors, GridRegion region)
    {
        var gridKwh = KilowattHours(report.GridElectricity, "gridElectricity");
        var greenKwh = KilowattHours(report.GreenCertifiedElectricity, "greenCertifiedElectricity");
        var onSiteKwh = KilowattHours(report.OnSiteRenewableElectricity, "onSiteRenewableElectricity");
        if (greenKwh > gridKwh)
        {
            throw new AccountingException(
                AccountingErrorCode.GreenExceedsGrid,
                $"Green-certified electricity ({greenKwh} kWh) is part of grid electricity and cannot exceed it ({gridKwh} kWh).",
                "greenCertifiedElectricity");
        }

        // kgce/kWh and kgCO2/kWh: kWh × factor / 1000 gives tce and tCO2.
        var equivalent = factors.ElectricityEquivalent.Value / 1_000m;
        return new ElectricityTotals
        {
            GridTce = gridKwh * equivalent,
            GreenCertifiedTce = greenKwh * equivalent,
            OnSiteRenewableTce = onSiteKwh * equivalent,
            EqualValueTce = (gridKwh + onSiteKwh) * (factors.ThermalPowerCoalRate.Value / 1_000m),
            LocationTco2 = gridKwh * (factors.GridFactor(region).Value / 1_000m),
            MarketTco2 = (gridKwh - greenKwh) * (factors.ResidualGridFactor.Value / 1_000m),
        };
    }

    private static decimal KilowattHours(Quantity? quantity, string field) =>
        quantity is { } q ? q.Validated(field).InBaseOf(Measure.Electricity, field) : 0m;
}

/// <summary>Electricity figures of a report, all exact.</summary>
public struct ElectricityTotals
{
    /// <summary>All grid electricity, tce (equivalent value).</summary>
    public decimal GridTce;

    /// <summary>Green-certified part of grid electricity, tce.</summary>
    public decimal GreenCertifiedTce;

    /// <summary>On-site renewable electricity, tce.</summary>
    public decimal OnSiteRenewableTce;

    /// <summary>Grid and on-site electricity at the thermal-power coal rate, tce.</summary>
    public decimal EqualValueTce;

    /// <summary>Location-based CO2 of grid electricity, t.</summary>
    public decimal LocationTco2;

    /// <summary>Market-based CO2 of grid electricity, t.</summary>
    public decimal MarketTco2;
}
