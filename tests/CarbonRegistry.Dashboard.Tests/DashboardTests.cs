using System.Text.Json;
using CarbonRegistry.Api.Auth;
using Microsoft.Playwright;

namespace CarbonRegistry.Dashboard.Tests;

/// <summary>The dashboard in headless Chromium against the real server with the demo data.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardTests(DashboardFixture fixture)
{
    [Fact]
    public async Task The_overview_shows_a_new_report_in_figures_and_charts_without_reload()
    {
        var (page, requests) = await fixture.SignedInPageAsync();
        await using var context = page.Context;
        var energyCard = page.Locator("#energy-card .card-value");
        var taiyuanEnergy = page.Locator("#entity-table tr[data-entity=taiyuan] td[data-field=energy]");
        var trend = page.Locator("#intensity-chart");
        var energyBefore = await energyCard.InnerTextAsync();
        var taiyuanBefore = await taiyuanEnergy.InnerTextAsync();
        var trendBefore = await trend.GetAttributeAsync("data-series");
        await Assertions.Expect(page.Locator("#entity-table tbody tr")).Not.ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#zone-table tbody tr")).Not.ToHaveCountAsync(0);
        await DashboardFixture.ScreenshotAsync(page, "overview-before");
        var chartBefore = await trend.ScreenshotAsync();
        await page.EvaluateAsync("() => { window.notReloaded = true; }");

        var sequence = await fixture.NewEnterpriseReportAsync("dash-live-ent", "taiyuan", 80_000m);

        await Assertions.Expect(page.Locator($"#changes li[data-sequence='{sequence}']")).ToBeVisibleAsync(new() { Timeout = 10_000 });

        // Taiyuan's energy is already over its path in the demo data; 80,000 t of coal more raises an alert, live.
        await Assertions.Expect(page.Locator($"#alerts li[data-sequence='{sequence}']").First).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(energyCard).Not.ToHaveTextAsync(energyBefore, new() { Timeout = 10_000 });
        await Assertions.Expect(taiyuanEnergy).Not.ToHaveTextAsync(taiyuanBefore);
        await Assertions.Expect(trend).Not.ToHaveAttributeAsync("data-series", trendBefore!);
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was reloaded");
        Assert.True(Wan(await energyCard.InnerTextAsync()) > Wan(energyBefore), $"{energyBefore} → {await energyCard.InnerTextAsync()}");
        Assert.NotEqual(chartBefore, await trend.ScreenshotAsync());
        await DashboardFixture.ScreenshotAsync(page, "overview-after-report");

        // Offline by design: every request went to this server.
        lock (requests)
        {
            Assert.All(requests, url => Assert.StartsWith(fixture.Proxy.Address.ToString(), url, StringComparison.Ordinal));
        }

    }

    [Fact]
    public async Task Switching_the_language_shows_Chinese_labels_and_units()
    {
        var (page, _) = await fixture.SignedInPageAsync();
        await using var context = page.Context;
        await Assertions.Expect(page.Locator("#overview h2")).ToContainTextAsync("Province overview");
        await Assertions.Expect(page.Locator("#energy-card")).ToContainTextAsync("10^4 tce");

        await page.Locator("#language").ClickAsync();

        await Assertions.Expect(page.Locator("#overview h2")).ToContainTextAsync("全省概览");
        await Assertions.Expect(page.Locator("#energy-card")).ToContainTextAsync("万吨标准煤");
        await Assertions.Expect(page.Locator("#emissions-card")).ToContainTextAsync("万吨二氧化碳当量");
        await Assertions.Expect(page.Locator("#entity-table tr[data-entity=taiyuan]")).ToContainTextAsync("太原市");
        Assert.Equal("zh-CN", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        await DashboardFixture.ScreenshotAsync(page, "overview-zh");

        await page.Locator("#language").ClickAsync();
        await Assertions.Expect(page.Locator("#overview h2")).ToContainTextAsync("Province overview");
    }

    [Fact]
    public async Task A_browser_set_to_Chinese_gets_the_dashboard_in_Chinese_until_the_toggle_says_otherwise()
    {
        var (page, _) = await fixture.NewPageAsync("zh-CN");
        await using var context = page.Context;

        await page.GotoAsync("/");

        await Assertions.Expect(page.Locator("#auth-message")).ToContainTextAsync("请使用看板令牌登录");
        await Assertions.Expect(page.Locator(".signin .hint")).ToContainTextAsync("管理员");
        await page.Locator("#language").ClickAsync();
        await Assertions.Expect(page.Locator("#auth-message")).ToContainTextAsync("Sign in with a dashboard token");
    }

    [Fact]
    public async Task An_unauthenticated_visit_is_refused_with_a_clear_message()
    {
        var (page, _) = await fixture.NewPageAsync();
        await using var context = page.Context;
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#auth-message")).ToContainTextAsync("Sign in with a dashboard token");
        await Assertions.Expect(page.Locator(".signin .hint")).ToContainTextAsync("Ask your registry administrator for a token");
        await Assertions.Expect(page.Locator(".signin .hint")).Not.ToContainTextAsync("dotnet");
        await Assertions.Expect(page.Locator("#overview")).ToHaveCountAsync(0);
        Assert.Equal(401, await page.EvaluateAsync<int>("async () => (await fetch('/graphql', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: '{ factorSets { id } }' }) })).status"));
        await DashboardFixture.ScreenshotAsync(page, "signin-missing");

        var expired = fixture.Token(RegistryRoles.Dashboard, TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow.AddHours(-1));
        await page.Locator("#token").FillAsync(expired);
        await page.Locator("#signin-button").ClickAsync();
        await Assertions.Expect(page.Locator("#auth-message")).ToContainTextAsync("expired");
        await Assertions.Expect(page.Locator("#overview")).ToHaveCountAsync(0);

        // Well formed and unexpired, but signed with another key: the server refuses it.
        var foreign = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." +
            Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode($"{{\"sub\":\"x\",\"role\":\"dashboard\",\"exp\":{DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds()}}}") + ".c2lnbmF0dXJl";
        await page.Locator("#token").FillAsync(foreign);
        await page.Locator("#signin-button").ClickAsync();
        await Assertions.Expect(page.Locator("#auth-message")).ToContainTextAsync("did not accept");
        await Assertions.Expect(page.Locator("#overview")).ToHaveCountAsync(0);
        await DashboardFixture.ScreenshotAsync(page, "signin-refused");
    }

    [Fact]
    public async Task Drilling_down_shows_monthly_charts_breakdowns_members_and_the_audit_trail()
    {
        var (page, _) = await fixture.SignedInPageAsync();
        await using var context = page.Context;
        await page.Locator("#entity-table tr[data-entity=changzhi] a").ClickAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-charts", "entity", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("#entity h2")).ToContainTextAsync("Changzhi");
        await Assertions.Expect(page.Locator("#children-table tbody tr")).Not.ToHaveCountAsync(0);
        var energy = Series(await page.Locator("#energy-chart").GetAttributeAsync("data-series"));
        Assert.Equal(12, energy.GetProperty("monthly").GetArrayLength());
        Assert.Equal(12, energy.GetProperty("capPath").GetArrayLength());
        var carriers = Series(await page.Locator("#carrier-chart").GetAttributeAsync("data-series"));
        Assert.Contains(carriers.EnumerateArray(), c => c.GetProperty("value").GetDouble() > 0);

        await page.Locator("#children-table tr[data-entity='changzhi-mine-1'] a").ClickAsync();
        await Assertions.Expect(page.Locator("#entity h2")).ToContainTextAsync("Changzhi Demo Mine 1");
        await Assertions.Expect(page.Locator("#history-table tbody tr")).Not.ToHaveCountAsync(0);

        // An amendment appears in the open page's audit trail, reason and all.
        var last = CarbonRegistry.Server.Demo.ShanxiDemo.FirstMonth.AddMonths(CarbonRegistry.Server.Demo.ShanxiDemo.Months - 1);
        var (year, month) = (last.Year, last.Month);
        var amended = await fixture.GraphQLAsync(
            "mutation($input: AmendReportInput!) { amendReport(input: $input) { sequence reportVersion } }",
            new { input = new { entityId = "changzhi-mine-1", year, month, idempotencyKey = "dash-amend-1", reason = "Meter reading corrected", fuels = new[] { new { carrier = "raw_coal", quantity = 1234m, unit = "t" } }, gridElectricity = new { value = 500_000m, unit = "kWh" }, valueAdded = new { value = 9_000m, unit = "10^4 yuan" } } });
        var sequence = amended.GetProperty("amendReport").GetProperty("sequence").GetInt64();
        var row = page.Locator($"#history-table tr[data-sequence='{sequence}']");
        await Assertions.Expect(row).ToContainTextAsync("Meter reading corrected", new() { Timeout = 10_000 });
        await Assertions.Expect(row).ToContainTextAsync("Report amended");
        await DashboardFixture.ScreenshotAsync(page, "entity-mine");
    }

    [Fact]
    public async Task After_a_network_drop_the_page_resumes_from_the_last_sequence_it_saw()
    {
        var (page, _) = await fixture.SignedInPageAsync();
        await using var context = page.Context;
        var energyCard = page.Locator("#energy-card .card-value");
        var subscribes = new List<JsonElement>();
        page.WebSocket += (_, socket) => socket.FrameSent += (_, frame) =>
        {
            var message = JsonDocument.Parse(frame.Text ?? "{}").RootElement.Clone();
            if (message.TryGetProperty("type", out var type) && type.GetString() == "subscribe" && message.GetProperty("payload").GetProperty("query").GetString()!.Contains("balanceChanged", StringComparison.Ordinal))
            {
                lock (subscribes)
                {
                    subscribes.Add(message.GetProperty("payload").GetProperty("variables"));
                }
            }
        };

        // One change the page sees live, then the network goes away.
        var seen = await fixture.NewEnterpriseReportAsync("dash-seen-ent", "datong", 30_000m);
        await Assertions.Expect(page.Locator($"#changes li[data-sequence='{seen}']")).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        try
        {
            fixture.Proxy.Cut();
            await Assertions.Expect(page.Locator("#connection")).Not.ToHaveAttributeAsync("data-state", "live", new() { Timeout = 20_000 });

            // Committed while the page cannot hear about it.
            var energyBefore = await energyCard.InnerTextAsync();
            var missed = await fixture.NewEnterpriseReportAsync("dash-drop-ent", "datong", 60_000m);

            fixture.Proxy.Restore();
            await Assertions.Expect(page.Locator("#connection")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 20_000 });
            await Assertions.Expect(page.Locator($"#changes li[data-sequence='{missed}']")).ToHaveCountAsync(1, new() { Timeout = 10_000 });
            await Assertions.Expect(energyCard).Not.ToHaveTextAsync(energyBefore, new() { Timeout = 10_000 });
            await Assertions.Expect(page.Locator($"#changes li[data-sequence='{seen}']")).ToHaveCountAsync(1);

            // The resumed subscription asked for what followed the change it had seen, not for
            // everything since the page loaded.
            lock (subscribes)
            {
                Assert.NotEmpty(subscribes);
                Assert.InRange(subscribes[^1].GetProperty("afterSequence").GetInt64(), seen - 1, seen);
            }
        }
        finally
        {
            fixture.Proxy.Restore();
        }
    }

    private static JsonElement Series(string? json) => JsonDocument.Parse(json ?? "null").RootElement;

    /// <summary>"1,234.56 10^4 tce" → 1234.56.</summary>
    private static decimal Wan(string text) =>
        decimal.Parse(text.Split(' ')[0].Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_entity_page_shows_the_years_deduction_rules_and_its_five_year_targets()
    {
        await fixture.GraphQLAsync(
            "mutation { setPlanTargets(input: { entityId: \"datong\", fromYear: 2026, binding: PLAN, energyIntensity: { baseYear: 2025, baseIntensity: 1.2, reduction: 0.135, incentiveReduction: 0.15 } }) { year } }",
            new { });
        var (page, _) = await fixture.SignedInPageAsync();
        await using var context = page.Context;
        await page.GotoAsync("/#/entity/datong");
        await page.EvaluateAsync("sessionStorage.setItem('carbon-registry-year', '2026')");
        await page.ReloadAsync();

        var plan = page.Locator("#plan-card");
        await Assertions.Expect(plan).ToContainTextAsync("2026–2030", new() { Timeout = 15_000 });
        await Assertions.Expect(plan).ToContainTextAsync("−13.5%");
        await Assertions.Expect(plan.Locator("[data-binding]")).ToHaveAttributeAsync("data-binding", "PLAN");
        await Assertions.Expect(page.Locator("#deductions-card [data-rule-set]")).ToHaveAttributeAsync("data-rule-set", "NDRC-NBS-NEA-2024");
    }
}
