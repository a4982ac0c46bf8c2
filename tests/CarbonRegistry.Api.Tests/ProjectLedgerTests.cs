using System.Text.Json;
using CarbonRegistry.Api.Auth;

namespace CarbonRegistry.Api.Tests;

/// <summary>
/// The two-high project ledger through the real server: a project reviewed by every department,
/// built, its coal substitution claimed, verified and revoked, each refusal with its code and
/// nothing written.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class ProjectLedgerTests(ApiServerFixture server)
{
    private const string View = "id stage flags { nationalWindowGuidance belowBenchmark } reviewRounds { number status signOffs { department approve reviewer } } substitution { status ratio requiredTonnes verifiedTonnes sources { id status note } }";

    private static readonly string[] s_departments = ["development_reform", "industry_it", "ecology_environment", "energy", "natural_resources"];

    [Fact]
    public async Task A_project_is_reviewed_built_and_put_into_production_once_its_substitution_is_verified()
    {
        // Linfen is one of the eight Fen-Wei cities: 1,000 t of coal need 1,000 t substituted (ratio 1.0).
        var admin = server.Token(RegistryRoles.Admin);
        await server.RegisterAsync(admin, "linfen", "CITY", "api-prov");
        var provincial = server.Token(RegistryRoles.Provincial);
        var bureau = server.Token(RegistryRoles.EnergyBureau);

        var registered = await OkAsync(provincial, $"mutation($input: RegisterProjectInput!) {{ registerProject(input: $input) {{ {View} }} }}", new { input = ProjectTestData.Registration("lf-coking", "linfen") }, "registerProject");
        Assert.Equal("PROPOSED", registered.GetProperty("stage").GetString());
        Assert.Equal(1.0m, registered.GetProperty("substitution").GetProperty("ratio").GetDecimal());
        Assert.Equal(1_000m, registered.GetProperty("substitution").GetProperty("requiredTonnes").GetDecimal());

        await RefusedAsync(provincial, "REVIEW_NOT_APPROVED", Transition("START_CONSTRUCTION"));
        await OkAsync(provincial, "mutation { openReviewRound(projectId: \"lf-coking\") { version } }", null, "openReviewRound");
        await RefusedAsync(server.ReviewerToken("energy"), "REVIEWER_NOT_IN_DEPARTMENT", SignOff("ecology_environment", true));
        foreach (var department in s_departments)
        {
            await OkAsync(server.ReviewerToken(department), SignOff(department, true), null, "signOffReview");
        }

        await RefusedAsync(server.ReviewerToken("energy"), "NO_OPEN_REVIEW", SignOff("energy", true));
        await OkAsync(provincial, Transition("START_CONSTRUCTION"), null, "transitionProject");

        await OkAsync(provincial, ProjectTestData.AddSourceMutation, new { p = "lf-coking", s = ProjectTestData.Source("lf-closure-1", 600m) }, "addSubstitutionSource");
        await RefusedAsync(provincial, "SUBSTITUTION_NOT_VERIFIED", Transition("START_PRODUCTION"));
        await OkAsync(bureau, "mutation { verifySubstitutionSource(projectId: \"lf-coking\", sourceId: \"lf-closure-1\") { version } }", null, "verifySubstitutionSource");
        await RefusedAsync(provincial, "SUBSTITUTION_NOT_VERIFIED", Transition("START_PRODUCTION"));
        await OkAsync(provincial, ProjectTestData.AddSourceMutation, new { p = "lf-coking", s = ProjectTestData.Source("lf-closure-2", 400m) }, "addSubstitutionSource");
        await OkAsync(bureau, "mutation { verifySubstitutionSource(projectId: \"lf-coking\", sourceId: \"lf-closure-2\") { version } }", null, "verifySubstitutionSource");
        var producing = await OkAsync(provincial, $"mutation {{ transitionProject(projectId: \"lf-coking\", transition: START_PRODUCTION, reason: \"substitution verified\") {{ {View} }} }}", null, "transitionProject");

        Assert.Equal("EXISTING", producing.GetProperty("stage").GetString());
        var round = producing.GetProperty("reviewRounds")[0];
        Assert.Equal("APPROVED", round.GetProperty("status").GetString());
        Assert.Equal(s_departments, round.GetProperty("signOffs").EnumerateArray().Select(s => s.GetProperty("department").GetString()));
        Assert.Equal("test-reviewer-energy", round.GetProperty("signOffs")[3].GetProperty("reviewer").GetString());
        Assert.Equal("COVERED", producing.GetProperty("substitution").GetProperty("status").GetString());

        // The look-back: a source found double-counted is revoked, and the plan reopens.
        var revoked = await OkAsync(bureau, $"mutation {{ revokeSubstitutionSource(sourceId: \"lf-closure-2\", reason: \"double-counted\") {{ {View} }} }}", null, "revokeSubstitutionSource");
        Assert.Equal("OPEN", revoked.GetProperty("substitution").GetProperty("status").GetString());
        Assert.Equal(600m, revoked.GetProperty("substitution").GetProperty("verifiedTonnes").GetDecimal());
        Assert.Equal("REVOKED", revoked.GetProperty("substitution").GetProperty("sources")[1].GetProperty("status").GetString());
        Assert.Equal("double-counted", revoked.GetProperty("substitution").GetProperty("sources")[1].GetProperty("note").GetString());

        // Every step is in the project's history, and the listing finds it by city and stage.
        var read = await OkAsync(server.Token(RegistryRoles.Dashboard), "{ projects(entityId: \"linfen\", stage: EXISTING) { id history(first: 100) { nodes { type } } } }", null, "projects");
        var history = read[0].GetProperty("history").GetProperty("nodes").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(["ProjectRegistered", "ReviewRoundOpened", .. s_departments.Select(_ => "ReviewSignedOff"), "ProjectStageChanged", "SubstitutionSourceAdded", "SubstitutionSourceVerified", "SubstitutionSourceAdded", "SubstitutionSourceVerified", "ProjectStageChanged", "SubstitutionSourceRevoked"], history);
    }

    [Fact]
    public async Task Two_plans_racing_for_one_source_end_with_exactly_one_owner()
    {
        var provincial = server.Token(RegistryRoles.Provincial);
        foreach (var id in new[] { "race-a", "race-b", "race-c" })
        {
            await OkAsync(provincial, ProjectTestData.RegisterMutation, new { input = ProjectTestData.Registration(id, "api-city") }, "registerProject");
        }

        var attempts = await Task.WhenAll(new[] { "race-a", "race-b", "race-c" }.Select(p => server.PostAsync(provincial, ProjectTestData.AddSourceMutation, new { p, s = ProjectTestData.Source("race-source", 50m) })));

        var codes = attempts.Select(a => a.Json.RootElement.TryGetProperty("errors", out var e) ? e[0].GetProperty("extensions").GetProperty("code").GetString() : null).ToList();
        Assert.Single(codes, code => code is null);
        Assert.Equal(2, codes.Count(code => code == "SOURCE_ALREADY_CLAIMED"));
        var owners = await OkAsync(provincial, "{ projects(entityId: \"api-city\") { id substitution { sources { id } } } }", null, "projects");
        Assert.Single(owners.EnumerateArray(), p => p.GetProperty("substitution").GetProperty("sources").EnumerateArray().Any(s => s.GetProperty("id").GetString() == "race-source"));
    }

    [Fact]
    public async Task Bad_project_input_is_refused_with_a_stable_code_and_nothing_is_written()
    {
        var provincial = server.Token(RegistryRoles.Provincial);
        await OkAsync(provincial, ProjectTestData.RegisterMutation, new { input = ProjectTestData.Registration("bad-base", "api-city") }, "registerProject");

        await RefusedAsync(provincial, "UNKNOWN_SECTOR", ProjectTestData.RegisterMutation, new { input = Replace(ProjectTestData.Registration("bad-sector", "api-city"), "sector", "bakeries") });
        await RefusedAsync(provincial, "INVALID_PARENT_KIND", ProjectTestData.RegisterMutation, new { input = ProjectTestData.Registration("bad-site", "api-mine-a") });
        await RefusedAsync(provincial, "UNKNOWN_ENTITY", ProjectTestData.RegisterMutation, new { input = ProjectTestData.Registration("bad-nosite", "nowhere") });
        await RefusedAsync(provincial, "INVALID_QUANTITY", ProjectTestData.AddSourceMutation, new { p = "bad-base", s = ProjectTestData.Source("bad-zero", 0m) });
        await RefusedAsync(provincial, "SOURCE_REFUSED", ProjectTestData.AddSourceMutation, new { p = "bad-base", s = Replace(ProjectTestData.Source("bad-coke", 5m), "kind", "petroleum_coke_or_coke_substitute") });
        await RefusedAsync(provincial, "TRANSITION_NOT_ALLOWED", "mutation { transitionProject(projectId: \"bad-base\", transition: CLOSE, reason: \"no\") { stage } }");
        await RefusedAsync(provincial, "UNKNOWN_PROJECT", "mutation { openReviewRound(projectId: \"bad-never\") { version } }");
        await RefusedAsync(server.Token(RegistryRoles.EnergyBureau), "UNKNOWN_SOURCE", "mutation { revokeSubstitutionSource(sourceId: \"bad-unclaimed\", reason: \"x\") { version } }");
    }

    private static string Transition(string transition) =>
        $"mutation {{ transitionProject(projectId: \"lf-coking\", transition: {transition}, reason: \"as decided\") {{ stage }} }}";

    private static string SignOff(string department, bool approve) =>
        $"mutation {{ signOffReview(projectId: \"lf-coking\", department: \"{department}\", approve: {(approve ? "true" : "false")}, comment: \"reviewed\") {{ version }} }}";

    private static Dictionary<string, object?> Replace(object value, string name, object replacement)
    {
        var fields = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(value))!;
        fields[name] = replacement;
        return fields;
    }

    private async Task<JsonElement> OkAsync(string token, string query, object? variables, string field)
    {
        var (status, json) = await server.PostAsync(token, query, variables);
        Assert.Equal(200, status);
        Assert.False(json.RootElement.TryGetProperty("errors", out var errors), $"{query}: {errors}");
        return json.RootElement.GetProperty("data").GetProperty(field).Clone();
    }

    private async Task RefusedAsync(string token, string code, string query, object? variables = null)
    {
        var before = await server.LastSequenceAsync();
        var (_, json) = await server.PostAsync(token, query, variables);
        Assert.True(json.RootElement.TryGetProperty("errors", out var errors), $"{query} should be refused with {code}");
        Assert.Equal(code, errors[0].GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(before, await server.LastSequenceAsync());
    }
}
