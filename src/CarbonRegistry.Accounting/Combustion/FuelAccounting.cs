using CarbonRegistry.Accounting.Errors;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Reports;

namespace CarbonRegistry.Accounting.Combustion;

/// <summary>
/// Energy (GB/T 2589 standard-coal coefficients) and oxidised carbon (GB/T 32150 / IPCC 2006:
/// activity × NCV × carbon content × oxidation) of the fuel lines of a report.
/// </summary>
public static class FuelAccounting
{
    /// <summary>Adds up every fuel line of <paramref name="fuels"/> under <paramref name="factors"/>.</summary>
    public static FuelTotals Compute(IReadOnlyList<FuelConsumption> fuels, FactorSet factors)
    {
        var totals = default(FuelTotals);
        for (var i = 0; i < fuels.Count; i++)
        {
            try
            {
                Add(ref totals, fuels[i], factors);
            }
            catch (AccountingException error) when (error.Field is not null)
            {
                // Field paths are built only when something is wrong: the happy path allocates none.
                throw new AccountingException(error.Code, error.Message, $"fuels[{i}].{error.Field}");
            }
        }

        return totals;
    }

    private static void Add(ref FuelTotals totals, FuelConsumption fuel, FactorSet factors)
    {
        var carrier = factors.Carrier(fuel.Carrier, "carrier");
        var amount = fuel.Quantity.Validated("quantity").InBaseOf(carrier.Measure, "quantity");
        CheckUse(fuel.Use, carrier);

        var tce = amount * carrier.TcePerBaseUnit;
        var carbon = amount * carrier.CarbonPerBaseUnit;
        switch (fuel.Use)
        {
            case FuelUse.Combustion:
                totals.CombustionTce += tce;
                totals.CombustionCarbonTc += carbon;
                break;
            case FuelUse.Feedstock:
                // Feedstock is transformed, not burned: energy counts (and is deducted), CO2 does not.
                totals.FeedstockTce += tce;
                break;
            case FuelUse.Biomass:
                totals.BiomassTce += tce;
                totals.BiomassCarbonTc += carbon;
                break;
            default:
                throw new AccountingException(AccountingErrorCode.CarrierUseNotValid, $"Unknown fuel use {fuel.Use}.", "use");
        }

        if (carrier.Clean)
        {
            totals.CleanTce += tce;
        }
    }

    private static void CheckUse(FuelUse use, Carrier carrier)
    {
        var biomassUse = use == FuelUse.Biomass;
        var biomassCarrier = carrier.Kind == CarrierKind.Biomass;
        if (biomassUse != biomassCarrier)
        {
            throw new AccountingException(
                AccountingErrorCode.CarrierUseNotValid,
                biomassCarrier
                    ? $"Carrier '{carrier.Code}' is biomass: report it with use BIOMASS."
                    : $"Carrier '{carrier.Code}' is fossil: use BIOMASS is only for biomass carriers.",
                "use");
        }
    }
}

/// <summary>Fuel totals of a report, all exact.</summary>
public struct FuelTotals
{
    /// <summary>Fossil fuels burned, tce.</summary>
    public decimal CombustionTce;

    /// <summary>Fossil fuels used as feedstock, tce.</summary>
    public decimal FeedstockTce;

    /// <summary>Biomass burned, tce.</summary>
    public decimal BiomassTce;

    /// <summary>Fuels flagged clean, tce.</summary>
    public decimal CleanTce;

    /// <summary>Carbon oxidised from fossil fuels, tC.</summary>
    public decimal CombustionCarbonTc;

    /// <summary>Carbon oxidised from biomass, tC.</summary>
    public decimal BiomassCarbonTc;
}
