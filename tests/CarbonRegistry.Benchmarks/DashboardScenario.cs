using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Dashboard.Tests;
using Microsoft.Playwright;

namespace CarbonRegistry.Benchmarks;

/// <summary>
/// The dashboard in headless Chromium against the real server process with the demo data: time
/// from navigation to the overview showing its data (beside the page's own load event in the same
/// navigation), and time from sending a report to the open overview showing it (beside the
/// mutation's own response time).
/// </summary>
internal sealed class DashboardScenario : IScenario
{
    public string Name => "dashboard";

    public string Description => "dashboard overview ready after navigation, and report-to-screen latency, in headless Chromium";

    public async Task RunAsync(string[] args, TextWriter output)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
        await using var bench = await BenchServer.StartAsync("carbon-bench-dashboard", demo: true, production: false);
        var (server, http) = (bench.Process, bench.Http);
        string Token(string role) => bench.Token(role);
        var (playwright, browser) = await SystemChromium.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            var dashboardToken = Token(RegistryRoles.Dashboard);
            async Task<IPage> OpenAsync()
            {
                var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = server.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
                await context.AddInitScriptAsync($"localStorage.setItem('carbon-registry-token', {JsonSerializer.Serialize(dashboardToken)});");
                var page = await context.NewPageAsync();
                await page.GotoAsync("/");
                await page.WaitForFunctionAsync("() => document.body.dataset.charts === 'overview'", null, new() { Timeout = 30_000 });
                return page;
            }

            // Warm-up: server caches, grain activations and the browser's compile cache.
            await (await OpenAsync()).Context.CloseAsync();

            var ready = new List<double>();
            var charts = new List<double>();
            var loaded = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var page = await OpenAsync();
                ready.Add(await page.EvaluateAsync<double>("() => performance.getEntriesByName('carbon-registry:overview-ready')[0].startTime"));
                charts.Add(await page.EvaluateAsync<double>("() => performance.getEntriesByName('carbon-registry:overview-charts')[0].startTime"));
                loaded.Add(await page.EvaluateAsync<double>("() => performance.getEntriesByType('navigation')[0].loadEventEnd"));
                await page.Context.CloseAsync();
            }

            var live = await OpenAsync();
            await live.WaitForFunctionAsync("() => document.getElementById('connection').dataset.state === 'live'");
            var (year, month) = (DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddMonths(-1).Year, DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddMonths(-1).Month);
            var toScreen = new List<double>();
            var acknowledged = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                var id = $"bench-dash-{i}";
                await PostAsync(http, $$"""{"query":"mutation { registerEntity(input: { id: \"{{id}}\", kind: ENTERPRISE, name: \"{{id}}\", nameZh: \"{{id}}\", parentId: \"taiyuan\" }) { id } }"}""");
                var before = await live.Locator("#energy-card .card-value").InnerTextAsync();
                var clock = Stopwatch.StartNew();
                var shown = live.WaitForFunctionAsync("before => document.querySelector('#energy-card .card-value').textContent !== before", before, new() { Timeout = 30_000 });
                await PostAsync(http, $$"""{"query":"mutation { submitReport(input: { entityId: \"{{id}}\", year: {{year}}, month: {{month}}, idempotencyKey: \"{{id}}\", fuels: [{ carrier: \"raw_coal\", quantity: 50000, unit: \"t\" }], valueAdded: { value: 20000, unit: \"10^4 yuan\" } }) { sequence } }"}""");
                acknowledged.Add(clock.Elapsed.TotalMilliseconds);
                await shown;
                toScreen.Add(clock.Elapsed.TotalMilliseconds);
                await Task.Delay(500);
            }

            output.WriteLine($"Dashboard in headless Chromium ({SystemChromium.ExecutablePath}), demo data, loopback, {runs} runs each");
            Row(output, "page load event (baseline)", loaded, loaded);
            Row(output, "overview figures and tables shown", ready, loaded);
            Row(output, "overview charts drawn", charts, loaded);
            Row(output, "submitReport acknowledged (baseline)", acknowledged, acknowledged);
            Row(output, "report shown on the open overview", toScreen, acknowledged);
        }
    }

    private static async Task PostAsync(HttpClient http, string body)
    {
        using var response = await http.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        if (text.Contains("\"errors\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The benchmark request failed: " + text);
        }
    }

    private static void Row(TextWriter output, string name, List<double> values, List<double> baseline)
    {
        var sorted = values.Order().ToArray();
        var median = Stats.Percentile(sorted, 0.5);
        var baseMedian = Stats.Percentile([.. baseline.Order()], 0.5);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-38} p50 {median,7:N0} ms  p95 {Stats.Percentile(sorted, 0.95),7:N0} ms  max {sorted[^1],7:N0} ms  ratio {median / baseMedian:N2}"));
    }
}
