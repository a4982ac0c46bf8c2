namespace CarbonRegistry.Accounting.Production;

/// <summary>What one body stated it produced in one month, beside that month's own emissions.</summary>
/// <param name="EntityId">The body.</param>
/// <param name="Month">Month 1–12.</param>
/// <param name="Products">Its product lines, in base units.</param>
/// <param name="GrossTco2e">The month's own gross emissions (scope 1 + location-based scope 2), tCO2e.</param>
public sealed record ProductionMonth(string EntityId, int Month, IReadOnlyList<ProductQuantity> Products, decimal GrossTco2e);

/// <summary>
/// One product's output over a body or subtree and its CO2 per unit. Emissions belong to a product
/// only in months whose report states that product alone: the rules give no way to split one
/// body's emissions between several products, so output stated beside other products is counted
/// in <see cref="Quantity"/> but not in the per-unit figure (<see cref="UnattributedQuantity"/>).
/// </summary>
/// <param name="Code">Product code.</param>
/// <param name="Quantity">All output stated, base unit of the product.</param>
/// <param name="AttributedQuantity">Output of months that stated this product alone.</param>
/// <param name="AttributedTco2e">The gross emissions of those months.</param>
/// <param name="Reporters">How many bodies stated the product.</param>
public sealed record ProductFigure(string Code, decimal Quantity, decimal AttributedQuantity, decimal AttributedTco2e, int Reporters)
{
    /// <summary>Output stated beside other products, outside the per-unit figure.</summary>
    public decimal UnattributedQuantity => Quantity - AttributedQuantity;

    /// <summary>tCO2e per unit of product: attributed emissions ÷ attributed output, from sums; null when no month stated the product alone.</summary>
    public decimal? Tco2ePerUnit => AttributedQuantity > 0m ? AttributedTco2e / AttributedQuantity : null;
}

/// <summary>Sums product output and the emissions behind it, never averaging per-unit figures.</summary>
public static class ProductionFigures
{
    /// <summary>The figure of each product stated in <paramref name="months"/>, by code.</summary>
    public static IReadOnlyList<ProductFigure> Sum(IEnumerable<ProductionMonth> months)
    {
        var sums = new SortedDictionary<string, Sums>(StringComparer.Ordinal);
        foreach (var month in months)
        {
            var alone = month.Products.Count == 1;
            foreach (var line in month.Products)
            {
                if (!sums.TryGetValue(line.Code, out var sum))
                {
                    sums[line.Code] = sum = new Sums();
                }

                sum.Quantity += line.Quantity;
                sum.Reporters.Add(month.EntityId);
                if (alone)
                {
                    sum.Attributed += line.Quantity;
                    sum.Tco2e += month.GrossTco2e;
                }
            }
        }

        return [.. sums.Select(s => new ProductFigure(s.Key, s.Value.Quantity, s.Value.Attributed, s.Value.Tco2e, s.Value.Reporters.Count))];
    }

    private sealed class Sums
    {
        public decimal Quantity { get; set; }

        public decimal Attributed { get; set; }

        public decimal Tco2e { get; set; }

        public HashSet<string> Reporters { get; } = new(StringComparer.Ordinal);
    }
}
