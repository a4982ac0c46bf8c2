using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Queries;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Production;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;

namespace CarbonRegistry.Api.Schema;

public sealed class ProductInputType : InputObjectGraphType<ProductLine>
{
    public ProductInputType()
    {
        Name = "ProductInput";
        Description = "A main product of the month: its code (see the products query) and output, in a unit of the product's measure.";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Product code (Query.products).");
        Field<NonNullGraphType<QuantityInputType>>("quantity").Description("The month's output, in a unit of the product's measure.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) =>
        new ProductLine((string)value["code"]!, (QuantityInput)value["quantity"]!);
}

public sealed class ProductType : ObjectGraphType<Product>
{
    public ProductType()
    {
        Name = "Product";
        Description = "A main product reports may state (schema/policy/products.json).";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Stable code.").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Description("English name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameZh").Description("Chinese name.").Resolve(c => c.Source.NameZh);
        Field<NonNullGraphType<StringGraphType>>("sector").Description("Its sector in the two-high catalogue.").Resolve(c => c.Source.Sector);
        Field<NonNullGraphType<StringGraphType>>("measure").Description("What it is counted in (Mass, Electricity, …); any unit of this measure is accepted.").Resolve(c => c.Source.Measure.ToString());
        Field<NonNullGraphType<StringGraphType>>("unit").Description("The unit its sums are given in.").Resolve(c => c.Source.Unit);
    }
}

public sealed class ProductionType : ObjectGraphType<ProductionView>
{
    public ProductionType()
    {
        Name = "Production";
        Description = "One product's output in a year over the entity and everything under it, and its CO2 per unit, recomputed from sums. Emissions count towards a product only in months whose report states that product alone; output stated beside other products is in quantity but not in the per-unit figure, as the rules give no allocation.";
        Field<NonNullGraphType<StringGraphType>>("code").Description("Product code (Query.products).").Resolve(c => c.Source.Code);
        Field<NonNullGraphType<StringGraphType>>("name").Description("English name.").Resolve(c => c.Source.Name);
        Field<NonNullGraphType<StringGraphType>>("nameZh").Description("Chinese name.").Resolve(c => c.Source.NameZh);
        Field<NonNullGraphType<StringGraphType>>("unit").Description("The unit of the quantities: the base unit of the product's measure.").Resolve(c => c.Source.Unit);
        Field<NonNullGraphType<DecimalGraphType>>("quantity").Description("All output stated.").Resolve(c => c.Source.Quantity);
        Field<NonNullGraphType<DecimalGraphType>>("attributedQuantity").Description("Output of months that stated this product alone.").Resolve(c => c.Source.AttributedQuantity);
        Field<NonNullGraphType<DecimalGraphType>>("unattributedQuantity").Description("Output stated beside other products.").Resolve(c => c.Source.Quantity - c.Source.AttributedQuantity);
        Field<NonNullGraphType<DecimalGraphType>>("attributedTco2e").Description("Gross emissions (scope 1 + location-based scope 2) of the attributed months, tCO2e.").Resolve(c => c.Source.AttributedTco2e);
        Field<DecimalGraphType>("tco2ePerUnit").Description("attributedTco2e ÷ attributedQuantity; null when no month stated the product alone.").Resolve(c => c.Source.Tco2ePerUnit);
        Field<NonNullGraphType<IntGraphType>>("reporters").Description("How many bodies stated the product.").Resolve(c => c.Source.Reporters);
    }
}

/// <summary>The product catalogue and an entity's production.</summary>
internal static class ProductionFields
{
    public static void AddQueries(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductType>>>>("products")
            .Description("The main products a report may state.")
            .Resolve(c => c.RequestServices!.GetRequiredService<ProductCatalog>().All.ToList());

    public static void AddEntityFields(ObjectGraphType<EntityRegistration> entity) =>
        entity.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductionType>>>>("production")
            .Description("What the entity and everything under it produced in the year, per product, with CO2 per unit of product.")
            .Argument<NonNullGraphType<IntGraphType>>("year")
            .ResolveAsync(async c =>
            {
                await Resolvers.Caller(c).RequireReadAsync(c.Source.Id);
                return await Resolvers.Guard(() => Resolvers.Queries(c).GetProduction(c.Source.Id, c.GetArgument<int>("year")));
            });
}
