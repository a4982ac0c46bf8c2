using System.Text.Json;
using CarbonRegistry.Api.Auth;

namespace CarbonRegistry.Api.Tests;

/// <summary>
/// The annual assessment through the real server: a city's indicators computed from its reports
/// and targets, a judgement entered with its reason, publication, a refused second publication, and
/// a re-assessment after an amendment published beside the unchanged first version.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class AssessmentApiTests(ApiServerFixture server)
{
    private const string Read = "query($year: Int!) { assessment(scheme: \"energy_saving\", year: $year) { current { entityId score grade vetoedBy complete monthsReported indicators { code status points actual target reason } } published { version results { entityId score grade } } } }";
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

        // Reporters do not read assessments.
        var (_, reporter) = await server.PostAsync(server.Token(RegistryRoles.Reporter, "as-mine"), Read, new { year = 2023 });
        Assert.Equal("FORBIDDEN", reporter.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    private static object Report(int month, int coal) => new
    {
        entityId = "as-mine",
        year = 2023,
        month,
        idempotencyKey = $"as-2023-{month}",
        fuels = new[] { new { carrier = "raw_coal", quantity = coal, unit = "t" } },
        valueAdded = new { value = 10, unit = "10^4 yuan" },
    };

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
