using System.Text.Json;
using CarbonRegistry.Testing;
using Npgsql;

namespace CarbonRegistry.Registry.Tests;

/// <summary>
/// Coal substitution claims are exclusive across a cluster: three server processes in one Orleans
/// cluster on PostgreSQL, each asked at the same moment to add the same source to a different
/// project's plan, end with exactly one plan holding it, and one claim in the ledger.
/// </summary>
[Collection(ServerProcessesCollection.Name)]
public sealed class ProjectClusterTests
{
    private const int Sources = 8;
    private const string AddSource = "mutation($p: ID!, $s: SubstitutionSourceInput!) { addSubstitutionSource(projectId: $p, source: $s) { version } }";

    [Fact]
    public async Task Plans_on_three_silos_racing_for_one_source_end_with_exactly_one_owner()
    {
        var connectionString = PostgresServer.CreateDatabase("projects");
        var (environment, token) = RegistryHttp.ServerSettings(connectionString, "project-race");
        using var directory = new TemporaryDirectory("carbon-projects");
        var servers = new List<ServerProcess> { await ServerProcess.StartAsync(environment, directory.Path) };
        servers.AddRange(await Task.WhenAll(ServerProcess.StartAsync(environment, directory.Path), ServerProcess.StartAsync(environment, directory.Path)));
        try
        {
            await Poll.UntilAsync(async () => await CountAsync(connectionString, "SELECT count(*) FROM orleansmembershiptable WHERE status = 3") == 3, TimeSpan.FromSeconds(60), "three active silos");
            var clients = servers.Select(server => RegistryHttp.Client(server, token)).ToList();
            await RegistryHttp.RegisterTreeAsync(clients[0], "pr-prov", "linfen", "pr-mine", 0);
            for (var silo = 0; silo < clients.Count; silo++)
            {
                await RegistryHttp.PostAsync(clients[silo], "mutation($input: RegisterProjectInput!) { registerProject(input: $input) { id } }", new
                {
                    input = new
                    {
                        id = $"pr-plan-{silo}",
                        siteEntityId = "linfen",
                        name = $"Plan {silo}",
                        nameZh = $"项目{silo}",
                        sector = "coking",
                        industryCode = "2521",
                        plannedStartYear = 2026,
                        annualUse = new { fuels = new[] { new { carrier = "raw_coal", quantity = 10_000, unit = "t" } } },
                    },
                });
            }

            for (var s = 0; s < Sources; s++)
            {
                // Each silo adds the source to its own plan; each plan's grain (and so the call to
                // the source's grain) may live on any silo.
                var source = new { id = $"pr-source-{s}", kind = "closure", originEntityId = "linfen", tonnes = 100, achieved = true, evidence = $"order {s}" };
                using var start = new SemaphoreSlim(0);
                var attempts = clients.Select((client, silo) => Task.Run(async () =>
                {
                    await start.WaitAsync();
                    using var response = await client.PostAsync("/graphql", new StringContent(JsonSerializer.Serialize(new { query = AddSource, variables = new { p = $"pr-plan-{silo}", s = source } }), System.Text.Encoding.UTF8, "application/json"));
                    var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                    return json.TryGetProperty("errors", out var errors) ? errors[0].GetProperty("extensions").GetProperty("code").GetString() : null;
                })).ToList();
                start.Release(clients.Count);
                var codes = await Task.WhenAll(attempts);

                Assert.True(codes.Count(code => code is null) == 1, $"source {s}: {string.Join(", ", codes.Select(c => c ?? "ok"))}");
                Assert.All(codes.Where(code => code is not null), code => Assert.Equal("SOURCE_ALREADY_CLAIMED", code));
                Assert.Equal(1L, await CountAsync(connectionString, $"SELECT count(*) FROM ledger WHERE entity_id = 'source:pr-source-{s}' AND type = 'SourceClaimed'"));
                Assert.Equal(1L, await CountAsync(connectionString, $"SELECT count(*) FROM ledger WHERE entity_id LIKE 'project:pr-plan-%' AND type = 'SubstitutionSourceAdded' AND payload -> 'source' ->> 'id' = 'pr-source-{s}'"));
            }
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
