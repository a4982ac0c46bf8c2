using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Api.Http;
using CarbonRegistry.Testing;
using Microsoft.IdentityModel.Tokens;

namespace CarbonRegistry.Api.Tests;

/// <summary>A server that runs persisted documents only: documents by id run, anything else is refused.</summary>
public sealed class PersistedDocumentTests
{
    private const string Units = "query Units { units { symbol } }";

    [Fact]
    public async Task With_an_allow_list_only_persisted_documents_run_by_their_id_over_post_and_get()
    {
        using var directory = new TemporaryDirectory("carbon-persisted");
        var key = RandomNumberGenerator.GetBytes(32);
        var file = Path.Combine(directory.Path, "documents.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new Dictionary<string, string> { [PersistedDocuments.IdOf(Units)] = Units }));
        await using var server = await ServerProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["Storage__SqlitePath"] = Path.Combine(directory.Path, "registry.db"),
                ["Demo__Seed"] = "false",
                ["Auth__SigningKey"] = Convert.ToBase64String(key),
                ["GraphQL__PersistedDocuments"] = file,
                ["GraphQL__OnlyPersistedDocuments"] = "true",
            },
            directory.Path);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TokenIssuer.Issue(new SymmetricSecurityKey(key), "persisted", RegistryRoles.Dashboard, [], TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow));
        var id = PersistedDocuments.IdOf(Units);

        var (status, json) = await PostAsync(http, new { documentId = id });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(json.RootElement.GetProperty("data").GetProperty("units").EnumerateArray(), u => u.GetProperty("symbol").GetString() == "tce");

        using var get = await http.GetAsync($"/graphql?documentId={Uri.EscapeDataString(id)}");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.True(JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement.GetProperty("data").TryGetProperty("units", out _));

        Assert.Equal((HttpStatusCode.BadRequest, "PERSISTED_DOCUMENT_REQUIRED"), Code(await PostAsync(http, new { query = Units })));
        Assert.Equal((HttpStatusCode.NotFound, "PERSISTED_DOCUMENT_NOT_FOUND"), Code(await PostAsync(http, new { documentId = PersistedDocuments.IdOf("{ units { measure } }") })));
        Assert.Equal((HttpStatusCode.BadRequest, "INVALID_DOCUMENT_ID"), Code(await PostAsync(http, new { documentId = "md5:abc" })));
        Assert.Equal((HttpStatusCode.BadRequest, "BAD_REQUEST"), Code(await PostAsync(http, new { documentId = id, query = Units })));
    }

    [Fact]
    public void An_allow_list_whose_id_is_not_its_documents_hash_is_not_loaded()
    {
        using var directory = new TemporaryDirectory("carbon-persisted-bad");
        var file = Path.Combine(directory.Path, "documents.json");
        File.WriteAllText(file, JsonSerializer.Serialize(new Dictionary<string, string> { [PersistedDocuments.IdOf("{ units { symbol } }")] = Units }));

        var error = Assert.Throws<InvalidOperationException>(() => PersistedDocuments.Load(new GraphQLHttpOptions { PersistedDocuments = file }));

        Assert.Contains("is not the id of its document", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => PersistedDocuments.Load(new GraphQLHttpOptions { OnlyPersistedDocuments = true }));
    }

    private static async Task<(HttpStatusCode Status, JsonDocument Json)> PostAsync(HttpClient http, object body)
    {
        using var response = await http.PostAsync("/graphql", new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    private static (HttpStatusCode, string?) Code((HttpStatusCode Status, JsonDocument Json) answer) =>
        (answer.Status, answer.Json.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
}
