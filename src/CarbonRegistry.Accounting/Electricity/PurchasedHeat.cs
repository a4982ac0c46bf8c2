using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Accounting.Electricity;

/// <summary>Purchased heat: energy at 0.03412 kgce/MJ (GB/T 2589) and scope 2 CO2 at the set's factor per GJ.</summary>
public static class PurchasedHeat
{
    /// <summary>Returns (tce, tCO2) of <paramref name="heat"/>.</summary>
    public static (decimal Tce, decimal Tco2) Compute(Quantity? heat, FactorSet factors)
    {
        if (heat is not { } q)
        {
            return (0m, 0m);
        }

        var gigajoules = q.Validated("purchasedHeat").InBaseOf(Measure.Heat, "purchasedHeat");

        // kgce/MJ × 1000 MJ/GJ / 1000 kg/t = tce per GJ, numerically the same value.
        return (gigajoules * factors.HeatStandardCoal.Value, gigajoules * factors.HeatEmissionFactor.Value);
    }
}
