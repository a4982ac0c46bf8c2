using System.Net;
using System.Text;
using System.Text.Json;
using CarbonRegistry.Testing;
using MiniExcelLibs;

namespace CarbonRegistry.Registry.Tests;

/// <summary>
/// Spreadsheet intake on the production engine: a server process on PostgreSQL takes a workbook
/// made from its own template, commits it, takes it again without effect, and exports the year
/// back with the same figures as the API (the SQLite server runs the same path in the API tests).
/// </summary>
public sealed class ImportOnPostgresTests
{
    [Fact]
    public async Task A_workbook_from_the_template_is_imported_once_and_exported_back_on_PostgreSQL()
    {
        var (environment, token) = RegistryHttp.ServerSettings(PostgresServer.CreateDatabase("import"), "import-test");
        using var directory = new TemporaryDirectory("carbon-import");
        await using var server = await ServerProcess.StartAsync(environment, directory.Path);
        using var client = RegistryHttp.Client(server, token);
        await RegistryHttp.RegisterTreeAsync(client, "ipg-prov", "ipg-city", "ipg-mine", 2);

        // The template's two header rows, then a row per mine and month, in the template's own units.
        var template = await client.GetByteArrayAsync("/imports/template?format=xlsx&factorSet=CN-2024.P1");
        var headers = MiniExcel.Query(new MemoryStream(template), sheetName: "reports").Cast<IDictionary<string, object?>>().First().Values.Select(v => (string)v!).ToList();
        var rows = new List<Dictionary<string, object?>>();
        foreach (var (mine, month) in new[] { ("ipg-mine-0", 1), ("ipg-mine-0", 2), ("ipg-mine-1", 1) })
        {
            var row = headers.ToDictionary(h => h, h => (object?)null);
            row["entity_id"] = mine;
            row["year"] = 2024;
            row["month"] = month;
            row["fuel.raw_coal [t]"] = 800.5 + month;
            row["gridElectricity [10^4 kWh]"] = 11.25;
            row["methane.drained [10^4 m3]"] = 40;
            row["methane.utilised [10^4 m3]"] = 18.5;
            row["valueAdded [10^4 yuan]"] = 275;
            row["rawCoalOutput [t]"] = 21_000;
            rows.Add(row);
        }

        var workbook = new MemoryStream();
        workbook.SaveAs(rows);
        var first = await UploadAsync(client, workbook.ToArray());
        Assert.Equal((3, 3, 3), (first.GetProperty("rows").GetInt32(), first.GetProperty("valid").GetInt32(), first.GetProperty("committed").GetInt32()));
        Assert.Empty(first.GetProperty("errors").EnumerateArray());
        var again = await UploadAsync(client, workbook.ToArray());
        Assert.Equal(0, again.GetProperty("committed").GetInt32());
        Assert.All(again.GetProperty("accepted").EnumerateArray(), a => Assert.True(a.GetProperty("replayed").GetBoolean()));

        // Over Kestrel's default body limit (30,000,000 bytes), under the import's own (64 MiB): the
        // same rows behind 31 MB of note rows, read whole.
        var padded = new StringBuilder("entity_id,year,month,fuel.raw_coal [t]\n");
        while (padded.Length < 31_000_000)
        {
            padded.Append("# ").Append('x', 998).Append('\n');
        }

        padded.Append("ipg-mine-1,2024,5,42\n");
        decimal paddedEnergy;
        using (var large = await client.PostAsync("/imports?commit=valid&name=padded.csv", new ByteArrayContent(Encoding.UTF8.GetBytes(padded.ToString()))))
        {
            var body = await large.Content.ReadAsStringAsync();
            Assert.True(large.StatusCode == HttpStatusCode.OK, body);
            var outcome = JsonDocument.Parse(body).RootElement;
            Assert.Equal(1, outcome.GetProperty("committed").GetInt32());
            paddedEnergy = outcome.GetProperty("accepted")[0].GetProperty("energyTce").GetDecimal();
        }

        var balance = await RegistryHttp.BalanceAsync(client, "ipg-city", 2024);
        Assert.Equal(4, balance.GetProperty("reportCount").GetInt32());
        var accepted = first.GetProperty("accepted").EnumerateArray().ToList();
        Assert.Equal(accepted.Sum(a => a.GetProperty("energyTce").GetDecimal()) + paddedEnergy, balance.GetProperty("energyTce").GetDecimal());

        var exported = JsonDocument.Parse(await client.GetStringAsync("/exports/entity/ipg-city/2024?format=json")).RootElement;
        var year = exported.GetProperty("balances")[12];
        Assert.Equal("2024", year.GetProperty("period").GetString());
        Assert.Equal(balance.GetProperty("grossTco2e").GetDecimal(), year.GetProperty("gross_tco2e").GetDecimal());
        Assert.Equal(balance.GetProperty("energyTce").GetDecimal(), year.GetProperty("energy_tce").GetDecimal());
    }

    private static async Task<JsonElement> UploadAsync(HttpClient client, byte[] workbook)
    {
        using var response = await client.PostAsync("/imports?commit=valid&name=ipg-2024.xlsx", new ByteArrayContent(workbook));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement;
    }
}
