using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Testing;
using Microsoft.IdentityModel.Tokens;

namespace CarbonRegistry.Registry.Tests;

/// <summary>The registry's GraphQL API over HTTP, as the fault tests' clients use it.</summary>
internal static class RegistryHttp
{
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>The environment of a server process on PostgreSQL in cluster <paramref name="cluster"/>, and an admin token it accepts.</summary>
    public static (Dictionary<string, string> Environment, string Token) ServerSettings(string connectionString, string cluster)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var environment = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "PostgreSql",
            ["ConnectionStrings__Registry"] = connectionString,
            ["Auth__SigningKey"] = Convert.ToBase64String(key),
            ["Orleans__ClusterId"] = cluster,
            ["Demo__Seed"] = "false",
            ["Shutdown__Timeout"] = "00:00:20",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        return (environment, TokenIssuer.Issue(new SymmetricSecurityKey(key), "fault-test", RegistryRoles.Admin, [], TimeSpan.FromHours(1), DateTimeOffset.UtcNow));
    }

    public static HttpClient Client(ServerProcess server, string token) => Client(server.BaseAddress, token);

    public static HttpClient Client(Uri baseAddress, string token)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Registers a province, a city under it and <paramref name="mines"/> mines <c>{minePrefix}-0…</c> under the city.</summary>
    public static async Task RegisterTreeAsync(HttpClient client, string province, string city, string minePrefix, int mines)
    {
        const string Mutation = "mutation($input: RegisterEntityInput!) { registerEntity(input: $input) { id } }";
        await PostAsync(client, Mutation, new { input = new { id = province, kind = "PROVINCE", name = "P", nameZh = "省" } });
        await PostAsync(client, Mutation, new { input = new { id = city, kind = "CITY", name = "C", nameZh = "市", parentId = province } });
        for (var m = 0; m < mines; m++)
        {
            await PostAsync(client, Mutation, new { input = new { id = $"{minePrefix}-{m}", kind = "MINE", name = $"M{m}", nameZh = $"矿{m}", parentId = city } });
        }
    }

    public static async Task<(long? Sequence, string? ErrorCode, bool Retriable)> SubmitAsync(HttpClient client, string id, int year, int month)
    {
        const string Mutation = "mutation($input: ReportInput!) { submitReport(input: $input) { sequence } }";
        var input = new
        {
            entityId = id,
            year,
            month,
            idempotencyKey = $"{id}-{year}-{month}",
            fuels = new[] { new { carrier = "raw_coal", quantity = 100m + month, unit = "t" } },
            gridElectricity = new { value = 10_000m * month, unit = "kWh" },
            valueAdded = new { value = 50m, unit = "10^4 yuan" },
        };
        try
        {
            using var response = await client.PostAsync("/graphql", Body(Mutation, new { input }));
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            if (json.TryGetProperty("errors", out var errors))
            {
                var extensions = errors[0].GetProperty("extensions");
                var retriable = extensions.TryGetProperty("data", out var data) && data.TryGetProperty("retriable", out var r) && r.GetBoolean();
                return (null, extensions.GetProperty("code").GetString(), retriable);
            }

            return (json.GetProperty("data").GetProperty("submitReport").GetProperty("sequence").GetInt64(), null, true);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException or IOException)
        {
            return (null, null, true);
        }
    }

    public static async Task<JsonElement> BalanceAsync(HttpClient client, string id, int year)
    {
        var data = await PostAsync(client, "query($id: ID!, $year: Int!) { entity(id: $id) { balance(year: $year) { energyTce grossTco2e reportCount } } }", new { id, year });
        return data.GetProperty("entity").GetProperty("balance");
    }

    public static async Task<long> LastSequenceAsync(HttpClient client) => (await PostAsync(client, "{ lastSequence }", new { })).GetProperty("lastSequence").GetInt64();

    public static async Task<JsonElement> PostAsync(HttpClient client, string query, object variables)
    {
        using var response = await client.PostAsync("/graphql", Body(query, variables));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(json.TryGetProperty("errors", out var errors), errors.ToString());
        return json.GetProperty("data").Clone();
    }

    /// <summary>The first error of a request expected to fail: its code and whether it says retriable.</summary>
    public static async Task<(string? Code, bool Retriable)> ErrorAsync(HttpClient client, string query, object variables)
    {
        using var response = await client.PostAsync("/graphql", Body(query, variables));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(json.TryGetProperty("errors", out var errors), json.ToString());
        var extensions = errors[0].GetProperty("extensions");
        return (
            extensions.TryGetProperty("code", out var code) ? code.GetString() : null,
            extensions.TryGetProperty("data", out var data) && data.TryGetProperty("retriable", out var retriable) && retriable.GetBoolean());
    }

    private static StringContent Body(string query, object variables) =>
        new(JsonSerializer.Serialize(new { query, variables }, s_json), Encoding.UTF8, "application/json");

    public static decimal Decimal(JsonElement element, string name) =>
        decimal.Parse(element.GetProperty(name).GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
}

/// <summary>Tests that run several server processes at once: alone, so that a 2-core machine gives them its time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ServerProcessesCollection
{
    public const string Name = "server processes";
}
