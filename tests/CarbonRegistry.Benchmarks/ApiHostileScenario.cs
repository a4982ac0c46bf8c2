using System.Globalization;
using System.Text;
using System.Text.Json;
using CarbonRegistry.Testing;

namespace CarbonRegistry.Benchmarks;

/// <summary>
/// What a hostile document costs the server before it is refused: the server process's CPU time
/// per request for each of <see cref="HostileDocuments"/>, beside a plain query's, each sent one
/// request at a time so that the CPU measured is that request's.
/// </summary>
internal sealed class ApiHostileScenario : IScenario
{
    private const string Plain = "{ factorSets { id current } }";

    public string Name => "api-hostile";

    public string Description => "server CPU per hostile GraphQL document (refused) beside a plain query's";

    public async Task RunAsync(string[] args, TextWriter output)
    {
        var requests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50;
        await using var bench = await BenchServer.StartAsync("carbon-bench-hostile", demo: false, production: true);
        var (server, http) = (bench.Process, bench.Http);

        var plain = await CpuPerRequestAsync(server, http, Plain, requests, expectedCode: null);
        output.WriteLine($"server CPU per request, {requests} requests each, one at a time");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {"plain query (baseline)",-32} {plain,8:N2} ms  ratio 1.00"));
        foreach (var (name, code, document) in HostileDocuments.All)
        {
            var cpu = await CpuPerRequestAsync(server, http, document, requests, code);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name + " (" + code + ")",-60} {cpu,8:N2} ms  ratio {cpu / plain:N2}"));
        }
    }

    /// <summary>Milliseconds of server CPU per request, after a warm-up of the same request.</summary>
    private static async Task<double> CpuPerRequestAsync(ServerProcess server, HttpClient http, string document, int requests, string? expectedCode)
    {
        var body = JsonSerializer.Serialize(new { query = document });
        for (var i = 0; i < 10; i++)
        {
            await SendAsync(http, body, expectedCode);
        }

        var before = server.ProcessorTime;
        for (var i = 0; i < requests; i++)
        {
            await SendAsync(http, body, expectedCode);
        }

        return (server.ProcessorTime - before).TotalMilliseconds / requests;
    }

    private static async Task SendAsync(HttpClient http, string body, string? expectedCode)
    {
        using var response = await http.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        var refused = expectedCode is not null && text.Contains($"\"code\":\"{expectedCode}\"", StringComparison.Ordinal);
        var answered = expectedCode is null && response.IsSuccessStatusCode && !text.Contains("\"errors\"", StringComparison.Ordinal);
        if (!refused && !answered)
        {
            throw new InvalidOperationException($"Expected {expectedCode ?? "an answer"}, got HTTP {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
        }
    }
}
