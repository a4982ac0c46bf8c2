using System.Net.Http.Json;
using System.Text.Json;
using CarbonRegistry.Server.Demo;
using CarbonRegistry.Testing;

namespace CarbonRegistry.Registry.Tests;

/// <summary>The embedded default as the README starts it: demo data on first start, kept across a restart.</summary>
public sealed class DemoDataTests
{
    [Fact]
    public async Task Demo_data_is_loaded_on_first_start_stops_cleanly_and_survives_a_restart_without_reseeding()
    {
        using var directory = new TemporaryDirectory("carbon-demo");
        var environment = new Dictionary<string, string> { ["Storage__SqlitePath"] = Path.Combine(directory.Path, "registry.db") };
        JsonElement first;
        await using (var server = await ServerProcess.StartAsync(environment, directory.Path))
        {
            first = await StatusAsync(server);
            Assert.Contains("Demo data loaded", server.Output, StringComparison.Ordinal);

            // Stopped as Ctrl+C or Kubernetes stops it: quietly, without errors about the snapshots
            // that in-memory storage would lose anyway.
            Assert.Equal(0, await server.TerminateAsync(TimeSpan.FromSeconds(60)));
            Assert.DoesNotContain("fail:", server.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("not written", server.Output, StringComparison.Ordinal);
        }

        var entities = ShanxiDemo.Entities();
        Assert.Equal(entities.Count, first.GetProperty("entities").GetInt32());

        // Registrations, 24 months of every reporting body, two years of targets for every city, zone
        // and the province, the 2020 baselines of the mines and zero-carbon zones, the demo
        // projects' steps, the zero-carbon park's entered guiding indicators and the 2025 assessment
        // (a judgement per city and zone, one publication) and the 2025 carbon budgets (the province
        // and each city).
        var reporting = entities.Count(ShanxiDemo.Reports);
        var targeted = entities.Count(e => e.Kind is Abstractions.Entities.EntityKind.City or Abstractions.Entities.EntityKind.Zone or Abstractions.Entities.EntityKind.Province);
        Assert.Equal(entities.Count + (reporting * ShanxiDemo.Months) + (targeted * 2) + entities.Count(ShanxiDemo.HasBaseline) + DemoProjects.LedgerEvents + DemoProgrammes.LedgerEvents + DemoAssessment.LedgerEvents(entities) + DemoBudgets.LedgerEvents(entities), first.GetProperty("lastSequence").GetInt64());
        Assert.Contains(entities, e => e.Id == "tashan-mine");
        Assert.Equal(11, entities.Count(e => e.Kind == Abstractions.Entities.EntityKind.City));

        await using var restarted = await ServerProcess.StartAsync(environment, directory.Path);
        var second = await StatusAsync(restarted);
        Assert.Equal(first.GetProperty("lastSequence").GetInt64(), second.GetProperty("lastSequence").GetInt64());
        Assert.DoesNotContain("Demo data loaded", restarted.Output, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> StatusAsync(ServerProcess server)
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        return await http.GetFromJsonAsync<JsonElement>("/api/status");
    }
}
