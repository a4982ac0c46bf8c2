using System.Text;
using CarbonRegistry.Api.Auth;
using Microsoft.Playwright;

namespace CarbonRegistry.Dashboard.Tests;

/// <summary>The import page and the entity page's export, as a reporter's browser uses them.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ImportPageTests(DashboardFixture fixture)
{
    [Fact]
    public async Task A_template_is_downloaded_filled_uploaded_checked_committed_and_the_year_exported()
    {
        await fixture.GraphQLAsync(
            "mutation($input: RegisterEntityInput!) { registerEntity(input: $input) { id } }",
            new { input = new { id = "ui-import-ent", kind = "ENTERPRISE", name = "Import test enterprise", nameZh = "导入测试企业", parentId = "taiyuan" } });
        var (page, _) = await fixture.SignedInPageAsync(fixture.Token(RegistryRoles.Admin));
        await using var context = page.Context;
        await page.GotoAsync("/#/import");

        var template = await page.RunAndWaitForDownloadAsync(() => page.Locator("button[data-template=csv]").ClickAsync());
        // Named by the server, after the factor set it follows.
        var sets = (await fixture.GraphQLAsync("query { factorSets { id } }", new { })).GetProperty("factorSets").EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToList();
        Assert.Contains(template.SuggestedFilename, sets.Select(id => $"report-template-{id}.csv"));
        var header = (await File.ReadAllTextAsync((await template.PathAsync())!, Encoding.UTF8)).TrimStart('\uFEFF').Split("\r\n")[0].Split(',');
        Assert.Equal(["entity_id", "year", "month"], header.Take(3));

        // Two months in the template's columns: the second has a text where a number belongs.
        string Row(string month, string coal) => string.Join(',', header.Select(h => h switch
        {
            "entity_id" => "ui-import-ent",
            "year" => "2024",
            "month" => month,
            "fuel.raw_coal [t]" => coal,
            "gridElectricity [10^4 kWh]" => "35.5",
            "valueAdded [10^4 yuan]" => "820",
            _ => "",
        }));
        var file = Encoding.UTF8.GetBytes(string.Join("\n", string.Join(',', header), Row("3", "1200"), Row("4", "n/a")) + "\n");
        await page.Locator("#import-file").SetInputFilesAsync(new FilePayload { Name = "ui-import.csv", MimeType = "text/csv", Buffer = file });

        await Assertions.Expect(page.Locator("#import-summary")).ToHaveAttributeAsync("data-valid", "1", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#import-errors tr")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#import-errors tr[data-code=NOT_A_NUMBER]")).ToHaveAttributeAsync("data-row", "3");
        await Assertions.Expect(page.Locator("#import-accepted tr[data-row='2']")).ToHaveAttributeAsync("data-action", "submit");
        await Assertions.Expect(page.Locator("#import-commit-all")).ToBeDisabledAsync();
        await DashboardFixture.ScreenshotAsync(page, "import");

        await page.Locator("#import-commit-valid").ClickAsync();
        await Assertions.Expect(page.Locator("#import-summary")).ToHaveAttributeAsync("data-committed", "1", new() { Timeout = 15_000 });
        var balance = (await fixture.GraphQLAsync("{ entity(id: \"ui-import-ent\") { balance(year: 2024, month: 3, scope: OWN) { reportCount energyTce } } }", new { })).GetProperty("entity").GetProperty("balance");
        Assert.Equal(1, balance.GetProperty("reportCount").GetInt32());
        Assert.True(balance.GetProperty("energyTce").GetDecimal() > 0m);

        // The entity page exports the year as a workbook.
        await page.EvaluateAsync("sessionStorage.setItem('carbon-registry-year', '2024')");
        await page.GotoAsync("/#/entity/ui-import-ent");
        await page.ReloadAsync();
        var export = await page.RunAndWaitForDownloadAsync(() => page.Locator("#entity-export button[data-format=xlsx]").ClickAsync());
        Assert.Equal("ui-import-ent-2024-total.xlsx", export.SuggestedFilename);
        Assert.True((await File.ReadAllBytesAsync((await export.PathAsync())!)).AsSpan().StartsWith("PK"u8), "the export is a workbook (a zip)");
    }
}
