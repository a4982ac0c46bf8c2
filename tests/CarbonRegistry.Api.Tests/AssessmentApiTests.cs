using System.Net;
using System.Text.Json;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Testing;

namespace CarbonRegistry.Api.Tests;

/// <summary>
/// The annual assessment through the real server: a city's indicators computed from its reports
/// and targets, a judgement entered with its reason, publication, a refused second publication, and
/// a re-assessment after an amendment published beside the unchanged first version.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class AssessmentApiTests(ApiServerFixture server)
{
    private const string Read = "query($year: Int!) { assessment(scheme: \"energy_saving\", year: $year) { current { entityId score grade vetoedBy complete monthsReported indicators { code status points actual target reason } } published { version actor publishedAt sequence deductionsId results { entityId score grade } } judgements { entityId indicator points reason actor recordedAt } } }";
    private const string Enter = "mutation($e: ID!, $i: String!, $p: Decimal!, $r: String!, $s: String!) { enterAssessmentJudgement(scheme: $s, year: 2023, entityId: $e, indicator: $i, points: $p, reason: $r) { year } }";

    [Fact]
    public async Task A_city_is_assessed_from_its_figures_and_a_judgement_published_and_reassessed_after_an_amendment()
    {
        var admin = server.Token(RegistryRoles.Admin);
        var provincial = server.Token(RegistryRoles.Provincial);
        await server.RegisterAsync(admin, "as-city", "CITY", "api-prov");
        await server.RegisterAsync(admin, "as-mine", "MINE", "as-city");

        // 2023: each month 100 t of raw coal (71.43 tce) for 10 × 10^4 yuan: 857.16 tce for 120,
        // 7.143 tce per 10^4 yuan. Cap 1,000 tce; intensity base 7.5 less 3%: 7.275. Both met:
        // 40 + 10 = 50 points, below 60 (not met) until the measures are judged; incomplete.
        for (var month = 1; month <= 12; month++)
        {
            await server.PostAsync(admin, "mutation($input: ReportInput!) { submitReport(input: $input) { sequence } }", new { input = Report(month, 100) });
        }

        await Ok(provincial, "mutation { setTargets(input: { entityId: \"as-city\", year: 2023, energyCapTce: 1000, energyIntensity: { baseYear: 2020, baseIntensity: 7.5, reduction: 0.03 } }) { year } }", null);
        var city = await CityAsync(provincial);
        Assert.Equal((50m, "NotMet", false, 12), (city.GetProperty("score").GetDecimal(), city.GetProperty("grade").GetString(), city.GetProperty("complete").GetBoolean(), city.GetProperty("monthsReported").GetInt32()));
        var intensity = city.GetProperty("indicators")[0];
        Assert.Equal(("MET", 40m, 7.143m, 7.275m), (intensity.GetProperty("status").GetString(), intensity.GetProperty("points").GetDecimal(), intensity.GetProperty("actual").GetDecimal(), intensity.GetProperty("target").GetDecimal()));

        await RefusedAsync("MISSING_FIELD", new { e = "as-city", i = "measures", p = 40m, r = " ", s = "energy_saving" });
        await RefusedAsync("INVALID_QUANTITY", new { e = "as-city", i = "measures", p = 60m, r = "too many", s = "energy_saving" });
        await RefusedAsync("INDICATOR_COMPUTED", new { e = "as-city", i = "energy_intensity", p = 40m, r = "x", s = "energy_saving" });
        await RefusedAsync("NOT_ASSESSED", new { e = "as-mine", i = "measures", p = 40m, r = "x", s = "energy_saving" });
        await RefusedAsync("UNKNOWN_SCHEME", new { e = "as-city", i = "measures", p = 40m, r = "x", s = "no_such_scheme" });

        // Measures judged 40: 90 points, met (80–95), complete.
        await Ok(provincial, Enter, new { e = "as-city", i = "measures", p = 40m, r = "rectification plans delivered on time", s = "energy_saving" });
        city = await CityAsync(provincial);
        Assert.Equal((90m, "Met", true), (city.GetProperty("score").GetDecimal(), city.GetProperty("grade").GetString(), city.GetProperty("complete").GetBoolean()));

        var first = await Ok(provincial, "mutation { publishAssessment(scheme: \"energy_saving\", year: 2023) { published { version } } }", null);
        Assert.Equal(1, first.GetProperty("publishAssessment").GetProperty("published").EnumerateArray().Last().GetProperty("version").GetInt32());
        var record = (await Ok(provincial, Read, new { year = 2023 })).GetProperty("assessment");
        var v1Record = record.GetProperty("published").EnumerateArray().Single();
        Assert.Equal(("test-provincial (provincial)", true, "DED-2026.2"), (v1Record.GetProperty("actor").GetString(), v1Record.GetProperty("publishedAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow, v1Record.GetProperty("deductionsId").GetString()));
        var judgement = record.GetProperty("judgements").EnumerateArray().Single(j => j.GetProperty("entityId").GetString() == "as-city");
        Assert.Equal((40m, "rectification plans delivered on time"), (judgement.GetProperty("points").GetDecimal(), judgement.GetProperty("reason").GetString()));
        Assert.True(judgement.GetProperty("recordedAt").GetDateTimeOffset() <= v1Record.GetProperty("publishedAt").GetDateTimeOffset());
        var before = await server.LastSequenceAsync();
        var (_, again) = await server.PostAsync(provincial, "mutation { publishAssessment(scheme: \"energy_saving\", year: 2023) { year } }");
        Assert.Equal("ASSESSMENT_ALREADY_PUBLISHED", again.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(before, await server.LastSequenceAsync());

        // December amended to 400 t: 1,071.45 tce for 120, 8.929 > 7.5 (the veto item) and over the
        // cap: 0 + 0 + 40 = 40, not met. Version 2 is published beside version 1, which is unchanged.
        await Ok(admin, "mutation($input: AmendReportInput!) { amendReport(input: $input) { reportVersion } }", new { input = new { entityId = "as-mine", year = 2023, month = 12, idempotencyKey = "as-amend-12", reason = "meter corrected", fuels = new[] { new { carrier = "raw_coal", quantity = 400, unit = "t" } }, valueAdded = new { value = 10, unit = "10^4 yuan" } } });
        var second = (await Ok(provincial, "mutation { publishAssessment(scheme: \"energy_saving\", year: 2023) { published { version results { entityId score grade vetoedBy } } } }", null)).GetProperty("publishAssessment").GetProperty("published");
        var v1 = second.EnumerateArray().Single(v => v.GetProperty("version").GetInt32() == 1).GetProperty("results").EnumerateArray().Single(r => r.GetProperty("entityId").GetString() == "as-city");
        var v2 = second.EnumerateArray().Single(v => v.GetProperty("version").GetInt32() == 2).GetProperty("results").EnumerateArray().Single(r => r.GetProperty("entityId").GetString() == "as-city");
        Assert.Equal((90m, "Met"), (v1.GetProperty("score").GetDecimal(), v1.GetProperty("grade").GetString()));
        Assert.Equal((40m, "NotMet", "energy_intensity"), (v2.GetProperty("score").GetDecimal(), v2.GetProperty("grade").GetString(), v2.GetProperty("vetoedBy")[0].GetString()));

        // Not met, complete: as-city owes a rectification report within a month (China time);
        // api-city's result is incomplete (no targets) and imposes none.
        var obligations = (await Ok(provincial, "{ assessment(scheme: \"energy_saving\", year: 2023) { obligations { entityId version grade due status } } }", null)).GetProperty("assessment").GetProperty("obligations");
        var owed = obligations.EnumerateArray().Single(o => o.GetProperty("entityId").GetString() == "as-city");
        var dueDay = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).DateTime).AddMonths(1);
        Assert.Equal((2, "NotMet", dueDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "OPEN"), (owed.GetProperty("version").GetInt32(), owed.GetProperty("grade").GetString(), owed.GetProperty("due").GetString(), owed.GetProperty("status").GetString()));
        Assert.DoesNotContain(obligations.EnumerateArray(), o => o.GetProperty("entityId").GetString() == "api-city");
        const string Submit = "mutation($e: ID!) { submitRectificationReport(scheme: \"energy_saving\", year: 2023, entityId: $e, reference: \"as-city rectification plan\") { obligations { entityId status reference } } }";
        var submitted = (await Ok(provincial, Submit, new { e = "as-city" })).GetProperty("submitRectificationReport").GetProperty("obligations").EnumerateArray().Single(o => o.GetProperty("entityId").GetString() == "as-city");
        Assert.Equal(("SUBMITTED", "as-city rectification plan"), (submitted.GetProperty("status").GetString(), submitted.GetProperty("reference").GetString()));
        var (_, none) = await server.PostAsync(provincial, Submit, new { e = "api-city" });
        Assert.Equal("NO_OBLIGATION", none.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());

        // Version 1 exported: CSV, XLSX and JSON say the same, to the last digit.
        var csv = await ExportAsync(provincial, "format=csv&version=1", "text/csv");
        Assert.Equal([0xEF, 0xBB, 0xBF], csv[..3]);
        var csvCity = Row(MiniExcelLibs.MiniExcel.Query(new MemoryStream(csv), useHeaderRow: true, excelType: MiniExcelLibs.ExcelType.CSV));
        Assert.Equal(("90", "Met", "MET", "7.143", "7.275", "rectification plans delivered on time"), ((string)csvCity["score"]!, (string)csvCity["grade"]!, ((string)csvCity["energy_intensity.status"]!).ToUpperInvariant(), (string)csvCity["energy_intensity.actual"]!, (string)csvCity["energy_intensity.target"]!, (string)csvCity["measures.reason"]!));
        var xlsx = await ExportAsync(provincial, "format=xlsx&version=1", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var xlsxCity = Row(MiniExcelLibs.MiniExcel.Query(new MemoryStream(xlsx), useHeaderRow: true, sheetName: "results", excelType: MiniExcelLibs.ExcelType.XLSX));
        Assert.Equal((90m, 7.143m, 7.275m, 857.16m, 1000m, 40m), (Convert.ToDecimal(xlsxCity["score"], System.Globalization.CultureInfo.InvariantCulture), Convert.ToDecimal(xlsxCity["energy_intensity.actual"], System.Globalization.CultureInfo.InvariantCulture), Convert.ToDecimal(xlsxCity["energy_intensity.target"], System.Globalization.CultureInfo.InvariantCulture), Convert.ToDecimal(xlsxCity["energy_total.actual"], System.Globalization.CultureInfo.InvariantCulture), Convert.ToDecimal(xlsxCity["energy_total.target"], System.Globalization.CultureInfo.InvariantCulture), Convert.ToDecimal(xlsxCity["measures.points"], System.Globalization.CultureInfo.InvariantCulture)));
        using var json = JsonDocument.Parse(await ExportAsync(provincial, "format=json", "application/json"));
        Assert.Equal(2, json.RootElement.GetProperty("version").GetInt32());
        var jsonCity = json.RootElement.GetProperty("results").EnumerateArray().Single(r => r.GetProperty("entityId").GetString() == "as-city");
        Assert.Equal((40m, "NotMet"), (jsonCity.GetProperty("score").GetDecimal(), jsonCity.GetProperty("grade").GetString()));
        Assert.Equal("DED-2026.2", json.RootElement.GetProperty("deductionsId").GetString());
        Assert.True(csvCity.ContainsKey("separate_energy_tce") && string.IsNullOrEmpty((string?)csvCity["separate_energy_tce"]), "no energy accounted apart in as-city: an empty column");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Export(null, "format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Export(server.Token(RegistryRoles.Reporter, "as-mine"), "format=csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Export(provincial, "format=csv&version=9")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Export(provincial, "format=pdf")).StatusCode);

        // Carbon budgets: the province's, then the city's, whose 2023 gross emissions count against it.
        var budgetQuery = "mutation($e: ID!, $b: Decimal!) { setCarbonBudget(entityId: $e, year: 2023, budgetTco2e: $b, reason: \"2023 allocation\") { allocatedTco2e unallocatedTco2e cities { entityId budgetTco2e usedTco2e remainingTco2e } } }";
        await Ok(provincial, budgetQuery, new { e = "api-prov", b = 1_000_000m });
        var budgets = (await Ok(provincial, budgetQuery, new { e = "as-city", b = 5_000m })).GetProperty("setCarbonBudget");
        var asCity = budgets.GetProperty("cities").EnumerateArray().Single(b => b.GetProperty("entityId").GetString() == "as-city");
        var gross = (await Ok(provincial, "{ entity(id: \"as-city\") { balance(year: 2023) { grossTco2e } } }", null)).GetProperty("entity").GetProperty("balance").GetProperty("grossTco2e").GetDecimal();
        Assert.Equal((5_000m, gross, 5_000m - gross), (asCity.GetProperty("budgetTco2e").GetDecimal(), asCity.GetProperty("usedTco2e").GetDecimal(), asCity.GetProperty("remainingTco2e").GetDecimal()));
        var (_, over) = await server.PostAsync(provincial, budgetQuery, new { e = "as-city", b = 1_000_001m });
        Assert.Equal("BUDGET_EXCEEDS_PROVINCE", over.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());

        // Reporters do not read assessments.
        var (_, reporter) = await server.PostAsync(server.Token(RegistryRoles.Reporter, "as-mine"), Read, new { year = 2023 });
        Assert.Equal("FORBIDDEN", reporter.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_incentive_target_is_kept_with_the_basic_one_and_rated_beside_it()
    {
        var admin = server.Token(RegistryRoles.Admin);
        await server.RegisterAsync(admin, "inc-city", "CITY", "api-prov");
        await server.RegisterAsync(admin, "inc-mine", "MINE", "inc-city");

        // 100 t of raw coal (71.43 tce) for 10 × 10^4 yuan: 7.143. Base 7.6: basic 3% (7.372),
        // incentive 6% (7.144): met by 0.001.
        await server.PostAsync(admin, "mutation($input: ReportInput!) { submitReport(input: $input) { sequence } }", new { input = new { entityId = "inc-mine", year = 2024, month = 1, idempotencyKey = "inc-1", fuels = new[] { new { carrier = "raw_coal", quantity = 100, unit = "t" } }, valueAdded = new { value = 10, unit = "10^4 yuan" } } });
        await Ok(server.Token(RegistryRoles.Provincial), "mutation { setTargets(input: { entityId: \"inc-city\", year: 2024, energyIntensity: { baseYear: 2020, baseIntensity: 7.6, reduction: 0.03, incentiveReduction: 0.06 } }) { year } }", null);
        var (_, refused) = await server.PostAsync(server.Token(RegistryRoles.Provincial), "mutation { setTargets(input: { entityId: \"inc-city\", year: 2024, energyIntensity: { baseYear: 2020, baseIntensity: 7.6, reduction: 0.03, incentiveReduction: 0.02 } }) { year } }");
        Assert.Equal("INVALID_TARGET", refused.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());

        var intensity = (await Ok(server.Token(RegistryRoles.Dashboard), "{ entity(id: \"inc-city\") { dualControl(year: 2024) { energyIntensity { targetIntensity incentiveTargetIntensity meetsIncentive actual } } } }", null))
            .GetProperty("entity").GetProperty("dualControl").GetProperty("energyIntensity");
        Assert.Equal((7.372m, 7.144m, true, 7.143m), (intensity.GetProperty("targetIntensity").GetDecimal(), intensity.GetProperty("incentiveTargetIntensity").GetDecimal(), intensity.GetProperty("meetsIncentive").GetBoolean(), intensity.GetProperty("actual").GetDecimal()));
    }

    private async Task<byte[]> ExportAsync(string token, string query, string contentType)
    {
        using var response = await Export(token, query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment; filename=\"assessment-energy_saving-2023-v", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private async Task<HttpResponseMessage> Export(string? token, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/exports/assessment/energy_saving/2023?{query}");
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        return await server.Http.SendAsync(request);
    }

    private static IDictionary<string, object?> Row(IEnumerable<dynamic> rows) =>
        rows.Cast<IDictionary<string, object?>>().Single(r => (string?)r["entity_id"] == "as-city");

    private static object Report(int month, int coal) => new
    {
        entityId = "as-mine",
        year = 2023,
        month,
        idempotencyKey = $"as-2023-{month}",
        fuels = new[] { new { carrier = "raw_coal", quantity = coal, unit = "t" } },
        valueAdded = new { value = 10, unit = "10^4 yuan" },
    };

    [Fact]
    public async Task Five_year_targets_are_kept_per_plan_and_where_the_plan_binds_the_year_is_held_to_its_path()
    {
        var admin = server.Token(RegistryRoles.Admin);
        var provincial = server.Token(RegistryRoles.Provincial);
        await server.RegisterAsync(admin, "pt-city", "CITY", "api-prov");
        await server.RegisterAsync(admin, "pt-mine", "MINE", "pt-city");

        // 2023: 100 t of raw coal a month (71.43 tce) for 10 × 10^4 yuan: 857.16 tce for 120, 7.143
        // per 10^4 yuan. The year's own target (base 7.5 less 3%: 7.275) is met.
        for (var month = 1; month <= 12; month++)
        {
            await Ok(admin, "mutation($input: ReportInput!) { submitReport(input: $input) { sequence } }", new { input = new { entityId = "pt-mine", year = 2023, month, idempotencyKey = $"pt-{month}", fuels = new[] { new { carrier = "raw_coal", quantity = 100, unit = "t" } }, valueAdded = new { value = 10, unit = "10^4 yuan" } } });
        }

        await Ok(provincial, "mutation { setTargets(input: { entityId: \"pt-city\", year: 2023, energyCapTce: 1000, energyIntensity: { baseYear: 2020, baseIntensity: 7.5, reduction: 0.03 } }) { year } }", null);
        const string SetPlan = "mutation($from: Int!, $base: Decimal!, $binding: TargetBinding, $incentive: Decimal) { setPlanTargets(input: { entityId: \"pt-city\", fromYear: $from, binding: $binding, energyCapTce: 1200, energyIntensity: { baseYear: 2020, baseIntensity: $base, reduction: 0.135, incentiveReduction: $incentive } }) { year plan { fromYear toYear binding energyCapTce energyIntensity { baseIntensity reduction } } } }";
        foreach (var (variables, code) in new (object, string)[] { (new { from = 2022, @base = 8.0m, binding = "PLAN" }, "INVALID_PERIOD"), (new { from = 2021, @base = 8.0m, binding = "PLAN", incentive = 0.1m }, "INVALID_TARGET") })
        {
            var before = await server.LastSequenceAsync();
            var (_, refused) = await server.PostAsync(provincial, SetPlan, variables);
            Assert.Equal(code, refused.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
            Assert.Equal(before, await server.LastSequenceAsync());
        }

        // The 14th plan: base 8.0, 13.5% by 2025; it binds. 2023 is 3 of 5 years in: the path is
        // 8.1%, and 1 − 7.143 / 8.0 = 10.7125% is on it.
        var set = (await Ok(provincial, SetPlan, new { from = 2021, @base = 8.0m, binding = "PLAN" })).GetProperty("setPlanTargets");
        Assert.Equal((2025, 2021, 2025, "PLAN", 1200m), (set.GetProperty("year").GetInt32(), set.GetProperty("plan").GetProperty("fromYear").GetInt32(), set.GetProperty("plan").GetProperty("toYear").GetInt32(), set.GetProperty("plan").GetProperty("binding").GetString(), set.GetProperty("plan").GetProperty("energyCapTce").GetDecimal()));
        var read = (await Ok(provincial, "{ entity(id: \"pt-city\") { planTargets { fromYear } dualControl(year: 2023) { plan { fromYear } } } }", null)).GetProperty("entity");
        Assert.Equal((2021, 2021), (read.GetProperty("planTargets").EnumerateArray().Single().GetProperty("fromYear").GetInt32(), read.GetProperty("dualControl").GetProperty("plan").GetProperty("fromYear").GetInt32()));
        Assert.Equal(("MET", 0.107125m, 0.081m), await IntensityAsync());

        // Replaced by a base of 7.6: 1 − 7.143 / 7.6 = 6.01…% is behind the path: the veto item is
        // missed although the year's own target is met.
        await Ok(provincial, SetPlan, new { from = 2021, @base = 7.6m, binding = "PLAN" });
        var (status, achieved, target) = await IntensityAsync();
        Assert.Equal(("NOT_MET", 0.081m), (status, target));
        Assert.Equal(1m - (7.143m / 7.6m), achieved);

        // The same plan where the annual targets bind: the year's target (7.275) holds again.
        await Ok(provincial, SetPlan, new { from = 2021, @base = 7.6m, binding = "ANNUAL" });
        Assert.Equal(("MET", 7.143m, 7.275m), await IntensityAsync());

        async Task<(string?, decimal, decimal)> IntensityAsync()
        {
            var city = (await Ok(provincial, Read, new { year = 2023 })).GetProperty("assessment").GetProperty("current").EnumerateArray().Single(r => r.GetProperty("entityId").GetString() == "pt-city");
            var intensity = city.GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "energy_intensity");
            return (intensity.GetProperty("status").GetString(), intensity.GetProperty("actual").GetDecimal(), intensity.GetProperty("target").GetDecimal());
        }
    }

    [Fact]
    public async Task Switching_a_years_deduction_rule_set_is_recorded_and_the_years_figures_follow_it()
    {
        var admin = server.Token(RegistryRoles.Admin);
        await server.RegisterAsync(admin, "sw-mine", "MINE", "api-city");
        // January 2024 and 2025: green power grows from 40,000 to 100,000 kWh of 200,000.
        foreach (var (year, green) in new[] { (2024, 40_000), (2025, 100_000) })
        {
            await Ok(admin, "mutation($input: ReportInput!) { submitReport(input: $input) { sequence } }", new { input = new { entityId = "sw-mine", year, month = 1, idempotencyKey = $"sw-{year}", fuels = new[] { new { carrier = "raw_coal", quantity = 100, unit = "t" } }, gridElectricity = new { value = 200_000, unit = "kWh" }, greenCertifiedElectricity = new { value = green, unit = "kWh" } } });
        }

        const string Read = "{ entity(id: \"sw-mine\") { balance(year: 2025) { energyTce nonFossilTce renewableDeductionTce controlledEnergyTce intensityEnergyTce deductionRuleSet } } }";
        const string Switch = "mutation($set: String!, $reason: String!) { switchDeductionRuleSet(entityId: \"sw-mine\", year: 2025, ruleSetId: $set, reason: $reason) { period deductionRuleSet controlledEnergyTce intensityEnergyTce } }";

        // 2025 under its own rule (2024): the green power is non-fossil energy, out of the total and of intensity.
        var before = (await Ok(admin, Read, null)).GetProperty("entity").GetProperty("balance");
        var (energy, nonFossil, increment) = (before.GetProperty("energyTce").GetDecimal(), before.GetProperty("nonFossilTce").GetDecimal(), before.GetProperty("renewableDeductionTce").GetDecimal());
        Assert.True(nonFossil > increment && increment > 0m, $"{nonFossil} of green power, {increment} of growth");
        Assert.Equal(("NDRC-NBS-NEA-2024", energy - nonFossil, energy - nonFossil), (before.GetProperty("deductionRuleSet").GetString(), before.GetProperty("controlledEnergyTce").GetDecimal(), before.GetProperty("intensityEnergyTce").GetDecimal()));

        foreach (var (variables, token, code) in new (object, string, string)[]
        {
            (new { set = "NO-SUCH-RULE", reason = "test" }, admin, "UNKNOWN_DEDUCTION_RULE_SET"),
            (new { set = "NDRC-2022-1258", reason = " " }, admin, "MISSING_FIELD"),
            (new { set = "NDRC-2022-1258", reason = "test" }, server.Token(RegistryRoles.Provincial), "FORBIDDEN"),
        })
        {
            var last = await server.LastSequenceAsync();
            var (_, refused) = await server.PostAsync(token, Switch, variables);
            Assert.Equal(code, refused.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
            Assert.Equal(last, await server.LastSequenceAsync());
        }

        // Switched to the 2022 rule: only the growth of green power over January 2024 leaves the
        // total, and nothing leaves intensity. One ledger event; the same switch again records nothing.
        await using var socket = await GraphQLWsClient.ConnectAsync(server.Http.BaseAddress!, server.Token(RegistryRoles.Dashboard));
        await socket.SubscribeAsync("balance", "subscription($after: Long) { balanceChanged(entityId: \"sw-mine\", afterSequence: $after) { type period balance { deductionRuleSet controlledEnergyTce } } }", new { after = await server.LastSequenceAsync() });
        var sequence = await server.LastSequenceAsync();
        var switched = (await Ok(admin, Switch, new { set = "NDRC-2022-1258", reason = "assessed under the 2022 rule (test)" })).GetProperty("switchDeductionRuleSet");
        Assert.Equal(("2025", "NDRC-2022-1258", energy - increment, energy), (switched.GetProperty("period").GetString(), switched.GetProperty("deductionRuleSet").GetString(), switched.GetProperty("controlledEnergyTce").GetDecimal(), switched.GetProperty("intensityEnergyTce").GetDecimal()));
        Assert.Equal(sequence + 1, await server.LastSequenceAsync());
        await Ok(admin, Switch, new { set = "NDRC-2022-1258", reason = "again" });
        Assert.Equal(sequence + 1, await server.LastSequenceAsync());
        var after = (await Ok(admin, Read, null)).GetProperty("entity").GetProperty("balance");
        Assert.Equal(("NDRC-2022-1258", energy), (after.GetProperty("deductionRuleSet").GetString(), after.GetProperty("intensityEnergyTce").GetDecimal()));

        // The read model knows the switch too: the ranking and a dashboard's subscription show the
        // year as the entity does.
        var ranked = (await Ok(admin, "{ ranking(year: 2025, metric: CONTROLLED_ENERGY_TCE, kind: MINE, first: 100) { entity { id } value balance { deductionRuleSet } } }", null)).GetProperty("ranking")
            .EnumerateArray().Single(r => r.GetProperty("entity").GetProperty("id").GetString() == "sw-mine");
        Assert.Equal((energy - increment, "NDRC-2022-1258"), (ranked.GetProperty("value").GetDecimal(), ranked.GetProperty("balance").GetProperty("deductionRuleSet").GetString()));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var change = (await socket.ReceiveAsync(timeout.Token))!.Value;
        Assert.Equal("next", change.GetProperty("type").GetString());
        var changed = change.GetProperty("payload").GetProperty("data").GetProperty("balanceChanged");
        Assert.Equal(("DeductionRuleSetSwitched", "2025", "NDRC-2022-1258", energy - increment), (changed.GetProperty("type").GetString(), changed.GetProperty("period").GetString(), changed.GetProperty("balance").GetProperty("deductionRuleSet").GetString(), changed.GetProperty("balance").GetProperty("controlledEnergyTce").GetDecimal()));
    }

    private async Task<JsonElement> CityAsync(string token)
    {
        var data = await Ok(token, Read, new { year = 2023 });
        return data.GetProperty("assessment").GetProperty("current").EnumerateArray().Single(r => r.GetProperty("entityId").GetString() == "as-city");
    }

    private async Task<JsonElement> Ok(string token, string query, object? variables)
    {
        var (_, json) = await server.PostAsync(token, query, variables);
        Assert.False(json.RootElement.TryGetProperty("errors", out var errors), $"{query}: {errors}");
        return json.RootElement.GetProperty("data").Clone();
    }

    private async Task RefusedAsync(string code, object variables)
    {
        var before = await server.LastSequenceAsync();
        var (_, json) = await server.PostAsync(server.Token(RegistryRoles.Provincial), Enter, variables);
        Assert.True(json.RootElement.TryGetProperty("errors", out var errors), $"should be refused with {code}");
        Assert.Equal(code, errors[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(before, await server.LastSequenceAsync());
    }
}
