using GraphQL;
using GraphQL.Types;

namespace CarbonRegistry.Api.Schema;

/// <summary>The public schema. Its SDL is checked in as schema/graphql/schema.graphql; a test fails when they differ.</summary>
public sealed class RegistrySchema : GraphQL.Types.Schema
{
    /// <summary>Graph types are plain classes with parameterless constructors, created by GraphQL.NET's activator.</summary>
    public RegistrySchema()
        : base(new GraphQL.DefaultServiceProvider())
    {
        Query = new QueryType();
        Mutation = new MutationType();
        Subscription = new SubscriptionType();
        Description = "Carbon Registry: energy and carbon balances of Shanxi's pilot zones, parks, mines and enterprises.";
        RegisterTypeMapping(typeof(decimal), typeof(DecimalGraphType));
        this.ReplaceScalar(new ExactDecimalGraphType()); // In place of the built-in Decimal, under its name.

        // GraphQL tools start with the standard introspection query, which the complexity limit
        // would refuse; introspection fields cost nothing, while the depth and document limits
        // still hold.
        this.WithIntrospectionComplexityImpact(0);
    }
}
