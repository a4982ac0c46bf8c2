using CarbonRegistry.Accounting.Errors;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Accounting.Methane;

/// <summary>
/// Coal-mine methane (NDRC 2015 guideline for coal production enterprises): CH4 released to air is
/// an emission at the density of CH4 × GWP; flared CH4 is destroyed at the set's efficiency, its
/// carbon emitted as CO2 (× 44/16) and the unburned rest released; utilised CH4 is not released.
/// </summary>
public static class MethaneAccounting
{
    /// <summary>Computes methane emissions of <paramref name="methane"/>.</summary>
    public static MethaneTotals Compute(CoalMineMethane? methane, FactorSet factors)
    {
        if (methane is null)
        {
            return default;
        }

        var drained = CubicMetres(methane.Drained, "methane.drained");
        var vented = CubicMetres(methane.Vented, "methane.vented");
        var flared = CubicMetres(methane.Flared, "methane.flared");
        var utilised = CubicMetres(methane.Utilised, "methane.utilised");
        if (flared + utilised > drained)
        {
            throw new AccountingException(
                AccountingErrorCode.MethaneBalanceNotValid,
                $"Flared ({flared} m3) and utilised ({utilised} m3) methane cannot exceed the methane drained ({drained} m3).",
                "methane");
        }

        // t per 10^4 m3 → t per m3.
        var density = factors.MethaneDensity.Value / 10_000m;
        var destruction = factors.FlareDestruction.Value;
        var drainedReleased = drained - flared - utilised;
        var flaredTch4 = flared * density;
        var releasedTch4 = (vented + drainedReleased) * density + flaredTch4 * (1m - destruction);
        return new MethaneTotals
        {
            ReleasedTch4 = releasedTch4,
            ReleasedTco2e = releasedTch4 * factors.MethaneGwp.Value,

            // CH4 + 2 O2 → CO2 + 2 H2O: 44 t of CO2 per 16 t of CH4 burned (44/16 = 2.75 exactly).
            FlareCo2Tco2 = flaredTch4 * destruction * 2.75m,
            DrainedM3 = drained,
            UtilisedM3 = utilised,
        };
    }

    private static decimal CubicMetres(Quantity quantity, string field) =>
        quantity.Validated(field).InBaseOf(Measure.Volume, field);
}

/// <summary>Methane figures of a report, all exact.</summary>
public struct MethaneTotals
{
    /// <summary>CH4 released to air, t.</summary>
    public decimal ReleasedTch4;

    /// <summary>Released CH4 × GWP, tCO2e.</summary>
    public decimal ReleasedTco2e;

    /// <summary>CO2 from flared CH4, t.</summary>
    public decimal FlareCo2Tco2;

    /// <summary>CH4 drained, m3.</summary>
    public decimal DrainedM3;

    /// <summary>Drained CH4 put to use, m3.</summary>
    public decimal UtilisedM3;
}
