using System.Text;
using Microsoft.Playwright;

namespace CarbonRegistry.Dashboard.Tests;

/// <summary>The assessment page against the demo's published 2025 energy-saving assessment.</summary>
[Collection(DashboardCollection.Name)]
public sealed class AssessmentPageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task The_assessment_page_shows_every_regions_grade_and_warning_as_the_api_computes_them_and_exports_the_published_version()
    {
        var data = await fixture.GraphQLAsync(
            "query { assessment(scheme: \"energy_saving\", year: 2025) { current { entityId score grade } published { version } } }", new { });
        var current = data.GetProperty("assessment").GetProperty("current").EnumerateArray().ToDictionary(r => r.GetProperty("entityId").GetString()!, r => r.GetProperty("grade").GetString()!);
        Assert.NotEmpty(current);
        Assert.Equal(1, data.GetProperty("assessment").GetProperty("published")[0].GetProperty("version").GetInt32());

        var (page, _) = await fixture.SignedInPageAsync();
        await using var context = page.Context;
        await page.GotoAsync("/#/assessment");
        await page.EvaluateAsync("sessionStorage.setItem('carbon-registry-year', '2025')");
        await page.ReloadAsync();

        var rows = page.Locator("#assessment-table tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(current.Count, new() { Timeout = 15_000 });
        foreach (var (entity, grade) in current.Take(5))
        {
            await Assertions.Expect(page.Locator($"#assessment-table tr[data-entity='{entity}']")).ToHaveAttributeAsync("data-grade", grade);
        }

        await Assertions.Expect(page.Locator("#assessment-table tr[data-entity='taiyuan'] td[data-indicator=measures]")).ToHaveAttributeAsync("data-status", "ENTERED");
        await Assertions.Expect(page.Locator("#assessment-table tr[data-entity='taiyuan'] td[data-warning]")).Not.ToHaveAttributeAsync("data-warning", "NONE");

        // The demo's 2025 budgets: the province's and each city's, against the emissions so far.
        var budgets = (await fixture.GraphQLAsync("query { carbonBudgets(provinceId: \"shanxi\", year: 2025) { province { budgetTco2e } cities { entityId budgetTco2e } allocatedTco2e } }", new { })).GetProperty("carbonBudgets");
        var cities = budgets.GetProperty("cities").EnumerateArray().ToList();
        Assert.Equal(11, cities.Count);
        Assert.True(budgets.GetProperty("allocatedTco2e").GetDecimal() <= budgets.GetProperty("province").GetProperty("budgetTco2e").GetDecimal());
        await Assertions.Expect(page.Locator("#budget-rows tr")).ToHaveCountAsync(1 + cities.Count);
        await Assertions.Expect(page.Locator("#budget-rows tr[data-entity=shanxi]")).ToHaveAttributeAsync("data-budget", budgets.GetProperty("province").GetProperty("budgetTco2e").GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator($"#budget-rows tr[data-entity={cities[0].GetProperty("entityId").GetString()}]")).ToHaveAttributeAsync("data-budget", cities[0].GetProperty("budgetTco2e").GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture));

        // The published version downloads as CSV with the bearer token the page holds.
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#assessment-versions li[data-version='1'] button[data-format=csv]").ClickAsync());
        Assert.Equal("assessment-energy_saving-2025-v1.csv", download.SuggestedFilename);
        var csv = Encoding.UTF8.GetString(await File.ReadAllBytesAsync((await download.PathAsync())!));
        Assert.StartsWith("\uFEFFentity_id,name_zh,name,kind,score,grade", csv, StringComparison.Ordinal);
        Assert.Contains("taiyuan,", csv, StringComparison.Ordinal);
        await DashboardFixture.ScreenshotAsync(page, "assessment");
    }

    [Fact]
    public async Task The_energy_of_a_major_national_project_accounted_apart_is_shown_with_the_regions_energy_total()
    {
        await fixture.GraphQLAsync(
            "mutation($input: RegisterProjectInput!) { registerProject(input: $input) { id } }",
            new { input = new { id = "ui-national", siteEntityId = "yangquan", name = "National project (test)", nameZh = "国家重大项目(测试)", sector = "coking", industryCode = "2521", plannedStartYear = 2025, stage = "UNDER_CONSTRUCTION", nationalMajor = true, annualUse = new { fuels = new[] { new { carrier = "raw_coal", quantity = 1000, unit = "t" } } } } });
        await fixture.GraphQLAsync("mutation { confirmSeparateEnergy(projectId: \"ui-national\", year: 2025, energyTce: 1234.5, reference: \"test confirmation\") { version } }", new { });
        var (page, _) = await fixture.SignedInPageAsync();
        await using var context = page.Context;
        await page.GotoAsync("/#/assessment");
        await page.EvaluateAsync("sessionStorage.setItem('carbon-registry-year', '2025')");
        await page.ReloadAsync();

        var cell = page.Locator("#assessment-table tr[data-entity='yangquan'] td[data-indicator=energy_total] [data-separate]");
        await Assertions.Expect(cell).ToHaveAttributeAsync("data-separate", "1234.5", new() { Timeout = 15_000 });
        await Assertions.Expect(cell).ToContainTextAsync("accounted apart");
    }
}
