using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Accounting.Errors;
using CarbonRegistry.Accounting.Factors;

namespace CarbonRegistry.Grains.Mapping;

/// <summary>The check a recalculation makes of the factor set it is asked for, the same for one entity and for a job.</summary>
public static class FactorSets
{
    /// <summary>The set <paramref name="factorSetId"/>, which must cover <paramref name="year"/>; refused with the catalogue's code or <c>FACTOR_NOT_AVAILABLE</c>, naming <paramref name="field"/>.</summary>
    public static FactorSet RequireCovering(FactorSetCatalog catalog, string factorSetId, int year, string field)
    {
        FactorSet set;
        try
        {
            set = catalog.Get(factorSetId);
        }
        catch (AccountingException error)
        {
            throw new RegistryException(error.Code, error.Message, field);
        }

        return set.Covers(year)
            ? set
            : throw new RegistryException(AccountingErrorCode.FactorNotAvailable, $"Factor set {factorSetId} covers {set.FromYear}–{set.ToYear}, not {year}.", field);
    }
}
