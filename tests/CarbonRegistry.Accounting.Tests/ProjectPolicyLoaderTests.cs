using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Projects;

namespace CarbonRegistry.Accounting.Tests;

/// <summary>The project ledger's rules load from schema/policy as the sources give them, and inconsistent files are refused.</summary>
public sealed class ProjectPolicyLoaderTests
{
    [Fact]
    public void The_shipped_rules_load_with_the_numbers_the_sources_give_and_no_invented_ones()
    {
        var policy = ProjectPolicyLoader.LoadDirectory(ProjectPolicyLoader.DefaultDirectory);

        // The national six sectors (环环评〔2021〕45号) are all there.
        Assert.Superset(new HashSet<string> { "coal_power", "petrochemicals", "chemicals", "iron_steel", "nonferrous", "building_materials" }, policy.Sectors.Keys.ToHashSet());

        // 晋能源规〔2023〕5号: ratio 1.0 ("equal or larger") in the eight Fen-Wei cities, none elsewhere.
        string[] fenWei = ["taiyuan", "yangquan", "changzhi", "jincheng", "jinzhong", "yuncheng", "linfen", "lvliang"];
        Assert.Equal(fenWei.Order(), policy.Ratios.Keys.Order());
        Assert.All(fenWei, city => Assert.Equal(1.0m, policy.RatioFor(city).Ratio));
        Assert.Null(policy.RatioFor("datong").Ratio);
        Assert.Equal("unknown", policy.RatioFor("datong").Status);
        Assert.True(policy.CountsFeedstock);

        // 1310号: national window guidance from 50,000 tce; 1609号: deadlines of at most 3 years.
        Assert.Equal(50_000m, policy.WindowGuidanceTce);
        Assert.Equal(3, policy.RectificationMaxYears);

        // Refused substitute sources are known, and refused.
        Assert.False(policy.SourceKinds["petroleum_coke_or_coke_substitute"].Allowed);
        Assert.False(policy.SourceKinds["non_industrial_13th_fyp"].Allowed);
        Assert.True(policy.SourceKinds["closure"].Allowed);

        // The efficiency table is demo placeholders, said so row by row.
        Assert.All(policy.References.Values, row => Assert.True(row.Demo));
        Assert.Equal(5, policy.Departments.Count);
    }

    [Theory]
    [InlineData("coal-substitution.json", "\"ratio\": 1.0, \"status\": \"verified\", \"note\": \"equal or larger (等量或减量替代)\"", "\"ratio\": 0, \"status\": \"verified\", \"note\": \"x\"", "greater than zero")]
    [InlineData("efficiency-reference.json", "\"baseline\": 135", "\"baseline\": 90", "better than the benchmark")]
    [InlineData("two-high-catalogue.json", "\"parent\": \"chemicals\"", "\"parent\": \"bakeries\"", "not in the catalogue")]
    [InlineData("joint-review.json", "\"code\": \"energy\"", "\"code\": \"development_reform\"", "listed twice")]
    public void An_inconsistent_file_stops_the_load_naming_the_file(string file, string original, string broken, string message)
    {
        var directory = Directory.CreateTempSubdirectory("carbon-policy").FullName;
        try
        {
            foreach (var source in Directory.GetFiles(ProjectPolicyLoader.DefaultDirectory, "*.json"))
            {
                File.Copy(source, Path.Combine(directory, Path.GetFileName(source)));
            }

            var path = Path.Combine(directory, file);
            var text = File.ReadAllText(path);
            Assert.Contains(original, text, StringComparison.Ordinal);
            File.WriteAllText(path, text.Replace(original, broken, StringComparison.Ordinal));

            var error = Assert.Throws<FactorFileException>(() => ProjectPolicyLoader.LoadDirectory(directory));

            Assert.Contains(file, error.Message, StringComparison.Ordinal);
            Assert.Contains(message, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
