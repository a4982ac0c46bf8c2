using CarbonRegistry.Api.Schema;
using CarbonRegistry.Testing;
using GraphQL;
using GraphQL.Types;

namespace CarbonRegistry.Api.Tests;

/// <summary>The served schema is checked in, so every API change shows in review.</summary>
public sealed class SchemaFileTests
{
    [Fact]
    public void The_checked_in_schema_is_the_served_schema()
    {
        var schema = new RegistrySchema();
        schema.Initialize();
        var served = schema.Print().ReplaceLineEndings("\n").TrimEnd() + "\n";
        var file = Path.Combine(ServerProcess.RepositoryRoot(), "schema", "graphql", "schema.graphql");

        if (Environment.GetEnvironmentVariable("CARBON_UPDATE_SCHEMA") == "1")
        {
            File.WriteAllText(file, served);
        }

        Assert.True(File.Exists(file), $"{file} is missing: run the tests once with CARBON_UPDATE_SCHEMA=1 and commit it.");
        Assert.True(
            served == File.ReadAllText(file).ReplaceLineEndings("\n"),
            "schema/graphql/schema.graphql differs from the served schema. If the change is intended, run the tests with CARBON_UPDATE_SCHEMA=1 and commit the file.");
    }

    /// <summary>The document cache skips the complexity check of a document whose variables cannot change it, which holds for the default field impact only.</summary>
    [Fact]
    public void Every_field_has_the_default_complexity_impact()
    {
        var schema = new RegistrySchema();
        schema.Initialize();

        var custom = schema.AllTypes.OfType<IComplexGraphType>()
            .SelectMany(type => type.Fields.Select(field => (Type: type, Field: field)))
            .Where(pair => pair.Field.GetComplexityImpactDelegate() is not null)
            .Select(pair => $"{pair.Type.Name}.{pair.Field.Name}");

        // GraphQL.NET's introspection sizes these two lists by the schema's own type and directive counts.
        Assert.Equal(["__Schema.types", "__Schema.directives"], custom);
    }
}
