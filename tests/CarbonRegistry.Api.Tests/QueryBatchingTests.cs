using System.Net.Http.Json;
using System.Text.Json;
using CarbonRegistry.Api.Auth;

namespace CarbonRegistry.Api.Tests;

/// <summary>A page of 50 entities with their children and balances costs the same read-model queries as a page of one.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class QueryBatchingTests(ApiServerFixture server)
{
    private const string Page = "query($first: Int) { entities(parentId: \"api-batch-city\", first: $first) { nodes { id children { id } balance(year: 2025) { energyTce } } } }";

    [Fact]
    public async Task A_page_of_entities_with_children_and_balances_is_not_n_plus_one()
    {
        var admin = server.Token(RegistryRoles.Admin);
        await server.RegisterAsync(admin, "api-batch-city", "CITY", "api-prov");
        for (var i = 0; i < 50; i++)
        {
            await server.RegisterAsync(admin, $"api-batch-park-{i:D2}", "PARK", "api-batch-city");
            await server.RegisterAsync(admin, $"api-batch-ent-{i:D2}", "ENTERPRISE", $"api-batch-park-{i:D2}");
        }

        // Warm up: activate the grains (an activation loads its rows once).
        var (_, warm) = await server.PostAsync(admin, Page, new { first = 50 });
        var nodes = warm.RootElement.GetProperty("data").GetProperty("entities").GetProperty("nodes");
        Assert.Equal(50, nodes.GetArrayLength());
        Assert.All(nodes.EnumerateArray(), node => Assert.Equal(1, node.GetProperty("children").GetArrayLength()));
        Assert.Equal("api-batch-ent-07", nodes[7].GetProperty("children")[0].GetProperty("id").GetString());
        await server.PostAsync(admin, Page, new { first = 1 });

        // One query for the page, one for all the children; balances come from the grains' caches.
        Assert.Equal(2, await QueriesForAsync(admin, 50));
        Assert.Equal(2, await QueriesForAsync(admin, 1));
    }

    /// <summary>Read-model queries the request ran: the least of three runs, so background work cannot inflate it.</summary>
    private async Task<long> QueriesForAsync(string token, int first)
    {
        var least = long.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var before = await QueriesAsync();
            var (status, _) = await server.PostAsync(token, Page, new { first });
            Assert.Equal(200, status);

            // The status call itself runs two queries.
            least = Math.Min(least, await QueriesAsync() - before - 2);
        }

        return least;
    }

    private async Task<long> QueriesAsync() =>
        (await server.Http.GetFromJsonAsync<JsonElement>("/api/status")).GetProperty("readModelQueries").GetInt64();
}
