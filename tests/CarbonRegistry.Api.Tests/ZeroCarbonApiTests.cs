using System.Text.Json;
using CarbonRegistry.Api.Auth;

namespace CarbonRegistry.Api.Tests;

/// <summary>
/// Production in reports, baselines and the zero-carbon programmes through the real server: a mine
/// reports its raw coal output, registers its baseline, and is held to the coal-industry targets;
/// bad output and a baseline without data are refused with their codes and nothing written.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class ZeroCarbonApiTests(ApiServerFixture server)
{
    private const string Submit = "mutation($input: ReportInput!) { submitReport(input: $input) { sequence balance { rawCoalOutputT energyPerTonneRawCoalKgce co2PerTonneRawCoal gasUseRate } } }";

    [Fact]
    public async Task A_mine_reports_its_output_and_is_held_to_the_coal_industry_targets_against_its_baseline()
    {
        var admin = server.Token(RegistryRoles.Admin);
        await TreeAsync(admin);
        await server.RegisterAsync(admin, "zc-mine", "MINE", "zc-city");

        // 2024-01: 1,000 t of raw coal burned (714.3 tce) for 100,000 t of raw coal produced:
        // 7.143 kgce/t; 1,000,000 m3 drained, 600,000 used: 0.6.
        var (_, first) = await server.PostAsync(admin, Submit, new { input = Report("zc-mine", 2024, 1, 100_000m, "zc-2024-01") });
        var balance = Data(first, "submitReport").GetProperty("balance");
        Assert.Equal(100_000m, balance.GetProperty("rawCoalOutputT").GetDecimal());
        Assert.Equal(7.143m, balance.GetProperty("energyPerTonneRawCoalKgce").GetDecimal());
        Assert.Equal(0.6m, balance.GetProperty("gasUseRate").GetDecimal());

        // The baseline is computed from 2024's reports; entered figures need their source.
        var (_, computed) = await server.PostAsync(server.Token(RegistryRoles.Provincial), "mutation { setBaseline(entityId: \"zc-mine\", input: { year: 2024 }) { year computed energyPerTonneRawCoalKgce source } }");
        var baseline = Data(computed, "setBaseline");
        Assert.True(baseline.GetProperty("computed").GetBoolean());
        Assert.Equal(7.143m, baseline.GetProperty("energyPerTonneRawCoalKgce").GetDecimal());
        await RefusedAsync("MISSING_FIELD", "mutation { setBaseline(entityId: \"zc-mine\", input: { year: 2020, energyPerTonneRawCoalKgce: 9.0 }) { year } }");
        await RefusedAsync("BASELINE_NO_DATA", "mutation { setBaseline(entityId: \"zc-mine\", input: { year: 2020 }) { year } }");
        var (_, entered) = await server.PostAsync(server.Token(RegistryRoles.Provincial), "mutation { setBaseline(entityId: \"zc-mine\", input: { year: 2020, energyPerTonneRawCoalKgce: 9.0, source: \"mine's 2020 energy audit\" }) { year computed } }");
        Assert.False(Data(entered, "setBaseline").GetProperty("computed").GetBoolean());

        // 2025-01: 7.143 kgce/t against 9.0 in 2020: 20.6% below, more than the 10% due by 2025.
        await server.PostAsync(admin, Submit, new { input = Report("zc-mine", 2025, 1, 100_000m, "zc-2025-01") });
        var (_, read) = await server.PostAsync(server.Token(RegistryRoles.Dashboard), "{ entity(id: \"zc-mine\") { baseline { year source } zeroCarbon(year: 2025) { code indicators { code value threshold baseValue status } } } }");
        var entity = Data(read, "entity");
        Assert.Equal(2020, entity.GetProperty("baseline").GetProperty("year").GetInt32());
        var programme = Assert.Single(entity.GetProperty("zeroCarbon").EnumerateArray());
        Assert.Equal("shanxi_coal_industry", programme.GetProperty("code").GetString());
        var energy = programme.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "energy_per_tonne_reduction");
        Assert.Equal(8.1m, energy.GetProperty("threshold").GetDecimal()); // 9.0 × 0.9
        Assert.Equal("MET", energy.GetProperty("status").GetString());
    }

    [Fact]
    public async Task An_enterprise_states_its_main_product_and_its_city_sums_co2_per_tonne()
    {
        var admin = server.Token(RegistryRoles.Admin);
        await TreeAsync(admin);
        await server.RegisterAsync(admin, "zc-coking", "ENTERPRISE", "zc-city");
        const string WithProducts = "mutation($input: ReportInput!) { submitReport(input: $input) { balance { grossTco2e } } }";

        // 1,000 t of raw coal for 2,500,000 kg (2,500 t) of coke: the gross emissions over 2,500 t.
        var report = new
        {
            entityId = "zc-coking",
            year = 2024,
            month = 3,
            idempotencyKey = "zc-coking-2024-03",
            fuels = new[] { new { carrier = "raw_coal", quantity = 1_000, unit = "t" } },
            products = new[] { new { code = "coke", quantity = new { value = 2_500_000, unit = "kg" } } },
        };
        var (_, submitted) = await server.PostAsync(admin, WithProducts, new { input = report });
        var gross = Data(submitted, "submitReport").GetProperty("balance").GetProperty("grossTco2e").GetDecimal();

        var (_, read) = await server.PostAsync(server.Token(RegistryRoles.Dashboard), "{ products { code unit } entity(id: \"zc-city\") { production(year: 2024) { code unit quantity attributedQuantity unattributedQuantity attributedTco2e tco2ePerUnit reporters } } }");
        Assert.Contains(Data(read, "products").EnumerateArray(), p => p.GetProperty("code").GetString() == "coke" && p.GetProperty("unit").GetString() == "t");
        var coke = Assert.Single(Data(read, "entity").GetProperty("production").EnumerateArray());
        Assert.Equal(("coke", "t", 2_500m, 2_500m, 0m), (coke.GetProperty("code").GetString(), coke.GetProperty("unit").GetString(), coke.GetProperty("quantity").GetDecimal(), coke.GetProperty("attributedQuantity").GetDecimal(), coke.GetProperty("unattributedQuantity").GetDecimal()));
        Assert.Equal(gross, coke.GetProperty("attributedTco2e").GetDecimal());
        Assert.Equal(gross / 2_500m, coke.GetProperty("tco2ePerUnit").GetDecimal());

        await RefusedAsync("UNKNOWN_PRODUCT", WithProducts, new { input = report with { month = 4, idempotencyKey = "zc-coking-bad", products = new[] { new { code = "steel", quantity = new { value = 1, unit = "t" } } } } }, "products[0].code");
    }

    [Fact]
    public async Task A_national_zero_carbon_park_is_reviewed_then_accepted_once_its_core_is_met_and_its_guiding_indicators_met_or_waived()
    {
        var admin = server.Token(RegistryRoles.Admin);
        var provincial = server.Token(RegistryRoles.Provincial);
        await TreeAsync(admin);
        var (_, registered) = await server.PostAsync(admin, "mutation { registerEntity(input: { id: \"zc-park\", kind: PARK, name: \"ZC park\", nameZh: \"零碳园\", parentId: \"zc-city\", pilotPrograms: [NATIONAL_ZERO_CARBON_PARK] }) { id } }");
        Data(registered, "registerEntity");

        // 2024-01: 2,000,000 MWh of green-certified power, 245,800 tce (200,000–1,000,000 band,
        // at most 0.2): no CO2, so the core indicator is met; the guiding ones have no data yet.
        var power = new { value = 2_000_000, unit = "MWh" };
        await server.PostAsync(admin, Submit, new { input = new { entityId = "zc-park", year = 2024, month = 1, idempotencyKey = "zc-park-2024-01", gridElectricity = power, greenCertifiedElectricity = power } });
        const string Read = "{ entity(id: \"zc-park\") { zeroCarbon(year: 2024) { code acceptanceSteps acceptanceGateMet acceptance { step reference coreValues { indicator value } } indicators { code entered value status valueSource waiverReason } } } }";
        var park = Assert.Single(Data((await server.PostAsync(provincial, Read)).Json, "entity").GetProperty("zeroCarbon").EnumerateArray());
        Assert.Equal(["PROVINCE_REVIEWED", "NATIONALLY_ACCEPTED"], park.GetProperty("acceptanceSteps").EnumerateArray().Select(s => s.GetString()));
        Assert.False(park.GetProperty("acceptanceGateMet").GetBoolean());
        Assert.Equal("MET", Indicator(park, "co2_per_tce").GetProperty("status").GetString());
        Assert.Equal(("NO_DATA", true), (Indicator(park, "solid_waste_reuse").GetProperty("status").GetString(), Indicator(park, "solid_waste_reuse").GetProperty("entered").GetBoolean()));

        const string Enter = "mutation($i: String!, $v: Decimal!, $s: String!, $p: String!) { enterZeroCarbonIndicator(entityId: \"zc-park\", programme: $p, year: 2024, indicator: $i, value: $v, source: $s) { acceptanceGateMet } }";
        const string Waive = "mutation($i: String!, $r: String!) { waiveZeroCarbonIndicator(entityId: \"zc-park\", programme: \"national_zero_carbon_park\", year: 2024, indicator: $i, reason: $r) { acceptanceGateMet indicators { code status waiverReason } } }";
        const string Accept = "mutation($s: AcceptanceStep!, $r: String!) { recordZeroCarbonAcceptance(entityId: \"zc-park\", programme: \"national_zero_carbon_park\", year: 2024, step: $s, reference: $r) { acceptance { step reference actor recordedAt coreValues { indicator value } } } }";
        const string Park = "national_zero_carbon_park";
        await RefusedAsync("INDICATOR_COMPUTED", Enter, new { i = "co2_per_tce", v = 0.1m, s = "x", p = Park }, "indicator");
        await RefusedAsync("UNKNOWN_INDICATOR", Enter, new { i = "waste_reuse", v = 0.9m, s = "x", p = Park }, "indicator");
        await RefusedAsync("INVALID_QUANTITY", Enter, new { i = "solid_waste_reuse", v = 1.5m, s = "x", p = Park }, "value");
        await RefusedAsync("INVALID_QUANTITY", Enter, new { i = "product_energy_grade_2", v = 0.5m, s = "x", p = Park }, "value");
        await RefusedAsync("MISSING_FIELD", Enter, new { i = "solid_waste_reuse", v = 0.9m, s = " ", p = Park }, "source");
        await RefusedAsync("UNKNOWN_PROGRAMME", Enter, new { i = "solid_waste_reuse", v = 0.9m, s = "x", p = "shanxi_zero_carbon_mine" }, "programme");
        await RefusedAsync("UNKNOWN_PROGRAMME", Enter, new { i = "solid_waste_reuse", v = 0.9m, s = "x", p = "no_such:programme" }, "programme");
        await RefusedAsync("CORE_INDICATOR_NOT_WAIVABLE", Waive, new { i = "co2_per_tce", r = "small park" }, "indicator");
        await RefusedAsync("MISSING_FIELD", Waive, new { i = "waste_heat_reuse", r = "" }, "reason");
        await RefusedAsync("ACCEPTANCE_OUT_OF_ORDER", Accept, new { s = "NATIONALLY_ACCEPTED", r = "NDRC 1" }, "step");
        await RefusedAsync("ACCEPTANCE_GATE_NOT_MET", Accept, new { s = "PROVINCE_REVIEWED", r = "SX review 1" }, "year");

        // Solid waste 0.85, water 0.8 and products at grade 2 are met; waste heat 0.4 < 0.5 is not,
        // until it is waived with its reason.
        foreach (var (indicator, value) in new[] { ("solid_waste_reuse", 0.85m), ("industrial_water_reuse", 0.8m), ("product_energy_grade_2", 1m), ("waste_heat_reuse", 0.4m) })
        {
            var (_, entered) = await server.PostAsync(provincial, Enter, new { i = indicator, v = value, s = "park statistics 2024", p = Park });
            Assert.False(Data(entered, "enterZeroCarbonIndicator").GetProperty("acceptanceGateMet").GetBoolean());
        }

        var (_, waived) = await server.PostAsync(provincial, Waive, new { i = "waste_heat_reuse", r = "no heat-intensive process in the park" });
        var afterWaiver = Data(waived, "waiveZeroCarbonIndicator");
        Assert.True(afterWaiver.GetProperty("acceptanceGateMet").GetBoolean());
        Assert.Equal(("WAIVED", "no heat-intensive process in the park"), (Indicator(afterWaiver, "waste_heat_reuse").GetProperty("status").GetString(), Indicator(afterWaiver, "waste_heat_reuse").GetProperty("waiverReason").GetString()));

        // The province reviews; a retry of the same step and reference writes nothing; the year's
        // entries close; the NDRC accepts.
        var (_, reviewed) = await server.PostAsync(provincial, Accept, new { s = "PROVINCE_REVIEWED", r = "SX review 1" });
        var step = Assert.Single(Data(reviewed, "recordZeroCarbonAcceptance").GetProperty("acceptance").EnumerateArray());
        Assert.Equal(("PROVINCE_REVIEWED", "co2_per_tce", 0m), (step.GetProperty("step").GetString(), step.GetProperty("coreValues")[0].GetProperty("indicator").GetString(), step.GetProperty("coreValues")[0].GetProperty("value").GetDecimal()));
        Assert.True(step.GetProperty("recordedAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
        var before = await server.LastSequenceAsync();
        await server.PostAsync(provincial, Accept, new { s = "PROVINCE_REVIEWED", r = "SX review 1" });
        Assert.Equal(before, await server.LastSequenceAsync());
        await RefusedAsync("PROGRAMME_YEAR_CLOSED", Enter, new { i = "solid_waste_reuse", v = 0.9m, s = "late", p = Park }, "year");
        var (_, accepted) = await server.PostAsync(provincial, Accept, new { s = "NATIONALLY_ACCEPTED", r = "NDRC 2025-1" });
        Assert.Equal(["PROVINCE_REVIEWED", "NATIONALLY_ACCEPTED"], Data(accepted, "recordZeroCarbonAcceptance").GetProperty("acceptance").EnumerateArray().Select(a => a.GetProperty("step").GetString()));

        // A reporter may not record any of this; the coal-industry targets have no acceptance.
        var (_, forbidden) = await server.PostAsync(server.Token(RegistryRoles.Reporter, "zc-park"), Waive, new { i = "solid_waste_reuse", r = "x" });
        Assert.Equal("FORBIDDEN", forbidden.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        await server.RegisterAsync(admin, "zc-mine-acc", "MINE", "zc-city");
        await RefusedAsync("ACCEPTANCE_NOT_DEFINED", "mutation { recordZeroCarbonAcceptance(entityId: \"zc-mine-acc\", programme: \"shanxi_coal_industry\", year: 2024, step: PROVINCE_REVIEWED, reference: \"r\") { year } }", null, "step");
    }

    private static JsonElement Indicator(JsonElement programme, string code) =>
        programme.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == code);

    [Fact]
    public async Task Output_of_zero_beside_emissions_is_refused_and_nothing_is_written()
    {
        var admin = server.Token(RegistryRoles.Admin);
        await TreeAsync(admin);
        await server.RegisterAsync(admin, "zc-mine-bad", "MINE", "zc-city");

        await RefusedAsync("INVALID_QUANTITY", Submit, new { input = Report("zc-mine-bad", 2024, 2, 0m, "zc-bad-zero") }, "rawCoalOutput");
        await RefusedAsync("INVALID_QUANTITY", Submit, new { input = Report("zc-mine-bad", 2024, 2, -5m, "zc-bad-negative") }, "rawCoalOutput");
        await RefusedAsync("UNIT_NOT_VALID", Submit, new { input = Report("zc-mine-bad", 2024, 2, 5m, "zc-bad-unit", unit: "kWh") }, "rawCoalOutput");
    }

    /// <summary>A province and city of these tests' own: other tests expect api-city to have no 2025 figures.</summary>
    private async Task TreeAsync(string admin)
    {
        await s_tree.WaitAsync();
        try
        {
            if (!s_treeRegistered)
            {
                await server.RegisterAsync(admin, "zc-prov", "PROVINCE", null);
                await server.RegisterAsync(admin, "zc-city", "CITY", "zc-prov");
                s_treeRegistered = true;
            }
        }
        finally
        {
            s_tree.Release();
        }
    }

    private static readonly SemaphoreSlim s_tree = new(1, 1);
    private static bool s_treeRegistered;

    private static object Report(string entityId, int year, int month, decimal output, string key, string unit = "t") => new
    {
        entityId,
        year,
        month,
        idempotencyKey = key,
        fuels = new[] { new { carrier = "raw_coal", quantity = 1_000, unit = "t" } },
        methane = new
        {
            drained = new { value = 1_000_000, unit = "m3" },
            vented = new { value = 0, unit = "m3" },
            flared = new { value = 0, unit = "m3" },
            utilised = new { value = 600_000, unit = "m3" },
        },
        rawCoalOutput = new { value = output, unit },
    };

    private async Task RefusedAsync(string code, string query, object? variables = null, string? field = null)
    {
        var before = await server.LastSequenceAsync();
        var (_, json) = await server.PostAsync(server.Token(RegistryRoles.Admin), query, variables);
        Assert.True(json.RootElement.TryGetProperty("errors", out var errors), $"{query} should be refused with {code}");
        Assert.Equal(code, errors[0].GetProperty("extensions").GetProperty("code").GetString());
        if (field is not null)
        {
            Assert.Equal(field, errors[0].GetProperty("extensions").GetProperty("data").GetProperty("field").GetString());
        }

        Assert.Equal(before, await server.LastSequenceAsync());
    }

    private static JsonElement Data(JsonDocument json, string field)
    {
        Assert.False(json.RootElement.TryGetProperty("errors", out var errors), errors.ToString());
        return json.RootElement.GetProperty("data").GetProperty(field);
    }
}
