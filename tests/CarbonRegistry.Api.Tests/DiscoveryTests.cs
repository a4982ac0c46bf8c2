using System.Text.Json;
using CarbonRegistry.Api.Auth;

namespace CarbonRegistry.Api.Tests;

/// <summary>What a client can discover through the API: units, carriers, entities by name, and who has filed a month.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class DiscoveryTests(ApiServerFixture server)
{
    [Fact]
    public async Task Units_and_carriers_say_what_a_report_may_contain()
    {
        var data = await DataAsync(server.Token(RegistryRoles.Reporter, "api-mine-a"), "{ units { symbol measure baseSymbol toBase aliases } carriers { code nameZh measure units standardCoal { value unit source } } }");

        var units = data.GetProperty("units").EnumerateArray().ToDictionary(u => u.GetProperty("symbol").GetString()!);
        Assert.Equal(1m, units["t"].GetProperty("toBase").GetDecimal());
        Assert.Equal(0.001m, units["kg"].GetProperty("toBase").GetDecimal());
        Assert.Equal("t", units["kg"].GetProperty("baseSymbol").GetString());
        Assert.Equal(10_000m, units["10^4 kWh"].GetProperty("toBase").GetDecimal());
        Assert.Equal(["万千瓦时", "万kWh"], units["10^4 kWh"].GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        var rawCoal = data.GetProperty("carriers").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "raw_coal");
        Assert.Equal("原煤", rawCoal.GetProperty("nameZh").GetString());
        Assert.Equal(["t", "kg", "10^4 t"], rawCoal.GetProperty("units").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(0.7143m, rawCoal.GetProperty("standardCoal").GetProperty("value").GetDecimal());
        Assert.Contains("GB/T 2589", rawCoal.GetProperty("standardCoal").GetProperty("source").GetString(), StringComparison.Ordinal);

        var (_, unknown) = await server.PostAsync(server.Token(RegistryRoles.Dashboard), "{ carriers(factorSetId: \"XX-1\") { code } }");
        Assert.Equal("UNKNOWN_FACTOR_SET", unknown.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task Entities_are_found_by_English_or_Chinese_name()
    {
        var admin = server.Token(RegistryRoles.Admin);
        var (_, registered) = await server.PostAsync(admin, "mutation { registerEntity(input: { id: \"search-mine\", kind: MINE, name: \"Xishan 50%_Coal Mine\", nameZh: \"西山煤矿\", parentId: \"api-city\" }) { id } }");
        Assert.False(registered.RootElement.TryGetProperty("errors", out var errors), errors.ToString());
        const string Query = "query($s: String) { entities(search: $s, first: 50) { nodes { id } } }";

        foreach (var (search, found) in new[] { ("xishan", true), ("西山", true), ("50%_c", true), ("50%x", false), ("nowhere", false) })
        {
            var nodes = (await DataAsync(server.Token(RegistryRoles.Dashboard), Query, new { s = search })).GetProperty("entities").GetProperty("nodes");
            Assert.Equal(found, nodes.EnumerateArray().Any(n => n.GetProperty("id").GetString() == "search-mine"));
        }
    }

    [Fact]
    public async Task Filing_status_lists_who_has_filed_a_month_and_who_has_not()
    {
        var admin = server.Token(RegistryRoles.Admin);
        await server.RegisterAsync(admin, "fs-city", "CITY", "api-prov");
        await server.RegisterAsync(admin, "fs-zone", "ZONE", "fs-city");
        await server.RegisterAsync(admin, "fs-mine-1", "MINE", "fs-zone");
        await server.RegisterAsync(admin, "fs-mine-2", "MINE", "fs-city");
        await server.SubmitAsync(admin, "fs-mine-1", 2024, 3, "fs-2024-03");

        var status = (await DataAsync(server.Token(RegistryRoles.Provincial), "{ entity(id: \"fs-city\") { filingStatus(year: 2024, month: 3) { due filed { id } notFiled { id } } } }")).GetProperty("entity").GetProperty("filingStatus");

        Assert.True(status.GetProperty("due").GetBoolean());
        Assert.Equal(["fs-mine-1"], status.GetProperty("filed").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(["fs-mine-2"], status.GetProperty("notFiled").EnumerateArray().Select(e => e.GetProperty("id").GetString()));

        var (_, reporter) = await server.PostAsync(server.Token(RegistryRoles.Reporter, "fs-city"), "{ entity(id: \"fs-city\") { filingStatus(year: 2024, month: 3) { due } } }");
        Assert.Equal("FORBIDDEN", reporter.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        var (_, bad) = await server.PostAsync(admin, "{ entity(id: \"fs-city\") { filingStatus(year: 2024, month: 13) { due } } }");
        Assert.Equal("INVALID_PERIOD", bad.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    private async Task<JsonElement> DataAsync(string token, string query, object? variables = null)
    {
        var (status, json) = await server.PostAsync(token, query, variables);
        Assert.Equal(200, status);
        Assert.False(json.RootElement.TryGetProperty("errors", out var errors), errors.ToString());
        return json.RootElement.GetProperty("data").Clone();
    }

    [Fact]
    public async Task A_months_balance_explains_itself_line_by_line_with_its_factors_and_the_versions_behind_it()
    {
        var admin = server.Token(RegistryRoles.Admin);
        await server.RegisterAsync(admin, "ex-mine", "MINE", "api-city");
        var (_, filed) = await server.PostAsync(admin, "mutation($input: ReportInput!) { submitReport(input: $input) { sequence } }", new { input = new { entityId = "ex-mine", year = 2023, month = 4, idempotencyKey = "ex-1", fuels = new[] { new { carrier = "raw_coal", quantity = 100, unit = "t" }, new { carrier = "diesel", quantity = 2, unit = "t" } }, gridElectricity = new { value = 50, unit = "MWh" }, processCo2 = new { value = 7, unit = "tCO2" } } });
        Assert.False(filed.RootElement.TryGetProperty("errors", out var errors), errors.ToString());

        await server.PostAsync(admin, "mutation($input: ReportInput!) { submitReport(input: $input) { sequence } }", new { input = new { entityId = "ex-mine", year = 2023, month = 6, idempotencyKey = "ex-2", fuels = new[] { new { carrier = "raw_coal", quantity = 50_000, unit = "kg" } } } });
        var entity = (await DataAsync(server.Token(RegistryRoles.Dashboard), "{ entity(id: \"ex-mine\") { balance(year: 2023, month: 4, scope: OWN) { energyTce grossTco2e factorSetId } explain(year: 2023, month: 4) { factorSetId contributions { field carrier energyTce grossTco2e factors { name value unit source } } reports { period version sequence } } none: explain(year: 2023, month: 5) { period } year: balance(year: 2023) { grossTco2e explain { period contributions { field carrier quantity unit grossTco2e } reports { period } } } } }")).GetProperty("entity");

        var balance = entity.GetProperty("balance");
        var explain = entity.GetProperty("explain");
        var contributions = explain.GetProperty("contributions").EnumerateArray().ToList();
        Assert.Equal(["fuels[0]", "fuels[1]", "gridElectricity", "processCo2"], contributions.Select(c => c.GetProperty("field").GetString()));
        Assert.Equal(balance.GetProperty("energyTce").GetDecimal(), contributions.Sum(c => c.GetProperty("energyTce").GetDecimal()));
        Assert.Equal(balance.GetProperty("grossTco2e").GetDecimal(), contributions.Sum(c => c.GetProperty("grossTco2e").GetDecimal()));
        Assert.Equal(balance.GetProperty("factorSetId").GetString(), explain.GetProperty("factorSetId").GetString());
        Assert.All(contributions[0].GetProperty("factors").EnumerateArray(), f => Assert.False(string.IsNullOrWhiteSpace(f.GetProperty("source").GetString())));
        Assert.Equal(filed.RootElement.GetProperty("data").GetProperty("submitReport").GetProperty("sequence").GetInt64(), explain.GetProperty("reports")[0].GetProperty("sequence").GetInt64());
        Assert.Equal(JsonValueKind.Null, entity.GetProperty("none").ValueKind);

        // The year's balance (a mine: its total is its own) explains itself: April and June, raw
        // coal summed in tonnes (100 t + 50,000 kg = 150 t), the lines adding up to the year.
        var year = entity.GetProperty("year");
        var yearly = year.GetProperty("explain");
        Assert.Equal(["2023-04", "2023-06"], yearly.GetProperty("reports").EnumerateArray().Select(r => r.GetProperty("period").GetString()));
        var coal = yearly.GetProperty("contributions").EnumerateArray().Single(c => c.GetProperty("carrier").GetString() == "raw_coal");
        Assert.Equal(("fuels", 150m, "t"), (coal.GetProperty("field").GetString(), coal.GetProperty("quantity").GetDecimal(), coal.GetProperty("unit").GetString()));
        Assert.Equal(year.GetProperty("grossTco2e").GetDecimal(), yearly.GetProperty("contributions").EnumerateArray().Sum(c => c.GetProperty("grossTco2e").GetDecimal()));

        // A city's total is the sum of its members': it has no lines of its own to explain.
        var cityTotal = await DataAsync(server.Token(RegistryRoles.Dashboard), "{ entity(id: \"api-city\") { balance(year: 2023) { explain { period } } } }");
        Assert.Equal(JsonValueKind.Null, cityTotal.GetProperty("entity").GetProperty("balance").GetProperty("explain").ValueKind);
    }

    [Fact]
    public async Task Error_codes_alert_kinds_and_event_types_are_enums_of_the_schema()
    {
        var data = await DataAsync(server.Token(RegistryRoles.Reporter, "api-mine-a"), "{ errorCodes kinds: __type(name: \"AlertKind\") { enumValues { name } } events: __type(name: \"LedgerEventType\") { enumValues { name } } }");

        var codes = data.GetProperty("errorCodes").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Superset(new HashSet<string?> { "UNKNOWN_ENTITY", "INVALID_QUANTITY", "BAD_REQUEST", "FORBIDDEN", "PERSISTED_DOCUMENT_REQUIRED", "ASSESSMENT_ALREADY_PUBLISHED", "APPROVALS_FROZEN" }, codes.ToHashSet());
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        Assert.Contains(data.GetProperty("kinds").GetProperty("enumValues").EnumerateArray(), v => v.GetProperty("name").GetString() == "RECTIFICATION_OVERDUE");
        Assert.Contains(data.GetProperty("events").GetProperty("enumValues").EnumerateArray(), v => v.GetProperty("name").GetString() == "ReportSubmitted");
    }

    [Fact]
    public async Task Every_field_and_input_field_of_the_schema_is_described()
    {
        var data = await DataAsync(server.Token(RegistryRoles.Dashboard), "{ __schema { types { name kind fields { name description } inputFields { name description } } } }");

        var undescribed = data.GetProperty("__schema").GetProperty("types").EnumerateArray()
            .Where(t => !t.GetProperty("name").GetString()!.StartsWith("__", StringComparison.Ordinal))
            .SelectMany(t => new[] { "fields", "inputFields" }
                .Where(list => t.GetProperty(list).ValueKind == JsonValueKind.Array)
                .SelectMany(list => t.GetProperty(list).EnumerateArray())
                .Where(f => string.IsNullOrWhiteSpace(f.GetProperty("description").GetString()))
                .Select(f => $"{t.GetProperty("name").GetString()}.{f.GetProperty("name").GetString()}"))
            .ToList();
        Assert.Empty(undescribed);
    }

    [Theory]
    [InlineData("Balance")]
    [InlineData("Assessment")]
    [InlineData("RegionAssessment")]
    [InlineData("Production")]
    public async Task The_figures_types_are_described_in_the_schema(string type)
    {
        var data = await DataAsync(server.Token(RegistryRoles.Dashboard), $"{{ __type(name: \"{type}\") {{ description }} }}");

        Assert.False(string.IsNullOrWhiteSpace(data.GetProperty("__type").GetProperty("description").GetString()));
    }
}
