using CarbonRegistry.Accounting.Factors;

namespace CarbonRegistry.Accounting.Tests;

/// <summary>The factor sets shipped in schema/factors, loaded once for the test run.</summary>
internal static class Shipped
{
    private static readonly Lazy<FactorSetCatalog> s_catalog = new(() => FactorSetLoader.LoadDirectory(FactorSetLoader.DefaultDirectory));

    public static FactorSetCatalog Catalog => s_catalog.Value;
}
