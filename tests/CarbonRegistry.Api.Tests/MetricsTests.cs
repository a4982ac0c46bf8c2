using CarbonRegistry.Api.Auth;

namespace CarbonRegistry.Api.Tests;

/// <summary>The Prometheus scrape endpoint of the real server.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class MetricsTests(ApiServerFixture server)
{
    [Fact]
    public async Task Metrics_count_reports_accepted_and_rejected_by_code_and_time_ledger_commits()
    {
        var admin = server.Token(RegistryRoles.Admin);
        await server.SubmitAsync(admin, "api-park-mix", 2024, 7, "metrics-2024-7");
        var next = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddMonths(1);
        var (_, refused) = await server.PostAsync(admin, "mutation($year: Int!, $month: Int!) { submitReport(input: { entityId: \"api-park-mix\", year: $year, month: $month, idempotencyKey: \"metrics-future\" }) { sequence } }", new { year = next.Year, month = next.Month });
        Assert.Equal("FUTURE_PERIOD", refused.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());

        // The exporter caches a scrape briefly; ask until the new counts are in.
        var text = "";
        for (var attempt = 0; attempt < 20 && !(text.Contains("code=\"FUTURE_PERIOD\"", StringComparison.Ordinal) && text.Contains("registry_reports_accepted_total", StringComparison.Ordinal)); attempt++)
        {
            await Task.Delay(200);
            using var response = await server.Http.GetAsync("/metrics");
            Assert.True(response.IsSuccessStatusCode);
            text = await response.Content.ReadAsStringAsync();
        }

        Assert.Matches("registry_reports_accepted_total\\{[^}]*operation=\"submit\"[^}]*\\} [1-9]", text);
        Assert.Matches("registry_reports_rejected_total\\{[^}]*code=\"FUTURE_PERIOD\"[^}]*\\} [1-9]", text);
        Assert.Matches("registry_ledger_commit_duration_seconds_count(\\{[^}]*\\})? [1-9]", text);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }
}
