using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CarbonRegistry.Benchmarks;

/// <summary>
/// <c>entity(id) { balance(year) }</c> over loopback HTTP against the real server process (embedded
/// SQLite, Release build), beside a minimal Kestrel endpoint in this process that returns the same
/// JSON, both driven by the same client loop with the same concurrency for the same time.
/// </summary>
internal sealed class ApiQueryScenario : IScenario
{
    private const string Query = """{"query":"{ entity(id: \"bench-mine\") { balance(year: 2025) { energyTce grossTco2e carbonIntensity } } }"}""";

    public string Name => "api-query";

    public string Description => "GraphQL queries/s over loopback HTTP beside a minimal Kestrel endpoint returning the same JSON";

    public async Task RunAsync(string[] args, TextWriter output)
    {
        var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 32;
        await using var bench = await BenchServer.StartAsync("carbon-bench-api", demo: false, production: true);
        var http = bench.Http;
        await http.PostAsync("/graphql", new StringContent("""{"query":"mutation { registerEntity(input: { id: \"bench-prov\", kind: PROVINCE, name: \"P\", nameZh: \"P\" }) { id } }"}""", Encoding.UTF8, "application/json"));
        await http.PostAsync("/graphql", new StringContent("""{"query":"mutation { registerEntity(input: { id: \"bench-city\", kind: CITY, name: \"C\", nameZh: \"C\", parentId: \"bench-prov\" }) { id } }"}""", Encoding.UTF8, "application/json"));
        await http.PostAsync("/graphql", new StringContent("""{"query":"mutation { registerEntity(input: { id: \"bench-mine\", kind: MINE, name: \"M\", nameZh: \"M\", parentId: \"bench-city\" }) { id } }"}""", Encoding.UTF8, "application/json"));
        await http.PostAsync("/graphql", new StringContent("""{"query":"mutation { submitReport(input: { entityId: \"bench-mine\", year: 2025, month: 3, idempotencyKey: \"b\", fuels: [{ carrier: \"raw_coal\", quantity: 100, unit: \"t\" }], valueAdded: { value: 50, unit: \"10^4 yuan\" } }) { sequence } }"}""", Encoding.UTF8, "application/json"));
        var answer = await (await http.PostAsync("/graphql", new StringContent(Query, Encoding.UTF8, "application/json"))).Content.ReadAsStringAsync();
        if (!answer.Contains("energyTce", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The benchmark query failed: " + answer);
        }

        // The baseline: Kestrel in this process returning the same bytes for the same request.
        await using var baseline = MinimalKestrel.Create(out var address);
        MinimalKestrel.MapFixedAnswer(baseline, Encoding.UTF8.GetBytes(answer));
        await baseline.StartAsync();
        using var baselineHttp = new HttpClient { BaseAddress = address };

        await LoadAsync(baselineHttp, 2, concurrency);
        await LoadAsync(http, 2, concurrency);
        var baselineRate = await LoadAsync(baselineHttp, seconds, concurrency);
        var rate = await LoadAsync(http, seconds, concurrency);
        output.WriteLine($"entity(id) {{ balance(year) }} over loopback HTTP, {concurrency} concurrent clients, {seconds} s each");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  minimal Kestrel endpoint, same JSON (baseline) {baselineRate,10:N0} requests/s  ratio 1.00"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  GraphQL query through grains                  {rate,10:N0} requests/s  ratio {baselineRate / rate:N2} (time)"));
    }

    private static async Task<double> LoadAsync(HttpClient http, int seconds, int concurrency)
    {
        var count = 0L;
        var watch = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (watch.Elapsed < until)
            {
                using var response = await http.PostAsync("/graphql", new StringContent(Query, Encoding.UTF8, "application/json"));
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
                Interlocked.Increment(ref count);
            }
        })));
        return count / watch.Elapsed.TotalSeconds;
    }
}
