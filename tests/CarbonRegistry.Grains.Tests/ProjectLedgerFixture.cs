using System.Text.Json.Nodes;
using CarbonRegistry.Abstractions.Projects;

namespace CarbonRegistry.Grains.Tests;

/// <summary>
/// A committed project ledger (<c>Fixtures/ledger-projects-2026-12-07.json</c>): every project and
/// substitution-source event as the first build of the project ledger wrote them, and a summary
/// of the project they build. A build must read every event and come to the same summary.
/// </summary>
internal static class ProjectLedgerFixture
{
    public const string Name = "ledger-projects-2026-12-07.json";

    /// <summary>What a project view holds, in names of this test's own.</summary>
    public static JsonObject Summary(ProjectView view) => new()
    {
        ["stage"] = view.Stage.ToString(),
        ["cityId"] = view.CityId,
        ["energyTce"] = view.Figures.EnergyTce,
        ["coalFuelTonnes"] = view.Figures.CoalFuelTonnes,
        ["coalFeedstockTonnes"] = view.Figures.CoalFeedstockTonnes,
        ["co2Tco2e"] = view.Figures.Co2Tco2e,
        ["factorSetId"] = view.Figures.FactorSetId,
        ["rounds"] = new JsonArray([.. view.Rounds.Select(r => (JsonNode)new JsonObject { ["status"] = r.Status.ToString(), ["signOffs"] = r.SignOffs.Count })]),
        ["disposal"] = view.Disposal?.Category,
        ["requiredTonnes"] = view.Substitution.RequiredTonnes,
        ["verifiedTonnes"] = view.Substitution.VerifiedTonnes,
        ["sources"] = new JsonArray([.. view.Substitution.Sources.Select(s => (JsonNode)new JsonObject { ["id"] = s.Source.Id, ["status"] = s.Status.ToString() })]),
        ["version"] = view.Version,
    };
}
