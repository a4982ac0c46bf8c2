using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Testing;
using Microsoft.IdentityModel.Tokens;

namespace CarbonRegistry.Api.Tests;

/// <summary>The real server process on 127.0.0.1 (embedded SQLite, no demo data, a known signing key) with a small tree.</summary>
public sealed class ApiServerFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new("carbon-api");
    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private ServerProcess _server = null!;

    /// <summary>How long the server waits for a client that has stopped reading.</summary>
    public static TimeSpan SlowConsumerTimeout { get; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest spreadsheet the server takes (Imports:MaxBytes).</summary>
    public const int ImportLimit = 256 * 1024;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(
            new Dictionary<string, string>
            {
                ["Storage__SqlitePath"] = Path.Combine(_directory.Path, "registry.db"),
                ["Demo__Seed"] = "false",
                ["Auth__SigningKey"] = Convert.ToBase64String(_key),
                ["GraphQL__MaxRequestBytes"] = "65536",
                ["GraphQL__ConnectionInitTimeout"] = "00:00:02",
                ["GraphQL__WebSocketOutboxCapacity"] = "20",
                ["GraphQL__SlowConsumerTimeout"] = SlowConsumerTimeout.ToString(),
                ["Imports__MaxBytes"] = ImportLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Imports__ChunkRows"] = "3", // so that a file of a few rows is read, checked and filed in several chunks
            },
            _directory.Path);
        Http = new HttpClient { BaseAddress = _server.BaseAddress };
        var admin = Token(RegistryRoles.Admin);
        foreach (var (id, kind, parent) in new[] { ("api-prov", "PROVINCE", (string?)null), ("api-city", "CITY", "api-prov"), ("api-mine-a", "MINE", "api-city"), ("api-mine-b", "MINE", "api-city"), ("api-mine-ws", "MINE", "api-city"), ("api-mine-node", "MINE", "api-city"), ("api-mine-alert", "MINE", "api-city"), ("api-mine-unusual", "MINE", "api-city"), ("api-mine-burst", "MINE", "api-city"), ("api-mine-slow", "MINE", "api-city"), ("api-park-mix", "PARK", "api-city") })
        {
            await RegisterAsync(admin, id, kind, parent);
        }
    }

    /// <summary>Registers an entity through the API; any error fails the test.</summary>
    public async Task RegisterAsync(string token, string id, string kind, string? parent)
    {
        var (_, json) = await PostAsync(token, "mutation($input: RegisterEntityInput!) { registerEntity(input: $input) { id } }", new { input = new { id, kind, name = id, nameZh = id, parentId = parent } });
        Assert.False(json.RootElement.TryGetProperty("errors", out var errors), errors.ToString());
    }

    /// <summary>Submits a small coke report through the API and returns its ledger sequence.</summary>
    public async Task<long> SubmitAsync(string token, string entity, int year, int month, string key)
    {
        var (_, json) = await PostAsync(
            token,
            "mutation($input: ReportInput!) { submitReport(input: $input) { sequence } }",
            new { input = new { entityId = entity, year, month, idempotencyKey = key, fuels = new[] { new { carrier = "coke", quantity = 5, unit = "t" } } } });
        Assert.False(json.RootElement.TryGetProperty("errors", out var errors), errors.ToString());
        return json.RootElement.GetProperty("data").GetProperty("submitReport").GetProperty("sequence").GetInt64();
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    /// <summary>A token minted by the server's own <c>token</c> command, with the server's key and <paramref name="lifetime"/>.</summary>
    public Task<string> CommandTokenAsync(string role, TimeSpan lifetime) => ServerProcess.RunCommandAsync(
        ["token", "--role", role, "--subject", "command-" + role, $"--Auth:SigningKey={Convert.ToBase64String(_key)}", $"--Auth:TokenLifetime={lifetime}"],
        _directory.Path);

    /// <summary>A token for <paramref name="role"/> (reporters: for <paramref name="entities"/>; reviewers: for the energy department).</summary>
    public string Token(string role, params string[] entities) =>
        TokenIssuer.Issue(new SymmetricSecurityKey(_key), $"test-{role}", role, entities, TimeSpan.FromMinutes(30), DateTimeOffset.UtcNow, role == RegistryRoles.Reviewer ? ["energy"] : null);

    /// <summary>A reviewer's token for <paramref name="departments"/>.</summary>
    public string ReviewerToken(params string[] departments) =>
        TokenIssuer.Issue(new SymmetricSecurityKey(_key), $"test-reviewer-{string.Join('-', departments)}", RegistryRoles.Reviewer, [], TimeSpan.FromMinutes(30), DateTimeOffset.UtcNow, departments);

    public async Task<(int Status, JsonDocument Json)> PostAsync(string? token, string query, object? variables = null, string accept = "application/graphql-response+json", string? operationName = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { query, variables, operationName }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.ParseAdd(accept);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()));
    }

    public async Task<long> LastSequenceAsync() =>
        (await Http.GetFromJsonAsync<JsonElement>("/api/status")).GetProperty("lastSequence").GetInt64();
}

[CollectionDefinition(Name)]
public sealed class ApiServerCollection : ICollectionFixture<ApiServerFixture>
{
    public const string Name = "api server";
}
