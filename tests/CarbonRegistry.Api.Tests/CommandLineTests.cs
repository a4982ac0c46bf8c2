using System.Text;
using System.Text.Json;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Testing;

namespace CarbonRegistry.Api.Tests;

/// <summary>
/// The command-line client (verbs of the server's executable) against the real server: template,
/// import with its row-error report, export and recalculate, each with the exit code a script
/// branches on (0 done, 1 refused, 2 usage, 3 unavailable).
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class CommandLineTests(ApiServerFixture server)
{
    [Fact]
    public async Task The_client_imports_exports_and_recalculates_with_exit_codes_a_script_can_use()
    {
        var admin = server.Token(RegistryRoles.Admin);
        await server.RegisterAsync(admin, "cli-city", "CITY", "api-prov");
        await server.RegisterAsync(admin, "cli-mine-1", "MINE", "cli-city");
        await server.RegisterAsync(admin, "cli-mine-2", "MINE", "cli-city");
        using var directory = new TemporaryDirectory("carbon-cli");
        var reporter = Environment(server.Token(RegistryRoles.Reporter, "cli-city"));

        var (code, output, _) = await RunAsync(reporter, directory, "template", "--format", "csv", "--out", "template.csv");
        Assert.Equal(0, code);
        Assert.Contains("template.csv", output, StringComparison.Ordinal);
        var header = (await File.ReadAllTextAsync(Path.Combine(directory.Path, "template.csv"))).TrimStart('\uFEFF').Split("\r\n")[0];
        Assert.StartsWith("entity_id,year,month,", header, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(directory.Path, "march.csv"), string.Join('\n',
            "entity_id,year,month,fuel.raw_coal [吨],gridElectricity [万千瓦时]",
            "cli-mine-1,2024,3,1500,20",
            "cli-mine-2,2024,3,900,12",
            "cli-mine-2,2024,4,many,12") + "\n", Encoding.UTF8);
        (code, output, _) = await RunAsync(reporter, directory, "import", "march.csv", "--dry-run");
        Assert.Equal(1, code);
        Assert.Contains("NOT_A_NUMBER", output, StringComparison.Ordinal);
        Assert.Contains("3 rows, 2 valid, 0 committed (dry run: nothing written)", output, StringComparison.Ordinal);
        Assert.Equal(0, await ReportCountAsync("cli-city"));

        (code, output, _) = await RunAsync(reporter, directory, "import", "march.csv");
        Assert.Equal(1, code);
        Assert.Contains("2 committed", output, StringComparison.Ordinal);
        (code, output, _) = await RunAsync(reporter, directory, "import", "march.csv", "--zh");
        Assert.Equal(1, code);
        Assert.Contains("0 committed", output, StringComparison.Ordinal);
        Assert.Contains("应为数值", output, StringComparison.Ordinal);
        Assert.Equal(2, await ReportCountAsync("cli-city"));

        await File.WriteAllTextAsync(Path.Combine(directory.Path, "april.csv"), "entity_id,year,month,fuel.raw_coal [t]\ncli-mine-2,2024,4,950\n", Encoding.UTF8);
        (code, _, _) = await RunAsync(reporter, directory, "import", "april.csv");
        Assert.Equal(0, code);

        (code, _, _) = await RunAsync(reporter, directory, "export", "cli-city", "2024", "--format", "json", "--out", "city.json");
        Assert.Equal(0, code);
        var exported = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory.Path, "city.json"))).RootElement.GetProperty("balances")[12];
        var (_, api) = await server.PostAsync(admin, "{ entity(id: \"cli-city\") { balance(year: 2024) { grossTco2e reportCount } } }");
        var balance = api.RootElement.GetProperty("data").GetProperty("entity").GetProperty("balance");
        Assert.Equal((balance.GetProperty("grossTco2e").GetDecimal(), 3), (exported.GetProperty("gross_tco2e").GetDecimal(), exported.GetProperty("report_count").GetInt32()));

        // Nothing was pinned yet: the city (no reports) and both mines are recalculated onto the set.
        (code, output, _) = await RunAsync(Environment(admin), directory, "recalculate", "cli-city", "2024", "CN-2024.P1", "--job", "cli-job-1");
        Assert.True(code == 0, output);
        Assert.Contains("Finished: 3 recalculated, 0 unchanged, 0 refused.", output, StringComparison.Ordinal);
        (code, output, _) = await RunAsync(Environment(admin), directory, "recalculate", "cli-city", "2024", "CN-2024.P1", "--job", "cli-job-1");
        Assert.True(code == 0, output); // the same job followed again: the same outcome, nothing redone
        Assert.Contains("Finished: 3 recalculated, 0 unchanged, 0 refused.", output, StringComparison.Ordinal);
        (code, output, _) = await RunAsync(Environment(admin), directory, "recalculate", "cli-city", "2024", "CN-2024.P1", "--job", "cli-job-2");
        Assert.True(code == 0, output); // a new job: every entity pinned to the set already
        Assert.Contains("Finished: 0 recalculated, 3 unchanged, 0 refused.", output, StringComparison.Ordinal);
        (code, output, _) = await RunAsync(Environment(admin), directory, "recalculate", "cli-city", "2023", "CN-2024.P1");
        Assert.True(code == 1, output);
        Assert.Contains("FACTOR_NOT_AVAILABLE", output, StringComparison.Ordinal);
        (code, output, _) = await RunAsync(reporter, directory, "recalculate", "cli-city", "2024", "CN-2024.P1");
        Assert.True(code == 3, output); // a reporter may not

        (code, _, _) = await RunAsync(reporter, directory, "import");
        Assert.Equal(2, code);
        (code, _, _) = await RunAsync(reporter, directory, "export", "cli-city", "last-year");
        Assert.Equal(2, code);
        (code, _, _) = await RunAsync(Environment("not-a-token"), directory, "export", "cli-city", "2024");
        Assert.Equal(3, code);
        (code, _, _) = await RunAsync(new Dictionary<string, string> { ["CARBON_REGISTRY_URL"] = "http://127.0.0.1:9", ["CARBON_REGISTRY_TOKEN"] = admin }, directory, "export", "cli-city", "2024");
        Assert.Equal(3, code);
    }

    private Dictionary<string, string> Environment(string token) => new()
    {
        ["CARBON_REGISTRY_URL"] = server.Http.BaseAddress!.ToString(),
        ["CARBON_REGISTRY_TOKEN"] = token,
    };

    private static async Task<(int Code, string Output, string Error)> RunAsync(Dictionary<string, string> environment, TemporaryDirectory directory, params string[] arguments)
    {
        var (code, output, error) = await ServerProcess.RunAsync(arguments, directory.Path, environment);
        return (code, output + error, error);
    }

    private async Task<int> ReportCountAsync(string entity)
    {
        var (_, json) = await server.PostAsync(server.Token(RegistryRoles.Admin), "query($id: ID!) { entity(id: $id) { balance(year: 2024) { reportCount } } }", new { id = entity });
        return json.RootElement.GetProperty("data").GetProperty("entity").GetProperty("balance").GetProperty("reportCount").GetInt32();
    }
}
