namespace CarbonRegistry.Api.Tests;

/// <summary>Requests of the project ledger used by several API tests.</summary>
internal static class ProjectTestData
{
    public const string RegisterMutation = "mutation($input: RegisterProjectInput!) { registerProject(input: $input) { id version } }";

    /// <summary>The departments of the joint review (schema/policy/joint-review.json).</summary>
    public static readonly string[] Departments = ["development_reform", "industry_it", "ecology_environment", "energy", "natural_resources"];

    public const string AddSourceMutation = "mutation($p: ID!, $s: SubstitutionSourceInput!) { addSubstitutionSource(projectId: $p, source: $s) { version } }";

    /// <summary>A proposed coking project burning <paramref name="coalTonnes"/> t of raw coal a year at <paramref name="site"/>.</summary>
    public static object Registration(string id, string site, decimal coalTonnes = 1_000m) => new
    {
        id,
        siteEntityId = site,
        name = $"Project {id}",
        nameZh = $"项目 {id}",
        sector = "coking",
        industryCode = "2521",
        plannedStartYear = 2026,
        annualUse = new { fuels = new[] { new { carrier = "raw_coal", quantity = coalTonnes, unit = "t" } } },
    };

    /// <summary>An achieved closure of <paramref name="tonnes"/> t a year.</summary>
    public static object Source(string id, decimal tonnes) => new
    {
        id,
        kind = "closure",
        originEntityId = "api-city",
        tonnes,
        achieved = true,
        evidence = $"closure order {id}",
    };
}
