using System.Text.Json;
using System.Text.Json.Serialization;
using CarbonRegistry.Accounting.Errors;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Accounting.Production;

/// <summary>A main product a report may state.</summary>
/// <param name="Code">Stable code, e.g. <c>coke</c>.</param>
/// <param name="Name">English name.</param>
/// <param name="NameZh">Chinese name.</param>
/// <param name="Sector">The sector of the two-high catalogue it belongs to.</param>
/// <param name="Measure">What it is counted in; it is summed in the base unit of this measure.</param>
public sealed record Product(string Code, string Name, string NameZh, string Sector, Measure Measure)
{
    /// <summary>The unit its sums are in (t for a mass, kWh for electricity).</summary>
    public string Unit => UnitCatalog.Symbol(UnitCatalog.BaseOf(Measure));
}

/// <summary>An amount of one product, in the base unit of its measure.</summary>
/// <param name="Code">Product code.</param>
/// <param name="Quantity">Amount in <see cref="Product.Unit"/>.</param>
public sealed record ProductQuantity(string Code, decimal Quantity);

/// <summary>
/// The main products reports may state, as versioned data (<c>schema/policy/products.json</c>), and
/// the check of a report's product lines against them.
/// </summary>
public sealed class ProductCatalog
{
    /// <summary>The most product lines one report may carry.</summary>
    public const int MaxLines = 20;

    private readonly Dictionary<string, Product> _byCode;

    /// <summary>Creates a catalogue of <paramref name="products"/> (codes unique).</summary>
    public ProductCatalog(string id, string source, IEnumerable<Product> products)
    {
        Id = id;
        Source = source;
        _byCode = products.ToDictionary(p => p.Code, StringComparer.Ordinal);
    }

    /// <summary>The catalogue's version.</summary>
    public string Id { get; }

    /// <summary>Where the list comes from.</summary>
    public string Source { get; }

    /// <summary>Every product, by code.</summary>
    public IEnumerable<Product> All => _byCode.Values.OrderBy(p => p.Code, StringComparer.Ordinal);

    /// <summary>The product with <paramref name="code"/>, or null.</summary>
    public Product? Find(string code) => _byCode.GetValueOrDefault(code);

    /// <summary>
    /// Checks a report's product lines and gives each in its product's base unit: a known code
    /// (<see cref="AccountingErrorCode.UnknownProduct"/>), once per report
    /// (<see cref="AccountingErrorCode.DuplicateProduct"/>), a unit of the product's measure and an
    /// amount greater than zero (a product stated with no output would make its per-unit figure
    /// infinite). <paramref name="field"/> names the list in errors.
    /// </summary>
    public IReadOnlyList<ProductQuantity> Check(IReadOnlyList<(string Code, Quantity Quantity)> lines, string field = "products")
    {
        if (lines.Count > MaxLines)
        {
            throw new AccountingException(AccountingErrorCode.InvalidQuantity, $"At most {MaxLines} product lines per report.", field);
        }

        var result = new List<ProductQuantity>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var (code, quantity) = lines[i];
            var at = $"{field}[{i}]";
            var product = Find(code?.Trim() ?? "")
                ?? throw new AccountingException(AccountingErrorCode.UnknownProduct, $"Unknown product '{code}'. Known products: {string.Join(", ", _byCode.Keys.Order(StringComparer.Ordinal))}.", $"{at}.code");
            if (result.Any(r => r.Code == product.Code))
            {
                throw new AccountingException(AccountingErrorCode.DuplicateProduct, $"Product '{product.Code}' is stated twice; state each product once with its whole output.", $"{at}.code");
            }

            var amount = quantity.Validated($"{at}.quantity").InBaseOf(product.Measure, $"{at}.quantity.unit");
            if (amount <= 0m)
            {
                throw new AccountingException(AccountingErrorCode.InvalidQuantity, $"The output of '{product.Code}', when stated, must be greater than zero.", $"{at}.quantity");
            }

            result.Add(new ProductQuantity(product.Code, amount));
        }

        return result;
    }

    /// <summary>Loads <c>products.json</c> of <paramref name="directory"/>; a malformed file or a repeated code stops the load naming it.</summary>
    public static ProductCatalog Load(string directory)
    {
        const string File = "products.json";
        ProductFile file;
        try
        {
            file = JsonSerializer.Deserialize<ProductFile>(System.IO.File.ReadAllText(Path.Combine(directory, File)), s_json)
                ?? throw new FactorFileException(File, "(file)", "the file is empty");
        }
        catch (Exception error) when (error is JsonException or IOException)
        {
            throw new FactorFileException(File, "(file)", error.Message);
        }

        foreach (var group in file.Products.GroupBy(p => p.Code, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            throw new FactorFileException(File, group.Key, "a product code appears more than once");
        }

        foreach (var product in file.Products.Where(p => p.Measure is not (Measure.Mass or Measure.Volume or Measure.Electricity or Measure.Heat)))
        {
            throw new FactorFileException(File, product.Code, $"a product is counted in mass, volume, electricity or heat, not {product.Measure}");
        }

        return new ProductCatalog(file.Id, file.Source, file.Products);
    }

    private sealed record ProductFile(string Id, string Source, IReadOnlyList<Product> Products);

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        Converters = { new JsonStringEnumConverter() },
    };
}
