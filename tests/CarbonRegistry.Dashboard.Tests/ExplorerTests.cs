using Microsoft.Playwright;

namespace CarbonRegistry.Dashboard.Tests;

/// <summary>GraphiQL at /graphiql/: offline, signed in with the dashboard's token, loading the schema and running a query.</summary>
[Collection(DashboardCollection.Name)]
public sealed class ExplorerTests(DashboardFixture fixture)
{
    [Fact]
    public async Task GraphiQL_loads_the_schema_and_runs_an_example_query_with_the_dashboards_token_and_nothing_from_elsewhere()
    {
        var (page, requests) = await fixture.NewPageAsync();
        await using var context = page.Context;
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (violations)
                {
                    violations.Add(message.Text);
                }
            }
        };

        // Without a token the page asks for one; the token signs it in.
        await page.GotoAsync("/graphiql");
        await page.Locator("#token").FillAsync(fixture.Token(Api.Auth.RegistryRoles.Dashboard));
        await page.Locator(".sign-in button").ClickAsync();

        // The schema is loaded (the documentation explorer lists the root types) and the first
        // example, the discovery query, runs.
        await Assertions.Expect(page.Locator(".graphiql-container")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await page.Locator("button[aria-label='Show Documentation Explorer']").ClickAsync();
        await Assertions.Expect(page.Locator(".graphiql-doc-explorer")).ToContainTextAsync("Query", new() { Timeout = 30_000 });
        await page.Locator(".graphiql-execute-button").ClickAsync();
        await Assertions.Expect(page.Locator(".graphiql-response")).ToContainTextAsync("\"baseSymbol\"", new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator(".graphiql-response")).ToContainTextAsync("\"measure\": \"StandardCoal\""); // the editor renders the lines in view only
        await DashboardFixture.ScreenshotAsync(page, "graphiql");

        Assert.All(requests, url => Assert.StartsWith(fixture.Proxy.Address.ToString(), url, StringComparison.Ordinal));
        Assert.Empty(violations);
    }
}
