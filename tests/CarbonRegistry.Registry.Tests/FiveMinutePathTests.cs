using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CarbonRegistry.Testing;

namespace CarbonRegistry.Registry.Tests;

/// <summary>
/// The README's five-minute path, as a new user follows it: the embedded default with its demo
/// data, a reporter token from the server's own <c>token</c> command, and the <c>submitReport</c>
/// mutation exactly as the README prints it (the block after <c>&lt;!-- five-minute-submit --&gt;</c>).
/// </summary>
public sealed partial class FiveMinutePathTests
{
    [Fact]
    public async Task The_readmes_submit_report_example_is_accepted_for_the_demo_mine_and_a_retry_replays_it()
    {
        var mutation = ReadmeBlock("five-minute-submit", "graphql");
        var mine = EntityId().Match(mutation).Groups[1].Value;
        using var directory = new TemporaryDirectory("carbon-five-minute");
        var environment = new Dictionary<string, string> { ["Storage__SqlitePath"] = Path.Combine(directory.Path, "registry.db") };
        await using var server = await ServerProcess.StartAsync(environment, directory.Path);
        var token = await ServerProcess.RunCommandAsync(["token", "--role", "reporter", "--entity", mine], directory.Path, environment);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var first = await SubmitAsync(http, mutation);
        var again = await SubmitAsync(http, mutation);

        Assert.Equal(mine, first.GetProperty("entityId").GetString());
        Assert.Equal(1, first.GetProperty("reportVersion").GetInt32());
        Assert.False(first.GetProperty("replayed").GetBoolean());
        Assert.Equal(0, first.GetProperty("warnings").GetArrayLength());
        Assert.True(first.GetProperty("balance").GetProperty("energyTce").GetDecimal() > 0m);
        Assert.Equal("CN-2024.P1", first.GetProperty("balance").GetProperty("factorSetId").GetString());
        Assert.True(again.GetProperty("replayed").GetBoolean());
        Assert.Equal(first.GetProperty("sequence").GetInt64(), again.GetProperty("sequence").GetInt64());
    }

    private static async Task<JsonElement> SubmitAsync(HttpClient http, string mutation)
    {
        using var response = await http.PostAsync("/graphql", new StringContent(JsonSerializer.Serialize(new { query = mutation }), Encoding.UTF8, "application/json"));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.False(json.TryGetProperty("errors", out var errors), errors.ToString());
        return json.GetProperty("data").GetProperty("submitReport");
    }

    /// <summary>The fenced block of <paramref name="language"/> right after the README's <c>&lt;!-- marker --&gt;</c> line.</summary>
    private static string ReadmeBlock(string marker, string language)
    {
        var lines = File.ReadAllLines(Path.Combine(ServerProcess.RepositoryRoot(), "README.md"));
        var at = Array.IndexOf(lines, $"<!-- {marker} -->");
        Assert.True(at >= 0 && lines[at + 1] == "```" + language, $"README.md has no ```{language} block after <!-- {marker} -->.");
        var end = Array.IndexOf(lines, "```", at + 2);
        return string.Join('\n', lines[(at + 2)..end]);
    }

    [GeneratedRegex("entityId: \"([a-z0-9-]+)\"")]
    private static partial Regex EntityId();
}
