using System.Text.Json;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Testing;

namespace CarbonRegistry.Api.Tests;

/// <summary>
/// Every mutation × every role × an entity in and out of a reporter's scope, against the real
/// server: what a role may do succeeds; everything else is FORBIDDEN and writes nothing.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class AuthorizationMatrixTests(ApiServerFixture server)
{
    private const string InScope = "api-mine-a";
    private const string OutOfScope = "api-mine-b";

    private const string Judgement = "mutation($r: String!) { enterAssessmentJudgement(scheme: \"energy_saving\", year: 2024, entityId: \"api-city\", indicator: \"measures\", points: 30, reason: $r) { year } }";

    private static int s_counter;
    private readonly Dictionary<string, int> _nextPeriod = [];
    private bool _majorRegistered;

    private static readonly Dictionary<string, string[]> s_allowed = new()
    {
        ["registerEntity"] = [RegistryRoles.Admin],
        ["submitReport"] = [RegistryRoles.Admin, RegistryRoles.Reporter],
        ["submitReports"] = [RegistryRoles.Admin, RegistryRoles.Reporter],
        ["amendReport"] = [RegistryRoles.Admin, RegistryRoles.Reporter],
        ["setTargets"] = [RegistryRoles.Admin, RegistryRoles.Provincial],
        ["setPlanTargets"] = [RegistryRoles.Admin, RegistryRoles.Provincial],
        ["lockPeriod"] = [RegistryRoles.Admin, RegistryRoles.Provincial],
        ["verifyPeriod"] = [RegistryRoles.Admin, RegistryRoles.Verifier],
        ["recalculate"] = [RegistryRoles.Admin],
        ["switchDeductionRuleSet"] = [RegistryRoles.Admin],
        ["registerProject"] = [RegistryRoles.Admin, RegistryRoles.Provincial],
        ["openReviewRound"] = [RegistryRoles.Admin, RegistryRoles.Provincial],
        ["signOffReview"] = [RegistryRoles.Admin, RegistryRoles.Reviewer],
        ["transitionProject"] = [RegistryRoles.Admin, RegistryRoles.Provincial],
        ["setProjectDisposal"] = [RegistryRoles.Admin, RegistryRoles.Provincial],
        ["confirmSeparateEnergy"] = [RegistryRoles.Admin, RegistryRoles.Provincial],
        ["addSubstitutionSource"] = [RegistryRoles.Admin, RegistryRoles.Provincial],
        ["verifySubstitutionSource"] = [RegistryRoles.Admin, RegistryRoles.EnergyBureau],
        ["revokeSubstitutionSource"] = [RegistryRoles.Admin, RegistryRoles.EnergyBureau],
        ["setBaseline"] = [RegistryRoles.Admin, RegistryRoles.Provincial],
        ["enterZeroCarbonIndicator"] = [RegistryRoles.Admin, RegistryRoles.Provincial],
        ["waiveZeroCarbonIndicator"] = [RegistryRoles.Admin, RegistryRoles.Provincial],
        ["recordZeroCarbonAcceptance"] = [RegistryRoles.Admin, RegistryRoles.Provincial],
        ["enterAssessmentJudgement"] = [RegistryRoles.Admin, RegistryRoles.Provincial],
        ["publishAssessment"] = [RegistryRoles.Admin, RegistryRoles.Provincial],
        ["setCarbonBudget"] = [RegistryRoles.Admin, RegistryRoles.Provincial],
        ["submitRectificationReport"] = [RegistryRoles.Admin, RegistryRoles.Provincial],
        ["startRecalculation"] = [RegistryRoles.Admin],
    };

    [Fact]
    public async Task Every_mutation_by_every_role_in_and_out_of_scope()
    {
        var checkedCases = 0;
        foreach (var (mutation, allowedRoles) in s_allowed)
        {
            foreach (var role in RegistryRoles.All)
            {
                foreach (var entity in new[] { InScope, OutOfScope })
                {
                    var token = role == RegistryRoles.Reporter ? server.Token(role, InScope) : server.Token(role);
                    var (query, variables) = await RequestAsync(mutation, entity);
                    var before = await server.LastSequenceAsync();

                    var (status, json) = await server.PostAsync(token, query, variables);

                    var scoped = mutation is "submitReport" or "submitReports" or "amendReport";
                    var allowed = allowedRoles.Contains(role) && !(role == RegistryRoles.Reporter && scoped && entity == OutOfScope);
                    var label = $"{mutation} by {role} on {entity}";
                    Assert.True(status == 200, $"{label}: HTTP {status}");
                    var error = FirstError(json);
                    if (allowed)
                    {
                        Assert.True(error is null, $"{label} should succeed but failed with {error}");
                        Assert.True(await server.LastSequenceAsync() > before, $"{label} wrote nothing");
                        if (mutation == "startRecalculation")
                        {
                            // The job goes on writing after it answers: let it finish before the next case counts writes.
                            var id = json.RootElement.GetProperty("data").GetProperty("startRecalculation").GetProperty("id").GetString();
                            await Poll.UntilAsync(
                                async () => (await server.PostAsync(server.Token(RegistryRoles.Admin), "query($id: String!) { recalculationJob(id: $id) { status } }", new { id })).Json.RootElement.GetProperty("data").GetProperty("recalculationJob").GetProperty("status").GetString() == "FINISHED",
                                TimeSpan.FromSeconds(30),
                                $"recalculation job {id} to finish");
                        }
                    }
                    else
                    {
                        Assert.True(error == "FORBIDDEN", $"{label} should be FORBIDDEN but got {error ?? "success"}");
                        Assert.Equal(before, await server.LastSequenceAsync());
                    }

                    checkedCases++;
                }
            }
        }

        Assert.Equal(s_allowed.Count * RegistryRoles.All.Count * 2, checkedCases);

        // Every mutation of the schema is in the matrix.
        var (_, schema) = await server.PostAsync(server.Token(RegistryRoles.Admin), "{ __schema { mutationType { fields { name } } } }");
        var mutations = schema.RootElement.GetProperty("data").GetProperty("__schema").GetProperty("mutationType").GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()!);
        Assert.Equal(mutations.Order(StringComparer.Ordinal), s_allowed.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reporters_read_only_their_scope_and_dashboards_read_everything()
    {
        const string Query = "query($id: ID!) { entity(id: $id) { id balance(year: 2025) { energyTce } } }";

        var (_, own) = await server.PostAsync(server.Token(RegistryRoles.Reporter, InScope), Query, new { id = InScope });
        var (_, other) = await server.PostAsync(server.Token(RegistryRoles.Reporter, InScope), Query, new { id = OutOfScope });
        var (_, parentScope) = await server.PostAsync(server.Token(RegistryRoles.Reporter, "api-city"), Query, new { id = OutOfScope });
        var (_, dashboard) = await server.PostAsync(server.Token(RegistryRoles.Dashboard), Query, new { id = OutOfScope });

        Assert.Null(FirstError(own));
        Assert.Equal("FORBIDDEN", FirstError(other));
        Assert.Null(FirstError(parentScope));
        Assert.Null(FirstError(dashboard));
        Assert.Equal(OutOfScope, dashboard.RootElement.GetProperty("data").GetProperty("entity").GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("balance(year: 2025) { energyTce }")]
    [InlineData("monthly(year: 2025) { energyTce }")]
    [InlineData("dualControl(year: 2025) { year }")]
    [InlineData("periodStatus(year: 2025) { state }")]
    [InlineData("reportVersions(year: 2025, month: 1) { version }")]
    [InlineData("history(first: 5) { nodes { sequence } }")]
    [InlineData("children { id }")]
    public async Task Every_entity_field_is_read_by_a_reporter_in_its_scope_only_and_by_the_reading_roles_everywhere(string selection)
    {
        var query = $"query($id: ID!) {{ entity(id: $id) {{ id {selection} }} }}";
        var reporter = server.Token(RegistryRoles.Reporter, InScope);

        var (_, own) = await server.PostAsync(reporter, query, new { id = InScope });
        var (_, other) = await server.PostAsync(reporter, query, new { id = OutOfScope });
        var (_, city) = await server.PostAsync(reporter, query, new { id = "api-city" });

        Assert.Null(FirstError(own));
        Assert.Equal("FORBIDDEN", FirstError(other));
        Assert.Equal("FORBIDDEN", FirstError(city));
        foreach (var role in new[] { RegistryRoles.Admin, RegistryRoles.Provincial, RegistryRoles.Verifier, RegistryRoles.Dashboard })
        {
            var (_, read) = await server.PostAsync(server.Token(role), query, new { id = OutOfScope });
            Assert.True(FirstError(read) is null, $"{selection} by {role}: {FirstError(read)}");
        }
    }

    [Fact]
    public async Task A_reporter_can_neither_climb_nor_list_outside_its_scope()
    {
        var mine = server.Token(RegistryRoles.Reporter, InScope);
        var city = server.Token(RegistryRoles.Reporter, "api-city");

        var (_, parent) = await server.PostAsync(mine, $"{{ entity(id: \"{InScope}\") {{ id parent {{ id name }} }} }}");
        var (_, siblings) = await server.PostAsync(mine, $"{{ entity(id: \"{InScope}\") {{ parent {{ children {{ id }} }} }} }}");
        var (_, allMines) = await server.PostAsync(mine, "{ entities(kind: MINE) { nodes { id } } }");
        var (_, cityChildren) = await server.PostAsync(mine, "{ entities(parentId: \"api-city\") { nodes { id } } }");
        var (_, ownChildren) = await server.PostAsync(mine, $"{{ entities(parentId: \"{InScope}\") {{ nodes {{ id }} }} }}");
        var (_, ranking) = await server.PostAsync(mine, "{ ranking(year: 2025, metric: ENERGY_TCE) { rank } }");
        var (_, cityParent) = await server.PostAsync(city, $"{{ entity(id: \"{InScope}\") {{ parent {{ id parent {{ id }} }} }} }}");
        var (_, cityList) = await server.PostAsync(city, "{ entities(parentId: \"api-city\", first: 500) { nodes { id } } }");

        Assert.Equal("FORBIDDEN", FirstError(parent));
        Assert.Equal(JsonValueKind.Null, parent.RootElement.GetProperty("data").GetProperty("entity").GetProperty("parent").ValueKind);
        Assert.Equal("FORBIDDEN", FirstError(siblings));
        Assert.Equal("FORBIDDEN", FirstError(allMines));
        Assert.Equal("FORBIDDEN", FirstError(cityChildren));
        Assert.Null(FirstError(ownChildren));
        Assert.Equal("FORBIDDEN", FirstError(ranking));
        Assert.Equal("FORBIDDEN", FirstError(cityParent)); // api-city is in scope, the province above it is not.
        Assert.Equal("api-city", cityParent.RootElement.GetProperty("data").GetProperty("entity").GetProperty("parent").GetProperty("id").GetString());
        Assert.Null(FirstError(cityList));
        Assert.Contains(cityList.RootElement.GetProperty("data").GetProperty("entities").GetProperty("nodes").EnumerateArray(), node => node.GetProperty("id").GetString() == OutOfScope);
    }

    [Fact]
    public async Task A_reporter_subscribes_to_its_scope_only()
    {
        const string Own = "api-mine-scope";
        var admin = server.Token(RegistryRoles.Admin);
        await server.RegisterAsync(admin, Own, "MINE", "api-city");
        var sequence = await server.SubmitAsync(admin, Own, 2026, 1, "scope-sub"); // 2026: no other test reads that year of api-city.
        await using var socket = await GraphQLWsClient.ConnectAsync(server.Http.BaseAddress!, server.Token(RegistryRoles.Reporter, Own));

        await socket.SubscribeAsync("own", "subscription($e: ID!) { balanceChanged(entityId: $e, afterSequence: 0) { sequence sourceEntityId } }", new { e = Own });
        await socket.SubscribeAsync("other", "subscription($e: ID!) { balanceChanged(entityId: $e, afterSequence: 0) { sequence } }", new { e = OutOfScope });
        await socket.SubscribeAsync("city", "subscription { balanceChanged(entityId: \"api-city\", includeDescendants: true) { sequence } }", new { });
        await socket.SubscribeAsync("alerts-other", "subscription($e: ID) { alertRaised(entityId: $e) { kind } }", new { e = OutOfScope });
        await socket.SubscribeAsync("alerts-all", "subscription { alertRaised { kind } }", new { });

        var refused = new Dictionary<string, string>();
        long? ownSequence = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while ((refused.Count < 4 || ownSequence is null) && await socket.ReceiveAsync(timeout.Token) is { } message)
        {
            var id = message.GetProperty("id").GetString()!;
            // A refused subscription ends with its errors, as an error message or a result with errors.
            var errors = message.GetProperty("type").GetString() switch
            {
                "error" => message.GetProperty("payload"),
                "next" when message.GetProperty("payload").TryGetProperty("errors", out var e) => e,
                _ => (JsonElement?)null,
            };
            switch (message.GetProperty("type").GetString())
            {
                case "error" or "next" when errors is { } refusal:
                    refused[id] = refusal[0].GetProperty("extensions").GetProperty("code").GetString()!;
                    break;
                case "next" when id == "own":
                    var change = message.GetProperty("payload").GetProperty("data").GetProperty("balanceChanged");
                    Assert.Equal(Own, change.GetProperty("sourceEntityId").GetString());
                    ownSequence = change.GetProperty("sequence").GetInt64();
                    break;
                case "next":
                    Assert.Fail($"Subscription {id} outside the reporter's scope delivered {message}");
                    break;
            }
        }

        Assert.Equal(sequence, ownSequence);
        Assert.Equal(new Dictionary<string, string> { ["other"] = "FORBIDDEN", ["city"] = "FORBIDDEN", ["alerts-other"] = "FORBIDDEN", ["alerts-all"] = "FORBIDDEN" }, refused);
    }

    /// <summary>A request for the mutation that is valid for the entity, so that only authorization can refuse it.</summary>
    private async Task<(string Query, object Variables)> RequestAsync(string mutation, string entity)
    {
        var n = Interlocked.Increment(ref s_counter);

        // Each entity's reports go to months of their own, 2022-01 onwards, so no two cases collide.
        var index = _nextPeriod.GetValueOrDefault(entity);
        _nextPeriod[entity] = index + 1;
        var (year, month) = (2022 + (index / 12), (index % 12) + 1);
        var report = new
        {
            entityId = entity,
            year,
            month,
            idempotencyKey = $"matrix-{n}",
            fuels = new[] { new { carrier = "raw_coal", quantity = 10 + n, unit = "t" } },
        };
        switch (mutation)
        {
            case "registerEntity":
                return ("mutation($input: RegisterEntityInput!) { registerEntity(input: $input) { id } }",
                    new { input = new { id = $"api-reg-{n}", kind = "ENTERPRISE", name = "R", nameZh = "R", parentId = "api-city" } });
            case "submitReport":
                return ("mutation($input: ReportInput!) { submitReport(input: $input) { sequence } }", new { input = report });
            case "submitReports":
                return ("mutation($inputs: [ReportInput!]!) { submitReports(inputs: $inputs) { entityId errorCode result { sequence } } }", new { inputs = new[] { report } });
            case "amendReport":
                // The month to amend is filed first by an admin.
                var (_, filed) = await server.PostAsync(server.Token(RegistryRoles.Admin), "mutation($input: ReportInput!) { submitReport(input: $input) { sequence } }", new { input = report });
                Assert.Null(FirstError(filed));
                return ("mutation($input: AmendReportInput!) { amendReport(input: $input) { reportVersion } }",
                    new { input = new { entityId = entity, year, month, idempotencyKey = $"matrix-amend-{n}", reason = "correction", fuels = report.fuels } });
            case "setTargets":
                return ("mutation($input: TargetsInput!) { setTargets(input: $input) { year } }", new { input = new { entityId = entity, year = 2025, energyCapTce = 1000 + n } });
            case "setPlanTargets":
                return ("mutation($input: PlanTargetsInput!) { setPlanTargets(input: $input) { year } }", new { input = new { entityId = entity, fromYear = 2021, energyCapTce = 5000 + n } });
            case "lockPeriod":
                return ("mutation($e: ID!, $m: Int) { lockPeriod(entityId: $e, year: 2021, month: $m) { state } }", new { e = entity, m = month });
            case "verifyPeriod":
                return ("mutation($e: ID!, $m: Int) { verifyPeriod(entityId: $e, year: 2020, month: $m) { state } }", new { e = entity, m = month });
            case "recalculate":
                return ("mutation($e: ID!) { recalculate(entityId: $e, year: 2023, factorSetId: \"CN-2023.1\") { period } }", new { e = entity });
            case "switchDeductionRuleSet":
                // A year before 2021, which no rule set covers, switched to the 2022 rule: always a change.
                return ("mutation($e: ID!, $y: Int!) { switchDeductionRuleSet(entityId: $e, year: $y, ruleSetId: \"NDRC-2022-1258\", reason: \"matrix\") { period } }", new { e = entity, y = 2001 + (n % 19) });
            case "setBaseline":
                return ("mutation($e: ID!, $v: Decimal) { setBaseline(entityId: $e, input: { year: 2020, grossTco2e: $v, source: \"audit\" }) { year } }", new { e = entity, v = 1000 + n });
            case "registerProject":
                return (ProjectTestData.RegisterMutation, new { input = ProjectTestData.Registration($"api-prj-{n}", "api-city") });
            case "openReviewRound":
                return ("mutation($p: ID!) { openReviewRound(projectId: $p) { version } }", new { p = await ProjectAsync(n) });
            case "signOffReview":
                var reviewed = await ProjectAsync(n);
                await AdminAsync("mutation($p: ID!) { openReviewRound(projectId: $p) { version } }", new { p = reviewed });
                return ("mutation($p: ID!) { signOffReview(projectId: $p, department: \"energy\", approve: true, comment: \"fine\") { version } }", new { p = reviewed });
            case "transitionProject":
                return ("mutation($p: ID!) { transitionProject(projectId: $p, transition: REJECT, reason: \"refused\") { stage } }", new { p = await ProjectAsync(n) });
            case "setProjectDisposal":
                return ("mutation($p: ID!) { setProjectDisposal(projectId: $p, category: \"complete_procedures\") { version } }", new { p = await ProjectAsync(n) });
            case "confirmSeparateEnergy":
                return ("mutation($p: ID!, $e: Decimal!) { confirmSeparateEnergy(projectId: $p, year: 2024, energyTce: $e, reference: \"matrix\") { version } }", new { p = await MajorProjectAsync(), e = 10 + n });
            case "addSubstitutionSource":
                return (ProjectTestData.AddSourceMutation, new { p = await ProjectAsync(n), s = ProjectTestData.Source($"api-src-{n}", 10) });
            case "verifySubstitutionSource":
                var verified = await ProjectAsync(n);
                await AdminAsync(ProjectTestData.AddSourceMutation, new { p = verified, s = ProjectTestData.Source($"api-src-{n}", 10) });
                return ("mutation($p: ID!, $s: ID!) { verifySubstitutionSource(projectId: $p, sourceId: $s) { version } }", new { p = verified, s = $"api-src-{n}" });
            case "revokeSubstitutionSource":
                await AdminAsync(ProjectTestData.AddSourceMutation, new { p = await ProjectAsync(n), s = ProjectTestData.Source($"api-src-{n}", 10) });
                return ("mutation($s: ID!) { revokeSubstitutionSource(sourceId: $s, reason: \"false\") { version } }", new { s = $"api-src-{n}" });
            case "enterZeroCarbonIndicator":
                return ("mutation($e: ID!) { enterZeroCarbonIndicator(entityId: $e, programme: \"national_zero_carbon_park\", year: 2024, indicator: \"solid_waste_reuse\", value: 0.9, source: \"park statistics\") { year } }", new { e = await ZeroCarbonParkAsync(n, passing: false) });
            case "waiveZeroCarbonIndicator":
                return ("mutation($e: ID!, $r: String!) { waiveZeroCarbonIndicator(entityId: $e, programme: \"shanxi_coal_industry\", year: 2030, indicator: \"gas_use_rate_2030\", reason: $r) { year } }", new { e = entity, r = $"matrix {n}" });
            case "recordZeroCarbonAcceptance":
                return ("mutation($e: ID!) { recordZeroCarbonAcceptance(entityId: $e, programme: \"national_zero_carbon_park\", year: 2024, step: PROVINCE_REVIEWED, reference: \"review 1\") { year } }", new { e = await ZeroCarbonParkAsync(n, passing: true) });
            case "enterAssessmentJudgement":
                return (Judgement, new { r = $"matrix {n}" });
            case "publishAssessment":
                // Each publication needs results that differ from the last: a new judgement first.
                await AdminAsync(Judgement, new { r = $"matrix {n}" });
                return ("mutation { publishAssessment(scheme: \"energy_saving\", year: 2024) { published { version } } }", new { });
            case "submitRectificationReport":
                await ObligedCityAsync();
                return ("mutation($r: String!) { submitRectificationReport(scheme: \"carbon_intensity\", year: 2022, entityId: \"mx-city\", reference: $r) { year } }", new { r = $"matrix {n}" });
            case "startRecalculation":
                return ("mutation($j: String!, $e: ID!) { startRecalculation(jobId: $j, rootId: $e, year: 2024, factorSetId: \"CN-2024.P1\") { id } }", new { j = $"mx-job-{n}", e = entity });
            case "setCarbonBudget":
                return ("mutation($b: Decimal!) { setCarbonBudget(entityId: \"api-prov\", year: 2030, budgetTco2e: $b, reason: \"matrix\") { allocatedTco2e } }", new { b = 1_000_000 + n });
            default:
                throw new ArgumentOutOfRangeException(nameof(mutation), mutation, null);
        }
    }

    /// <summary>
    /// A new national zero-carbon park whose <paramref name="n"/>-th case stands alone. With
    /// <paramref name="passing"/>, its 2024 passes the acceptance gate: 2,000,000 MWh of
    /// green-certified power (245,800 tce, the 200,000–1,000,000 band, no CO2: met) and every
    /// guiding indicator entered at its threshold.
    /// </summary>
    private async Task<string> ZeroCarbonParkAsync(int n, bool passing)
    {
        var id = $"api-zcp-{n}";
        await AdminAsync(
            "mutation($input: RegisterEntityInput!) { registerEntity(input: $input) { id } }",
            new { input = new { id, kind = "PARK", name = "Z", nameZh = "Z", parentId = "api-city", pilotPrograms = new[] { "NATIONAL_ZERO_CARBON_PARK" } } });
        if (passing)
        {
            var power = new { value = 2_000_000, unit = "MWh" };
            await AdminAsync("mutation($input: ReportInput!) { submitReport(input: $input) { sequence } }", new { input = new { entityId = id, year = 2024, month = 1, idempotencyKey = $"zcp-{n}", gridElectricity = power, greenCertifiedElectricity = power } });
            foreach (var (indicator, value) in new[] { ("product_energy_grade_2", 1m), ("solid_waste_reuse", 0.8m), ("waste_heat_reuse", 0.5m), ("industrial_water_reuse", 0.8m) })
            {
                await AdminAsync(
                    "mutation($e: ID!, $i: String!, $v: Decimal!) { enterZeroCarbonIndicator(entityId: $e, programme: \"national_zero_carbon_park\", year: 2024, indicator: $i, value: $v, source: \"matrix\") { year } }",
                    new { e = id, i = indicator, v = value });
            }
        }

        return id;
    }

    /// <summary>
    /// Once: a city whose 2022 carbon-intensity result is complete and failed (100 t of raw coal a
    /// month for 100 × 10^4 yuan, about 1.9 tCO2e per 10^4 yuan against a target of 0.095: both veto
    /// items missed), published, so that it owes a rectification report.
    /// </summary>
    private async Task ObligedCityAsync()
    {
        if (s_obligedCity)
        {
            return;
        }

        var admin = server.Token(RegistryRoles.Admin);
        await server.RegisterAsync(admin, "mx-city", "CITY", "api-prov");
        await server.RegisterAsync(admin, "mx-mine", "MINE", "mx-city");
        for (var month = 1; month <= 12; month++)
        {
            await AdminAsync("mutation($input: ReportInput!) { submitReport(input: $input) { sequence } }", new { input = new { entityId = "mx-mine", year = 2022, month, idempotencyKey = $"mx-{month}", fuels = new[] { new { carrier = "raw_coal", quantity = 100, unit = "t" } }, valueAdded = new { value = 100, unit = "10^4 yuan" } } });
        }

        await AdminAsync("mutation { setTargets(input: { entityId: \"mx-city\", year: 2022, carbonIntensity: { baseYear: 2020, baseIntensity: 0.1, reduction: 0.05 } }) { year } }", new { });
        await AdminAsync("mutation { setTargets(input: { entityId: \"mx-city\", year: 2025, carbonIntensity: { baseYear: 2020, baseIntensity: 0.1, reduction: 0.18 } }) { year } }", new { });
        await AdminAsync("mutation { enterAssessmentJudgement(scheme: \"carbon_intensity\", year: 2022, entityId: \"mx-city\", indicator: \"measures\", points: 30, reason: \"matrix\") { year } }", new { });
        await AdminAsync("mutation { publishAssessment(scheme: \"carbon_intensity\", year: 2022) { year } }", new { });
        s_obligedCity = true;
    }

    private static bool s_obligedCity;

    /// <summary>A proposed project in api-city, registered by an admin for one case.</summary>
    private async Task<string> ProjectAsync(int n)
    {
        var id = $"api-prj-{n}";
        await AdminAsync(ProjectTestData.RegisterMutation, new { input = ProjectTestData.Registration(id, "api-city") });
        return id;
    }

    /// <summary>An approved major national project in a city of its own (no warning level, no grade), registered once.</summary>
    private async Task<string> MajorProjectAsync()
    {
        const string Id = "api-major";
        if (!_majorRegistered)
        {
            await server.RegisterAsync(server.Token(RegistryRoles.Admin), "mx-major-city", "CITY", "api-prov");
            var input = JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(ProjectTestData.Registration(Id, "mx-major-city")))!;
            (input["nationalMajor"], input["plannedStartYear"]) = (true, 2024);
            await AdminAsync(ProjectTestData.RegisterMutation, new { input });
            await AdminAsync($"mutation {{ openReviewRound(projectId: \"{Id}\") {{ version }} }}", new { });
            foreach (var department in ProjectTestData.Departments)
            {
                var (_, json) = await server.PostAsync(server.ReviewerToken(department), $"mutation {{ signOffReview(projectId: \"{Id}\", department: \"{department}\", approve: true, comment: \"matrix\") {{ version }} }}", new { });
                Assert.Null(FirstError(json));
            }

            _majorRegistered = true;
        }

        return Id;
    }

    private async Task AdminAsync(string query, object variables)
    {
        var (_, json) = await server.PostAsync(server.Token(RegistryRoles.Admin), query, variables);
        Assert.Null(FirstError(json));
    }

    /// <summary>The code of the first error, top-level or of a batch item; null on success.</summary>
    private static string? FirstError(JsonDocument json)
    {
        if (json.RootElement.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0)
        {
            return errors[0].GetProperty("extensions").GetProperty("code").GetString();
        }

        var data = json.RootElement.GetProperty("data");
        if (data.TryGetProperty("submitReports", out var items))
        {
            return items.EnumerateArray().Select(item => item.GetProperty("errorCode")).Where(code => code.ValueKind == JsonValueKind.String).Select(code => code.GetString()).FirstOrDefault();
        }

        return null;
    }
}
