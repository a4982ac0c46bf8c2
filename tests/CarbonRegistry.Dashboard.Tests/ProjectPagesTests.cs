using Microsoft.Playwright;

namespace CarbonRegistry.Dashboard.Tests;

/// <summary>The project ledger's pages in headless Chromium against the real server with the demo projects.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ProjectPagesTests(DashboardFixture fixture)
{
    [Fact]
    public async Task The_projects_page_lists_stages_flags_and_each_citys_headroom_and_filters_by_flag()
    {
        var (page, _) = await fixture.SignedInPageAsync();
        await using var context = page.Context;

        await page.Locator("#nav-projects").ClickAsync();

        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "projects", new() { Timeout = 10_000 });
        await page.Locator("#stage-filter").SelectOptionAsync("");
        await page.Locator("#flag-filter").SelectOptionAsync("");
        // The demo's five (other tests of the collection may register projects of their own).
        var rows = page.Locator("#project-table tbody tr[data-project^='demo-']");
        await Assertions.Expect(rows).ToHaveCountAsync(5);
        await Assertions.Expect(page.Locator("#project-table tr[data-project=demo-changzhi-coal-chemicals] td[data-stage]")).ToHaveTextAsync("Under construction");
        await Assertions.Expect(page.Locator("#project-table tr[data-project=demo-datong-power] [data-flag=BELOW_BASELINE]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#project-table tr[data-project=demo-datong-power] td[data-substitution]")).ToHaveTextAsync("Ratio not set");

        // Changzhi's coal-to-olefins plant is under construction: its new use is committed headroom.
        await Assertions.Expect(page.Locator("#headroom-table tr[data-city=changzhi]")).ToContainTextAsync("73.89");
        await DashboardFixture.ScreenshotAsync(page, "projects");

        await page.Locator("#flag-filter").SelectOptionAsync("BELOW_BENCHMARK");
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await Assertions.Expect(rows.First).ToHaveAttributeAsync("data-project", "demo-taiyuan-cement");

        await page.Locator("#language").ClickAsync();
        await Assertions.Expect(page.Locator("#projects h2")).ToHaveTextAsync("两高项目");
        await Assertions.Expect(rows.First.Locator("td[data-stage]")).ToHaveTextAsync("拟建");
        await DashboardFixture.ScreenshotAsync(page, "projects-zh");
        await page.Locator("#flag-filter").SelectOptionAsync("");
        await page.Locator("#language").ClickAsync();
    }

    [Fact]
    public async Task A_sign_off_arrives_on_the_open_project_page_without_reload()
    {
        var (page, _) = await fixture.SignedInPageAsync();
        await using var context = page.Context;
        await page.GotoAsync("/#/project/demo-linfen-coking");
        await Assertions.Expect(page.Locator("body")).ToHaveAttributeAsync("data-ready", "project", new() { Timeout = 10_000 });
        var round = page.Locator("#review-rounds .round[data-round='1']");
        await Assertions.Expect(round).ToHaveAttributeAsync("data-status", "OPEN");
        await Assertions.Expect(round.Locator("li[data-department=energy]")).ToHaveAttributeAsync("data-decision", "approve");
        var ecology = round.Locator("li[data-department=ecology_environment]");
        await Assertions.Expect(ecology).ToHaveAttributeAsync("data-decision", "pending");
        await Assertions.Expect(page.Locator("#substitution-plan [data-substitution]")).ToHaveAttributeAsync("data-substitution", "OPEN");
        await page.EvaluateAsync("() => { window.notReloaded = true; }");

        await fixture.GraphQLAsync(
            "mutation { signOffReview(projectId: \"demo-linfen-coking\", department: \"ecology_environment\", approve: true, comment: \"Regional offset in place (test).\", conditions: \"Offset verified each year (test).\") { version } }",
            new { });

        await Assertions.Expect(ecology).ToHaveAttributeAsync("data-decision", "approve", new() { Timeout = 10_000 });
        await Assertions.Expect(ecology).ToContainTextAsync("Regional offset in place (test).");
        await Assertions.Expect(ecology.Locator(".conditions")).ToHaveTextAsync("on conditions: Offset verified each year (test).");
        await Assertions.Expect(page.Locator("#project-history tbody tr")).ToHaveCountAsync(5);
        Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was reloaded");
        await DashboardFixture.ScreenshotAsync(page, "project-live-sign-off");
    }
}
