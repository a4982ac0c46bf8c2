using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CarbonRegistry.Api.Auth;
using MiniExcelLibs;

namespace CarbonRegistry.Api.Tests;

/// <summary>
/// Spreadsheet intake through the real server: templates read back, a file checked with nothing
/// written, committed all-or-nothing and valid-only, uploaded again without effect, amended through
/// its reason column, and every kind of bad file and row refused with its code and place.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class ImportTests(ApiServerFixture server)
{
    private const string Header = "entity_id,year,month,fuel.raw_coal [吨],gridElectricity [万千瓦时],valueAdded [万元],rawCoalOutput [万吨],reason";

    [Fact]
    public async Task The_templates_name_every_column_with_its_unit_in_both_languages()
    {
        var token = server.Token(RegistryRoles.Reporter, "api-city");
        using var xlsx = await GetAsync(token, "/imports/template?format=xlsx&factorSet=CN-2024.P1");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal("attachment; filename=\"report-template-CN-2024.P1.xlsx\"", xlsx.Content.Headers.ContentDisposition!.ToString());
        var workbook = new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync());
        Assert.Equal(["reports", "units", "about"], MiniExcel.GetSheetNames(workbook));
        var rows = MiniExcel.Query(workbook, sheetName: "reports").Cast<IDictionary<string, object?>>().Select(r => r.Values.Select(v => v?.ToString()).ToList()).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["entity_id", "year", "month"], rows[0].Take(3));
        Assert.Contains("fuel.raw_coal [t]", rows[0]);
        Assert.Contains("gridElectricity [10^4 kWh]", rows[0]);
        Assert.Contains("methane.drained [10^4 m3]", rows[0]);
        Assert.Contains("rawCoalOutput [t]", rows[0]);
        Assert.Contains("product.coke [t]", rows[0]);
        Assert.Equal("reason", rows[0][^1]);
        Assert.Equal("# 单位编码 Entity id", rows[1][0]);
        Assert.Equal("原煤 Raw coal (type not stated) (t)", rows[1][rows[0].IndexOf("fuel.raw_coal [t]")]);
        var units = MiniExcel.Query(workbook, useHeaderRow: true, sheetName: "units").Cast<IDictionary<string, object?>>().ToList();
        var electricity = units.Single(u => (string?)u["column"] == "gridElectricity");
        Assert.Equal("kWh 千瓦时 度 | MWh 兆瓦时 | 10^4 kWh 万千瓦时 万kWh", electricity["units"]);

        using var csv = await GetAsync(token, "/imports/template?format=csv");
        var text = await csv.Content.ReadAsByteArrayAsync();
        Assert.True(text.AsSpan().StartsWith("\uFEFF"u8), "the CSV template starts with a byte order mark, so that spreadsheets read it as UTF-8");
        var lines = Encoding.UTF8.GetString(text[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal(rows[0], lines[0].Split(','));

        using var unknown = await GetAsync(token, "/imports/template?factorSet=XX-1");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var anonymous = await GetAsync(null, "/imports/template");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task A_file_is_checked_without_writing_committed_as_chosen_and_uploaded_again_without_effect()
    {
        var admin = server.Token(RegistryRoles.Admin);
        await server.RegisterAsync(admin, "imp-city", "CITY", "api-prov");
        await server.RegisterAsync(admin, "imp-mine-1", "MINE", "imp-city");
        await server.RegisterAsync(admin, "imp-mine-2", "MINE", "imp-city");
        await server.RegisterAsync(admin, "imp-twin", "MINE", "imp-city");
        await server.RegisterAsync(admin, "imp-other", "MINE", "api-city");
        var reporter = server.Token(RegistryRoles.Reporter, "imp-city");
        var file = Csv(
            "# 单位编码,年,月,原煤,外购电力,增加值,原煤产量,修改原因",
            "imp-mine-1,2024,1,1000,12.5,300,2.4,",
            "imp-mine-1,2024,2,\"1,100\",13,310,2.5,",
            "",
            "imp-mine-2,2024,1,abc,,,,",
            "imp-mine-2,2024,2,-5,,,,",
            "imp-mine-2,2024,3,10,,,,",
            "imp-mine-2,2024,3,20,,,,",
            "imp-other,2024,1,5,,,,");

        var preview = await UploadAsync(reporter, "march.csv", file, "none");
        Assert.Equal((7, 2, 0), (preview.GetProperty("rows").GetInt32(), preview.GetProperty("valid").GetInt32(), preview.GetProperty("committed").GetInt32()));
        var errors = Errors(preview);
        Assert.Equal(
            [
                (6, "D", "fuel.raw_coal", "NOT_A_NUMBER"),
                (7, "D", "fuel.raw_coal", "INVALID_QUANTITY"),
                (8, null, null, "DUPLICATE_ROW"),
                (9, null, null, "DUPLICATE_ROW"),
                (10, null, null, "FORBIDDEN"),
            ],
            errors.Select(e => (e.Row, e.Column, e.Field, e.Code)));
        Assert.All(errors, e => Assert.False(string.IsNullOrEmpty(e.MessageZh)));
        Assert.Equal("第10行:该单位不在您的填报范围内。", errors[^1].MessageZh);
        Assert.Equal([0L, 0L], Accepted(preview).Select(a => a.Sequence));
        Assert.Equal(0, await ReportCountAsync("imp-mine-1"));

        // All or nothing: some rows are refused, so nothing is written.
        var all = await UploadAsync(reporter, "march.csv", file, "all");
        Assert.Equal(0, all.GetProperty("committed").GetInt32());
        Assert.Contains(Errors(all), e => e.Row == 0 && e.Code == "ROWS_REFUSED");
        Assert.Equal(0, await ReportCountAsync("imp-mine-1"));

        // Only the valid rows, sent as a form: the same figures as the API in its own units.
        var valid = await UploadAsync(reporter, "march.csv", file, "valid", multipart: true);
        Assert.Equal(2, valid.GetProperty("committed").GetInt32());
        var committed = Accepted(valid);
        Assert.Equal(["submit", "submit"], committed.Select(a => a.Action));
        Assert.All(committed, a => Assert.True(a.Sequence > 0));
        Assert.Equal(2, await ReportCountAsync("imp-mine-1"));
        var (_, twin) = await server.PostAsync(admin, "mutation($input: ReportInput!) { submitReport(input: $input) { balance { energyTce netTco2e } } }", new
        {
            input = new
            {
                entityId = "imp-twin",
                year = 2024,
                month = 1,
                idempotencyKey = "imp-twin-1",
                fuels = new[] { new { carrier = "raw_coal", quantity = 1_000_000, unit = "kg" } },
                gridElectricity = new { value = 125_000, unit = "kWh" },
                valueAdded = new { value = 300, unit = "万元" }, // an alias through the API: stored as its symbol
                rawCoalOutput = new { value = 24_000, unit = "t" },
            },
        });
        var expected = twin.RootElement.GetProperty("data").GetProperty("submitReport").GetProperty("balance");
        Assert.Equal((expected.GetProperty("energyTce").GetDecimal(), expected.GetProperty("netTco2e").GetDecimal()), (committed[0].EnergyTce, committed[0].NetTco2e));
        var (_, stored) = await server.PostAsync(admin, "{ entity(id: \"imp-mine-1\") { reportVersions(year: 2024, month: 1) { data } } }");
        var data = JsonDocument.Parse(stored.RootElement.GetProperty("data").GetProperty("entity").GetProperty("reportVersions")[0].GetProperty("data").GetString()!).RootElement;
        Assert.Equal("10^4 kWh", data.GetProperty("gridElectricity").GetProperty("unit").GetString());
        Assert.Equal("10^4 t", data.GetProperty("rawCoalOutput").GetProperty("unit").GetString());
        var (_, twinStored) = await server.PostAsync(admin, "{ entity(id: \"imp-twin\") { reportVersions(year: 2024, month: 1) { data } } }");
        Assert.Contains("\"unit\":\"10^4 yuan\"", twinStored.RootElement.GetProperty("data").GetProperty("entity").GetProperty("reportVersions")[0].GetProperty("data").GetString(), StringComparison.Ordinal);

        // The same file again: every row's key was used with the same content, so nothing changes.
        var again = await UploadAsync(reporter, "copy-of-march.csv", file, "valid");
        Assert.Equal(0, again.GetProperty("committed").GetInt32());
        Assert.Equal(["unchanged", "unchanged"], Accepted(again).Select(a => a.Action));
        Assert.Equal(committed.Select(a => a.Sequence), Accepted(again).Select(a => a.Sequence));
        Assert.Equal(2, await ReportCountAsync("imp-mine-1"));

        // A month reported already needs a reason; with one, the row amends it.
        var refused = await UploadAsync(reporter, "fix.csv", Csv("imp-mine-1,2024,1,900,12.5,300,2.4,"), "valid");
        Assert.Equal([(2, "REPORT_EXISTS")], Errors(refused).Select(e => (e.Row, e.Code)));
        var amended = await UploadAsync(reporter, "fix.csv", Csv("imp-mine-1,2024,1,900,12.5,300,2.4,meter read twice"), "valid");
        Assert.Equal(("amend", 2), (Accepted(amended)[0].Action, Accepted(amended)[0].Version));

        // An id that cannot be one, and a decimal comma, are refused where they are.
        var odd = await UploadAsync(admin, "odd.csv", Csv("Not An Id,2024,5,5,,,,", "imp-mine-2,2024,5,\"1,5\",,,,"), "none");
        Assert.Equal([(2, "INVALID_ENTITY_ID"), (3, "NOT_A_NUMBER")], Errors(odd).Select(e => (e.Row, e.Code)));

        await The_year_exports_back_with_every_number_as_the_api_gives_it(reporter, "imp-mine-1");
    }

    /// <summary>The workbook's figures, read from the sheet's XML as written, equal the API's to the last digit; CSV and JSON agree.</summary>
    private async Task The_year_exports_back_with_every_number_as_the_api_gives_it(string token, string entity)
    {
        var (_, api) = await server.PostAsync(token, "query($id: ID!) { entity(id: $id) { monthly(year: 2024, scope: OWN) { period energyTce controlledEnergyTce intensityEnergyTce nonFossilTce deductionRuleSet scope1Tco2e scope2LocationTco2 grossTco2e netTco2e energyIntensity } balance(year: 2024, scope: OWN) { period energyTce grossTco2e netTco2e } } }", new { id = entity });
        var monthly = api.RootElement.GetProperty("data").GetProperty("entity").GetProperty("monthly").EnumerateArray().ToList();
        using var xlsx = await GetAsync(token, $"/exports/entity/{entity}/2024?scope=own&format=xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        var workbook = await xlsx.Content.ReadAsByteArrayAsync();
        Assert.Equal(["balances", "dual_control", "factors", "about"], MiniExcel.GetSheetNames(new MemoryStream(workbook)));
        var header = MiniExcel.Query(new MemoryStream(workbook), sheetName: "balances").Cast<IDictionary<string, object?>>().First().Values.Select(v => v?.ToString()).ToList();
        var cells = SheetValues(workbook, "xl/worksheets/sheet1.xml");
        string Cell(string column, int row) => cells[$"{ImportColumn(header.IndexOf(column))}{row}"];
        foreach (var (balance, row) in monthly.Select((b, i) => (b, i + 2)))
        {
            Assert.Equal(balance.GetProperty("period").GetString(), Cell("period", row));
            Assert.Equal(balance.GetProperty("deductionRuleSet").GetString(), Cell("deduction_rule_set", row));
            foreach (var (field, column) in new[] { ("energyTce", "energy_tce"), ("controlledEnergyTce", "controlled_energy_tce"), ("intensityEnergyTce", "intensity_energy_tce"), ("nonFossilTce", "non_fossil_tce"), ("scope1Tco2e", "scope1_tco2e"), ("scope2LocationTco2", "scope2_location_tco2"), ("grossTco2e", "gross_tco2e"), ("netTco2e", "net_tco2e") })
            {
                Assert.Equal(balance.GetProperty(field).GetDecimal(), decimal.Parse(Cell(column, row), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        var year = api.RootElement.GetProperty("data").GetProperty("entity").GetProperty("balance");
        Assert.Equal(year.GetProperty("netTco2e").GetDecimal(), decimal.Parse(Cell("net_tco2e", 14), System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(monthly[0].GetProperty("energyTce").GetDecimal() > 0m);
        var factors = MiniExcel.Query(new MemoryStream(workbook), useHeaderRow: true, sheetName: "factors").Cast<IDictionary<string, object?>>().ToList();
        Assert.Contains(factors, f => (string?)f["factor"] == "raw_coal.standardCoal" && (string?)f["factor_set"] == "CN-2024.P1" && ((string?)f["source"])!.Contains("GB/T 2589", StringComparison.Ordinal));

        using var json = await GetAsync(token, $"/exports/entity/{entity}/2024?scope=own&format=json");
        var exported = JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(monthly.Select(b => b.GetProperty("grossTco2e").GetDecimal()), exported.GetProperty("balances").EnumerateArray().Take(12).Select(b => b.GetProperty("gross_tco2e").GetDecimal()));
        using var csv = await GetAsync(token, $"/exports/entity/{entity}/2024?scope=own&format=csv");
        var lines = Encoding.UTF8.GetString((await csv.Content.ReadAsByteArrayAsync())[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(14, lines.Length);
        Assert.Equal(monthly[0].GetProperty("netTco2e").GetDecimal().ToString(System.Globalization.CultureInfo.InvariantCulture), lines[1].Split(',')[lines[0].Split(',').ToList().IndexOf("net_tco2e")]);

        using var outside = await GetAsync(server.Token(RegistryRoles.Reporter, "api-city"), $"/exports/entity/{entity}/2024");
        Assert.Equal(HttpStatusCode.Forbidden, outside.StatusCode);
        using var unknown = await GetAsync(server.Token(RegistryRoles.Provincial), "/exports/entity/imp-nobody/2024");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private static string ImportColumn(int index) => index < 26 ? ((char)('A' + index)).ToString() : $"{(char)('A' + (index / 26) - 1)}{(char)('A' + (index % 26))}";

    /// <summary>Each cell's value as the sheet's XML holds it (the text of a number, before any reader turns it into a double).</summary>
    private static Dictionary<string, string> SheetValues(byte[] workbook, string part)
    {
        using var zip = new ZipArchive(new MemoryStream(workbook), ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry(part)!.Open());
        var xml = reader.ReadToEnd();
        return System.Text.RegularExpressions.Regex.Matches(xml, "<(?:\\w+:)?c r=\"(?<ref>[A-Z]+\\d+)\"[^>]*?(?:/>|>(?<body>.*?)</(?:\\w+:)?c>)")
            .ToDictionary(m => m.Groups["ref"].Value, m => System.Text.RegularExpressions.Regex.Match(m.Groups["body"].Value, ">(?<text>[^<]*)</(?:\\w+:)?[vt]>") is { Success: true } v ? System.Net.WebUtility.HtmlDecode(v.Groups["text"].Value) : "");
    }

    [Fact]
    public async Task Bad_files_and_bad_headers_are_refused_whole_with_their_code()
    {
        var reporter = server.Token(RegistryRoles.Reporter, "api-city");
        var workbook = Workbook([("entity_id", "api-mine-a"), ("year", 2024), ("month", 1), ("fuel.raw_coal [t]", 5)]);

        await Refused(reporter, "empty.csv", [], 0, null, "EMPTY_FILE");
        await Refused(reporter, "header.csv", Csv(), 0, null, "EMPTY_FILE");
        await Refused(reporter, "book.xlsx", Csv("api-mine-a,2024,1,5,,,,"), 0, null, "FILE_TYPE_MISMATCH");
        await Refused(reporter, "book.csv", workbook, 0, null, "FILE_TYPE_MISMATCH");
        await Refused(reporter, "quote.csv", Encoding.UTF8.GetBytes("entity_id,year,month\n\"api-mine-a,2024,1\n"), 0, null, "MALFORMED_FILE");
        await Refused(reporter, "column.csv", Encoding.UTF8.GetBytes("entity_id,year,month,coal [t]\napi-mine-a,2024,1,5\n"), 1, "D", "UNKNOWN_COLUMN");
        await Refused(reporter, "unit.csv", Encoding.UTF8.GetBytes("entity_id,year,month,fuel.raw_coal [担]\napi-mine-a,2024,1,5\n"), 1, "D", "UNKNOWN_UNIT");
        await Refused(reporter, "measure.csv", Encoding.UTF8.GetBytes("entity_id,year,month,fuel.raw_coal [kWh]\napi-mine-a,2024,1,5\n"), 1, "D", "UNIT_NOT_VALID");
        await Refused(reporter, "carrier.csv", Encoding.UTF8.GetBytes("entity_id,year,month,fuel.peat [t]\napi-mine-a,2024,1,5\n"), 1, "D", "UNKNOWN_CARRIER");
        await Refused(reporter, "twice.csv", Encoding.UTF8.GetBytes("entity_id,year,month,fuel.raw_coal [t],fuel.raw_coal [kg]\napi-mine-a,2024,1,5,5\n"), 1, "E", "DUPLICATE_COLUMN");
        await Refused(reporter, "nomonth.csv", Encoding.UTF8.GetBytes("entity_id,year,fuel.raw_coal [t]\napi-mine-a,2024,5\n"), 1, null, "MISSING_COLUMN");

        using var large = await PostAsync(reporter, "/imports?name=large.csv", new ByteArrayContent(new byte[ApiServerFixture.ImportLimit + 1]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal("FILE_TOO_LARGE", JsonDocument.Parse(await large.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString());
        using var dashboard = await PostAsync(server.Token(RegistryRoles.Dashboard), "/imports?name=a.csv", new ByteArrayContent(Csv("api-mine-a,2024,1,5,,,,")));
        Assert.Equal(HttpStatusCode.Forbidden, dashboard.StatusCode);
        using var nameless = await PostAsync(reporter, "/imports?name=a.txt", new ByteArrayContent(Csv("api-mine-a,2024,1,5,,,,")));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, nameless.StatusCode);
        using var badId = await GetAsync(reporter, "/exports/entity/not%20an%20id/2024?format=csv");
        Assert.Equal(HttpStatusCode.BadRequest, badId.StatusCode);
        Assert.Contains("INVALID_ENTITY_ID", await badId.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var commit in new[] { "valid,all", "3", "everything" })
        {
            using var odd = await PostAsync(reporter, $"/imports?commit={commit}&name=a.csv", new ByteArrayContent(Csv("api-mine-a,2024,1,5,,,,")));
            Assert.Equal(HttpStatusCode.BadRequest, odd.StatusCode);
        }
    }

    [Fact]
    public async Task A_workbook_refuses_formulas_and_merged_cells_where_they_are()
    {
        // A mine of its own: other tests of the collection file months of the fixture's mines.
        await server.RegisterAsync(server.Token(RegistryRoles.Admin), "imp-wb-mine", "MINE", "api-city");
        var reporter = server.Token(RegistryRoles.Reporter, "api-city");
        var plain = Workbook(
            [("entity_id", "imp-wb-mine"), ("year", 2024), ("month", 1), ("fuel.raw_coal [t]", 5.25)],
            [("entity_id", "imp-wb-mine"), ("year", 2024), ("month", 2), ("fuel.raw_coal [t]", 6.5)]);
        var checkedPlain = await UploadAsync(reporter, "plain.xlsx", plain, "none");
        Assert.Empty(Errors(checkedPlain));
        Assert.Equal(2, checkedPlain.GetProperty("valid").GetInt32());

        // D2 becomes a formula (its cached 5.25 kept); B2:B3 are merged, so both rows are refused.
        var edited = EditSheet(plain, xml =>
        {
            var withFormula = System.Text.RegularExpressions.Regex.Replace(xml, "<(?<p>\\w+:)?c r=\"D2\"[^>]*>(?<v>.*?)</\\k<p>c>", m => $"<{m.Groups["p"].Value}c r=\"D2\"><{m.Groups["p"].Value}f>2*2.625</{m.Groups["p"].Value}f>{m.Groups["v"].Value}</{m.Groups["p"].Value}c>");
            Assert.NotEqual(xml, withFormula);
            var prefix = xml.Contains("<x:sheetData", StringComparison.Ordinal) ? "x:" : "";
            return withFormula.Replace($"</{prefix}sheetData>", $"</{prefix}sheetData><{prefix}mergeCells count=\"1\"><{prefix}mergeCell ref=\"B2:B3\"/></{prefix}mergeCells>", StringComparison.Ordinal);
        });
        var outcome = await UploadAsync(reporter, "edited.xlsx", edited, "valid");
        Assert.Equal(0, outcome.GetProperty("committed").GetInt32());
        Assert.Equal([(2, "B", "MERGED_CELL"), (2, "D", "FORMULA_CELL"), (3, "B", "MERGED_CELL")], Errors(outcome).Select(e => (e.Row, e.Column, e.Code)).Order());

        // A few bytes of huge, repeated ranges refuse the rows that hold data, each once.
        var huge = EditSheet(plain, xml =>
        {
            var prefix = xml.Contains("<x:sheetData", StringComparison.Ordinal) ? "x:" : "";
            var ranges = $"<{prefix}mergeCell ref=\"B2:B3\"/>" + string.Concat(Enumerable.Repeat($"<{prefix}mergeCell ref=\"C2:C1048576\"/>", 2_000));
            return xml.Replace($"</{prefix}sheetData>", $"</{prefix}sheetData><{prefix}mergeCells count=\"2001\">{ranges}</{prefix}mergeCells>", StringComparison.Ordinal);
        });
        var hugeOutcome = await UploadAsync(reporter, "huge.xlsx", huge, "none");
        Assert.Equal([(2, "B", "MERGED_CELL"), (3, "B", "MERGED_CELL")], Errors(hugeOutcome).Select(e => (e.Row, e.Column, e.Code)).Order());
        Assert.Equal(2, hugeOutcome.GetProperty("errorCount").GetInt32());
    }

    private async Task Refused(string token, string name, byte[] content, int row, string? column, string code)
    {
        using var response = await PostAsync(token, $"/imports?name={Uri.EscapeDataString(name)}", new ByteArrayContent(content));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{name}: {(int)response.StatusCode} {body}");
        var outcome = JsonDocument.Parse(body).RootElement;
        Assert.True(outcome.GetProperty("fileRefused").GetBoolean());
        Assert.Equal(0, outcome.GetProperty("committed").GetInt32());
        var error = Assert.Single(Errors(outcome));
        Assert.Equal((row, column, code), (error.Row, error.Column, error.Code));
        Assert.False(string.IsNullOrEmpty(error.MessageZh));
    }

    private static byte[] Csv(params string[] rows) => Encoding.UTF8.GetBytes(string.Join("\n", [Header, .. rows]) + "\n");

    private static byte[] Workbook(params (string Header, object Value)[][] rows)
    {
        var stream = new MemoryStream();
        stream.SaveAs(rows.Select(cells => cells.ToDictionary(c => c.Header, c => c.Value)).ToList());
        return stream.ToArray();
    }

    private static byte[] EditSheet(byte[] workbook, Func<string, string> edit)
    {
        var stream = new MemoryStream();
        stream.Write(workbook);
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = zip.GetEntry("xl/worksheets/sheet1.xml")!;
            string xml;
            using (var reader = new StreamReader(entry.Open()))
            {
                xml = reader.ReadToEnd();
            }

            var changed = edit(xml);
            Assert.NotEqual(xml, changed);
            entry.Delete();
            using var writer = new StreamWriter(zip.CreateEntry("xl/worksheets/sheet1.xml").Open());
            writer.Write(changed);
        }

        return stream.ToArray();
    }

    private async Task<JsonElement> UploadAsync(string token, string name, byte[] content, string commit, bool multipart = false)
    {
        HttpContent body = new ByteArrayContent(content);
        if (multipart)
        {
            body = new MultipartFormDataContent { { body, "file", name } };
        }

        using var response = await PostAsync(token, $"/imports?commit={commit}&name={Uri.EscapeDataString(name)}", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<HttpResponseMessage> PostAsync(string? token, string path, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await server.Http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> GetAsync(string? token, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await server.Http.SendAsync(request);
    }

    private async Task<int> ReportCountAsync(string entity)
    {
        var (_, json) = await server.PostAsync(server.Token(RegistryRoles.Admin), "query($id: ID!) { entity(id: $id) { balance(year: 2024) { reportCount } } }", new { id = entity });
        return json.RootElement.GetProperty("data").GetProperty("entity").GetProperty("balance").GetProperty("reportCount").GetInt32();
    }

    private static List<(int Row, string? Column, string? Field, string Code, string MessageZh)> Errors(JsonElement outcome) =>
        [.. outcome.GetProperty("errors").EnumerateArray().Select(e => (
            e.GetProperty("row").GetInt32(),
            e.GetProperty("column").GetString(),
            e.GetProperty("field").GetString(),
            e.GetProperty("code").GetString()!,
            e.GetProperty("messageZh").GetString()!))];

    private static List<(string Action, int Version, long Sequence, decimal EnergyTce, decimal NetTco2e)> Accepted(JsonElement outcome) =>
        [.. outcome.GetProperty("accepted").EnumerateArray().Select(a => (
            a.GetProperty("action").GetString()!,
            a.GetProperty("reportVersion").GetInt32(),
            a.GetProperty("sequence").GetInt64(),
            a.GetProperty("energyTce").GetDecimal(),
            a.GetProperty("netTco2e").GetDecimal()))];
}
