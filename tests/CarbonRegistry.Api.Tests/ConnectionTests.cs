using System.Text.Json;
using CarbonRegistry.Api.Auth;

namespace CarbonRegistry.Api.Tests;

/// <summary>Relay connections (edges with cursors, totalCount) and paginated children and ranking.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class ConnectionTests(ApiServerFixture server)
{
    [Fact]
    public async Task Listings_have_edges_with_cursors_and_a_total_count_and_children_and_ranking_page_with_them()
    {
        var admin = server.Token(RegistryRoles.Admin);
        await server.RegisterAsync(admin, "cx-city", "CITY", "api-prov");
        foreach (var mine in new[] { "cx-mine-1", "cx-mine-2", "cx-mine-3" })
        {
            await server.RegisterAsync(admin, mine, "MINE", "cx-city");
        }

        // entities: a page of two, then the rest after the last edge's cursor.
        const string Page = "query($after: String) { entities(parentId: \"cx-city\", first: 2, after: $after) { totalCount edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }";
        var first = await DataAsync(Page, new { after = (string?)null });
        var connection = first.GetProperty("entities");
        Assert.Equal(3, connection.GetProperty("totalCount").GetInt32());
        Assert.Equal(["cx-mine-1", "cx-mine-2"], connection.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("id").GetString()));
        var lastCursor = connection.GetProperty("edges")[1].GetProperty("cursor").GetString();
        Assert.Equal(connection.GetProperty("pageInfo").GetProperty("endCursor").GetString(), lastCursor);
        var rest = (await DataAsync(Page, new { after = lastCursor })).GetProperty("entities");
        Assert.Equal(["cx-mine-3"], rest.GetProperty("edges").EnumerateArray().Select(e => e.GetProperty("node").GetProperty("id").GetString()));
        Assert.False(rest.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean());

        // children: the same cursors.
        var children = await DataAsync("query($after: String) { entity(id: \"cx-city\") { children(first: 1, after: $after) { id } } }", new { after = lastCursor });
        Assert.Equal(["cx-mine-3"], children.GetProperty("entity").GetProperty("children").EnumerateArray().Select(c => c.GetProperty("id").GetString()));

        // history: every event counted, edges with the cursors history takes.
        await server.SubmitAsync(admin, "cx-mine-1", 2021, 2, "cx-history-1");
        var history = (await DataAsync("{ entity(id: \"cx-mine-1\") { history(first: 1) { totalCount edges { cursor node { type } } } all: history(first: 100) { nodes { type } } } }", new { })).GetProperty("entity");
        Assert.Equal((2, 2), (history.GetProperty("history").GetProperty("totalCount").GetInt32(), history.GetProperty("all").GetProperty("nodes").GetArrayLength()));
        Assert.Equal("EntityRegistered", history.GetProperty("history").GetProperty("edges")[0].GetProperty("node").GetProperty("type").GetString());

        // ranking: two rows, then the next two after the second's cursor, as one call of four gives them.
        for (var m = 1; m <= 3; m++)
        {
            await server.SubmitAsync(admin, $"cx-mine-{m}", 2021, 3, $"cx-rank-{m}");
        }

        const string Ranking = "query($first: Int!, $after: String) { ranking(year: 2021, metric: GROSS_TCO2E, kind: MINE, first: $first, after: $after) { rank cursor entity { id } } }";
        var four = (await DataAsync(Ranking, new { first = 4, after = (string?)null })).GetProperty("ranking").EnumerateArray().Select(r => (r.GetProperty("rank").GetInt32(), r.GetProperty("entity").GetProperty("id").GetString())).ToList();
        var two = (await DataAsync(Ranking, new { first = 2, after = (string?)null })).GetProperty("ranking");
        var next = (await DataAsync(Ranking, new { first = 2, after = two[1].GetProperty("cursor").GetString() })).GetProperty("ranking");
        Assert.Equal(four, two.EnumerateArray().Concat(next.EnumerateArray()).Select(r => (r.GetProperty("rank").GetInt32(), r.GetProperty("entity").GetProperty("id").GetString())).ToList());
        Assert.True(four.Count >= 3);
    }

    private async Task<JsonElement> DataAsync(string query, object variables)
    {
        var (_, json) = await server.PostAsync(server.Token(RegistryRoles.Provincial), query, variables);
        Assert.False(json.RootElement.TryGetProperty("errors", out var errors), errors.ToString());
        return json.RootElement.GetProperty("data").Clone();
    }
}
