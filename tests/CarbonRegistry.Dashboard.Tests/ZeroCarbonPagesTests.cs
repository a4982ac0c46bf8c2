using Microsoft.Playwright;

namespace CarbonRegistry.Dashboard.Tests;

/// <summary>The zero-carbon programmes on the dashboard, against the demo data's production and 2020 baselines.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ZeroCarbonPagesTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_zero_carbon_mine_shows_its_programmes_against_their_thresholds_and_its_per_tonne_trend()
    {
        var (page, _) = await fixture.SignedInPageAsync();
        await using var context = page.Context;
        await page.GotoAsync("/#/entity/tashan-mine");
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-charts", "entity", new() { Timeout = 15_000 });

        // Tashan is a zero-carbon mine pilot, a mine (coal-industry targets) and a zero-carbon zone.
        var programmes = page.Locator("#zero-carbon .programme");
        await Assertions.Expect(programmes).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("#baseline")).ToContainTextAsync("2020");
        var gas = page.Locator("#zero-carbon tr[data-indicator=gas_use_rate_2025]");
        await Assertions.Expect(gas).ToContainTextAsync("≥ 0.5");
        await Assertions.Expect(page.Locator("#zero-carbon tr[data-indicator=energy_per_tonne_reduction] td").Nth(2)).ToContainTextAsync("≤");
        await Assertions.Expect(page.Locator("#per-tonne-chart canvas, #per-tonne-chart svg").First).ToBeVisibleAsync();
        await DashboardFixture.ScreenshotAsync(page, "zero-carbon-mine");
    }

    [Fact]
    public async Task The_zero_carbon_park_shows_its_entered_guiding_indicators_and_why_acceptance_cannot_start()
    {
        var (page, _) = await fixture.SignedInPageAsync();
        await using var context = page.Context;
        await page.GotoAsync("/#/entity/changzhi-hitech-park");
        await page.EvaluateAsync("sessionStorage.setItem('carbon-registry-year', '2025')");
        await page.ReloadAsync();

        // The demo entered 2025's guiding indicators: solid waste 0.86 (≥ 0.8), waste heat 0.42 (< 0.5).
        var park = page.Locator("#zero-carbon .programme[data-programme=national_zero_carbon_park]");
        await Assertions.Expect(park.Locator("tr[data-indicator=solid_waste_reuse]")).ToHaveAttributeAsync("data-status", "MET", new() { Timeout = 15_000 });
        await Assertions.Expect(park.Locator("tr[data-indicator=waste_heat_reuse]")).ToHaveAttributeAsync("data-status", "NOT_MET");
        await Assertions.Expect(park.Locator("tr[data-indicator=waste_heat_reuse] td").Nth(1)).ToHaveTextAsync("0.42");
        await Assertions.Expect(park.Locator("tr[data-indicator=solid_waste_reuse] td").Last).ToHaveAttributeAsync("title", "demo: invented 2025 park statistics");

        // The park is below 200,000 tce, where the rules give no core threshold: no step can be taken.
        await Assertions.Expect(park.Locator(".acceptance [data-step=PROVINCE_REVIEWED]")).ToHaveAttributeAsync("data-taken", "false");
        await Assertions.Expect(park.Locator(".acceptance [data-gate]")).ToHaveAttributeAsync("data-gate", "false");
        await DashboardFixture.ScreenshotAsync(page, "zero-carbon-park");
    }

    [Fact]
    public async Task The_province_page_lists_each_main_product_with_the_co2_per_unit_the_api_computes()
    {
        var year = DashboardFixture.LatestMonth.Year;
        var expected = (await fixture.GraphQLAsync("query($year: Int!) { entity(id: \"shanxi\") { production(year: $year) { code tco2ePerUnit } } }", new { year }))
            .GetProperty("entity").GetProperty("production").EnumerateArray()
            .ToDictionary(p => p.GetProperty("code").GetString()!, p => p.GetProperty("tco2ePerUnit").GetDecimal());
        Assert.NotEmpty(expected);

        var (page, _) = await fixture.SignedInPageAsync();
        await using var context = page.Context;
        await page.GotoAsync("/#/entity/shanxi");
        var rows = page.Locator("#production-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(expected.Count, new() { Timeout = 15_000 });
        foreach (var (code, perUnit) in expected)
        {
            // The page rounds to three places in the browser's en-US locale, grouped as the invariant culture is.
            var shown = Math.Round(perUnit, 3, MidpointRounding.AwayFromZero).ToString("#,0.###", System.Globalization.CultureInfo.InvariantCulture);
            await Assertions.Expect(page.Locator($"#production-table tr[data-product={code}] td").Nth(2)).ToHaveTextAsync($"{shown} tCO2e/t");
        }
    }

    [Fact]
    public async Task The_overview_holds_each_pilot_zone_to_its_bands_threshold_and_says_when_none_is_given()
    {
        var (page, _) = await fixture.SignedInPageAsync();
        await using var context = page.Context;

        // The demo zones use well under 200,000 tce a year: the rules give no threshold there, and
        // the table says so instead of holding them to 0.2.
        var cells = page.Locator("#zone-table td[data-field=co2-per-tce]");
        await Assertions.Expect(cells.First).ToBeVisibleAsync();
        var thresholds = await cells.EvaluateAllAsync<string[]>("cells => cells.map(c => c.dataset.threshold)");
        Assert.All(thresholds, threshold => Assert.Equal("none", threshold));
        await Assertions.Expect(cells.First).ToContainTextAsync("no threshold given");
    }
}
