using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CarbonRegistry.Api.Auth;

namespace CarbonRegistry.Api.Tests;

/// <summary>The GraphQL-over-HTTP transport against the real server, status code by status code.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class HttpTransportTests(ApiServerFixture server)
{
    private const string GraphQLResponse = "application/graphql-response+json";

    [Fact]
    public async Task Anonymous_callers_get_401_and_no_data()
    {
        var (status, json) = await server.PostAsync(null, "{ entity(id: \"api-prov\") { id } }");

        Assert.Equal(401, status);
        Assert.Equal("UNAUTHENTICATED", Code(json));
        Assert.False(json.RootElement.TryGetProperty("data", out _));

        var (expired, _) = await server.PostAsync(server.Token(RegistryRoles.Admin)[..^4] + "AAAA", "{ factorSets { id } }");
        Assert.Equal(401, expired);
    }

    [Fact]
    public async Task A_query_by_POST_answers_with_the_preferred_media_type()
    {
        using var response = await SendAsync(HttpMethod.Post, "{ entity(id: \"api-city\") { id kind parent { id } balance(year: 2025) { energyTce factorSetId } } }", GraphQLResponse);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(GraphQLResponse, response.Content.Headers.ContentType!.MediaType);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var entity = json.RootElement.GetProperty("data").GetProperty("entity");
        Assert.Equal("CITY", entity.GetProperty("kind").GetString());
        Assert.Equal("api-prov", entity.GetProperty("parent").GetProperty("id").GetString());
        Assert.Equal(0m, entity.GetProperty("balance").GetProperty("energyTce").GetDecimal());
    }

    [Fact]
    public async Task Queries_may_use_GET_but_mutations_may_not()
    {
        using var query = await SendAsync(HttpMethod.Get, "{ factorSets { id current } }", "application/json");
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Equal("application/json", query.Content.Headers.ContentType!.MediaType);
        Assert.Contains("CN-2022.1", await query.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var sequence = await server.LastSequenceAsync();
        using var mutation = await SendAsync(HttpMethod.Get, "mutation { lockPeriod(entityId: \"api-mine-a\", year: 2021) { state } }", GraphQLResponse);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, mutation.StatusCode);
        Assert.Equal("POST", string.Join(",", mutation.Content.Headers.Allow));
        Assert.Equal(sequence, await server.LastSequenceAsync());

        using var put = await SendAsync(HttpMethod.Put, "{ factorSets { id } }", GraphQLResponse);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, put.StatusCode);
    }

    [Fact]
    public async Task Bad_requests_get_the_status_codes_of_the_spec()
    {
        using var notAcceptable = await SendAsync(HttpMethod.Post, "{ factorSets { id } }", "text/html");
        Assert.Equal(HttpStatusCode.NotAcceptable, notAcceptable.StatusCode);

        using var wrongType = await SendRawAsync("{ factorSets { id } }", "text/plain");
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, wrongType.StatusCode);

        using var malformed = await SendRawAsync("{ \"query\": ", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);

        using var noQuery = await SendRawAsync("{ \"variables\": {} }", "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, noQuery.StatusCode);

        using var tooLarge = await SendRawAsync(JsonSerializer.Serialize(new { query = "{ factorSets { id } }", padding = new string('x', 70_000) }), "application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);

        // A document that does not parse or validate was not executed: 400 with the new media type,
        // 200 with legacy application/json.
        var (syntax, syntaxJson) = await server.PostAsync(server.Token(RegistryRoles.Admin), "{ factorSets { id ");
        Assert.Equal(400, syntax);
        Assert.False(syntaxJson.RootElement.TryGetProperty("data", out _));
        var (unknownField, _) = await server.PostAsync(server.Token(RegistryRoles.Admin), "{ nothingHere }");
        Assert.Equal(400, unknownField);
        var (legacy, legacyJson) = await server.PostAsync(server.Token(RegistryRoles.Admin), "{ nothingHere }", accept: "application/json");
        Assert.Equal(200, legacy);
        Assert.True(legacyJson.RootElement.TryGetProperty("errors", out _));
    }

    [Theory]
    [InlineData("variables", "{bad")]
    [InlineData("variables", "[1,2]")]
    [InlineData("variables", "\"text\"")]
    [InlineData("extensions", "{")]
    [InlineData("extensions", "[]")]
    public async Task A_GET_with_malformed_variables_or_extensions_is_a_400_that_names_the_parameter(string parameter, string value)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/graphql?query=" + Uri.EscapeDataString("{ factorSets { id } }") + $"&{parameter}=" + Uri.EscapeDataString(value));
        request.Headers.Accept.ParseAdd(GraphQLResponse);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Token(RegistryRoles.Admin));

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("BAD_REQUEST", Code(json));
        var message = json.RootElement.GetProperty("errors")[0].GetProperty("message").GetString()!;
        Assert.Contains($"'{parameter}'", message, StringComparison.Ordinal);
        Assert.DoesNotContain("GraphQL.", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ \"query\": ")]
    [InlineData("{ \"query\": 5 }")]
    [InlineData("{ \"query\": \"{ factorSets { id } }\", \"variables\": [1] }")]
    [InlineData("[]")]
    public async Task A_malformed_POST_body_is_a_400_whose_message_names_no_internal_type(string body)
    {
        using var response = await SendRawAsync(body, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("BAD_REQUEST", Code(json));
        Assert.DoesNotContain("GraphQL.", json.RootElement.GetProperty("errors")[0].GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> HostileDocuments()
    {
        var data = new TheoryData<string, string>();
        foreach (var (_, code, document) in CarbonRegistry.Testing.HostileDocuments.All)
        {
            data.Add(code, document);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(HostileDocuments))]
    public async Task A_document_past_a_limit_is_refused_before_validation_with_the_limits_code(string code, string document)
    {
        var (status, json) = await server.PostAsync(server.Token(RegistryRoles.Admin), document);

        Assert.Equal(400, status);
        Assert.Equal(code, Code(json));
        Assert.False(json.RootElement.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task A_document_within_every_limit_runs_with_its_fragments_aliases_and_directives()
    {
        var document = "query($yes: Boolean!) { a: factorSets @include(if: $yes) { ...Set } b: lastSequence @skip(if: false) } fragment Set on FactorSet { id current }";

        var (status, json) = await server.PostAsync(server.Token(RegistryRoles.Admin), document, new { yes = true });

        Assert.True(status == 200 && !json.RootElement.TryGetProperty("errors", out _), json.RootElement.ToString());
        Assert.True(json.RootElement.TryGetProperty("data", out var data) && data.GetProperty("a").GetArrayLength() > 0, json.RootElement.ToString());
    }

    [Fact]
    public async Task Queries_deeper_than_the_limit_are_refused_before_execution()
    {
        var deep = "{ entity(id: \"api-mine-a\") { " + string.Concat(Enumerable.Repeat("parent { ", 20)) + "id" + new string('}', 21) + " }";
        var (status, json) = await server.PostAsync(server.Token(RegistryRoles.Admin), deep);

        Assert.Equal(400, status);
        Assert.False(json.RootElement.TryGetProperty("data", out _));
        Assert.Contains("depth", json.RootElement.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);

        var (ok, _) = await server.PostAsync(server.Token(RegistryRoles.Admin), "{ entity(id: \"api-mine-a\") { parent { parent { id } } } }");
        Assert.Equal(200, ok);
    }

    [Fact]
    public async Task A_cached_document_is_checked_for_complexity_again_when_a_variable_can_change_it()
    {
        var admin = server.Token(RegistryRoles.Admin);

        // A list size from a variable.
        const string Sized = "query($n: Int) { ranking(year: 2025, metric: NET_TCO2E, first: $n) { rank } }";
        var (small, _) = await server.PostAsync(admin, Sized, new { n = 5 });
        var (smallAgain, _) = await server.PostAsync(admin, Sized, new { n = 5 });
        var (huge, hugeJson) = await server.PostAsync(admin, Sized, new { n = 10_000_000 });
        Assert.Equal(200, small);
        Assert.Equal(200, smallAgain);
        Assert.Equal(400, huge);
        Assert.Contains("complex", hugeJson.RootElement.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);

        // An expensive field a variable takes in or leaves out.
        const string Optional = "query($all: Boolean!) { factorSets { id } ranking(year: 2025, metric: NET_TCO2E, first: 10000000) @include(if: $all) { rank } }";
        var (left, _) = await server.PostAsync(admin, Optional, new { all = false });
        var (included, includedJson) = await server.PostAsync(admin, Optional, new { all = true });
        Assert.Equal(200, left);
        Assert.Equal(400, included);
        Assert.Contains("complex", includedJson.RootElement.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_cached_document_still_checks_its_variables_and_the_caller()
    {
        const string Query = "query($id: ID!, $year: Int!) { entity(id: $id) { balance(year: $year) { period } } }";
        var admin = server.Token(RegistryRoles.Admin);

        var (_, first) = await server.PostAsync(admin, Query, new { id = "api-mine-a", year = 2025 });
        var (_, again) = await server.PostAsync(admin, Query, new { id = "api-mine-a", year = 2024 });
        var (_, badVariable) = await server.PostAsync(admin, Query, new { id = "api-mine-a", year = "twenty" });
        var (_, outOfScope) = await server.PostAsync(server.Token(RegistryRoles.Reporter, "api-mine-a"), Query, new { id = "api-mine-b", year = 2025 });

        Assert.Equal("2025", first.RootElement.GetProperty("data").GetProperty("entity").GetProperty("balance").GetProperty("period").GetString());
        Assert.Equal("2024", again.RootElement.GetProperty("data").GetProperty("entity").GetProperty("balance").GetProperty("period").GetString());
        Assert.True(badVariable.RootElement.GetProperty("errors").GetArrayLength() > 0);
        Assert.False(badVariable.RootElement.TryGetProperty("data", out _));
        Assert.Equal("FORBIDDEN", Code(outOfScope));

        // A document cached for one of its operations is not taken as validated for another.
        var twoOperations = "query Light { entity(id: \"api-mine-a\") { id } } query Deep { entity(id: \"api-mine-a\") { " + string.Concat(Enumerable.Repeat("parent { ", 20)) + "id" + new string('}', 21) + " }";
        var light = await server.PostAsync(admin, twoOperations, operationName: "Light");
        var lightAgain = await server.PostAsync(admin, twoOperations, operationName: "Light");
        var deep = await server.PostAsync(admin, twoOperations, operationName: "Deep");
        Assert.Equal(light.Status, lightAgain.Status);
        Assert.Equal(400, deep.Status);
        Assert.False(deep.Json.RootElement.TryGetProperty("data", out _));
    }

    [Theory]
    [InlineData("{ entity(id: \"\") { id } }")]
    [InlineData("{ entity(id: \"Not An Id\") { balance(year: 2025) { energyTce } } }")]
    [InlineData("mutation { lockPeriod(entityId: \"\", year: 2025) { state } }")]
    [InlineData("mutation { recalculate(entityId: \"\", year: 2025, factorSetId: \"CN-2024.P1\") { energyTce } }")]
    [InlineData("mutation { submitReport(input: { entityId: \"\", year: 2025, month: 1, idempotencyKey: \"k\" }) { sequence } }")]
    public async Task A_malformed_entity_id_is_refused_with_invalid_entity_id_and_nothing_is_written(string document)
    {
        var sequence = await server.LastSequenceAsync();

        var (status, json) = await server.PostAsync(server.Token(RegistryRoles.Admin), document);

        Assert.Equal(200, status);
        Assert.Equal("INVALID_ENTITY_ID", Code(json));
        Assert.Equal(sequence, await server.LastSequenceAsync());
    }

    [Fact]
    public async Task A_cursor_holding_a_number_too_large_for_a_sequence_is_an_invalid_page()
    {
        var cursor = Convert.ToBase64String(Encoding.UTF8.GetBytes("seq:" + new string('9', 30)));

        var (status, json) = await server.PostAsync(server.Token(RegistryRoles.Admin), $"{{ entity(id: \"api-mine-a\") {{ history(first: 5, after: \"{cursor}\") {{ nodes {{ sequence }} }} }} }}");

        Assert.Equal(200, status);
        Assert.Equal("INVALID_PAGE", Code(json));
    }

    [Theory]
    [InlineData("1e-30")]
    [InlineData("0.0000000000000000000000000000001")]
    [InlineData("1e30")]
    public async Task A_quantity_literal_the_registry_cannot_hold_exactly_is_refused_not_rounded(string quantity)
    {
        var sequence = await server.LastSequenceAsync();
        var literal = $"mutation {{ submitReport(input: {{ entityId: \"api-mine-a\", year: 2023, month: 4, idempotencyKey: \"tiny-{quantity}\", fuels: [{{ carrier: \"raw_coal\", quantity: {quantity}, unit: \"t\" }}] }}) {{ sequence }} }}";

        var (_, json) = await server.PostAsync(server.Token(RegistryRoles.Admin), literal);

        Assert.True(json.RootElement.TryGetProperty("errors", out _), json.RootElement.ToString());
        Assert.Equal(sequence, await server.LastSequenceAsync());
    }

    [Theory]
    [InlineData("1e-30")]
    [InlineData("0.0000000000000000000000000000001")]
    public async Task A_quantity_variable_the_registry_cannot_hold_exactly_is_refused_not_rounded(string quantity)
    {
        var sequence = await server.LastSequenceAsync();
        var mutation = "mutation($q: Decimal!) { submitReport(input: { entityId: \"api-mine-a\", year: 2023, month: 5, idempotencyKey: \"tiny-var\", fuels: [{ carrier: \"raw_coal\", quantity: $q, unit: \"t\" }] }) { sequence } }";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent($"{{\"query\": {JsonSerializer.Serialize(mutation)}, \"variables\": {{ \"q\": {quantity} }} }}", Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd(GraphQLResponse);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Token(RegistryRoles.Admin));

        using var response = await server.Http.SendAsync(request);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.True(json.RootElement.TryGetProperty("errors", out _), json.RootElement.ToString());
        Assert.False(json.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object, json.RootElement.ToString());
        Assert.Equal(sequence, await server.LastSequenceAsync());
    }

    [Fact]
    public async Task Domain_errors_carry_a_stable_code_and_the_path_but_no_stack_trace()
    {
        var now = DateTime.UtcNow.AddHours(8); // reporting months follow China Standard Time
        var (status, json) = await server.PostAsync(
            server.Token(RegistryRoles.Admin),
            "mutation($input: ReportInput!) { submitReport(input: $input) { sequence } }",
            new { input = new { entityId = "api-mine-a", year = now.Year, month = now.Month, idempotencyKey = "future", fuels = new[] { new { carrier = "raw_coal", quantity = 1, unit = "t" } } } });

        Assert.Equal(200, status);
        var error = json.RootElement.GetProperty("errors")[0];
        Assert.Equal("FUTURE_PERIOD", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal("month", error.GetProperty("extensions").GetProperty("data").GetProperty("field").GetString());
        Assert.Equal("submitReport", error.GetProperty("path")[0].GetString());
        Assert.DoesNotContain(" at ", error.ToString(), StringComparison.Ordinal);

        var (_, unit) = await server.PostAsync(
            server.Token(RegistryRoles.Admin),
            "mutation($input: ReportInput!) { submitReport(input: $input) { sequence } }",
            new { input = new { entityId = "api-mine-a", year = 2024, month = 2, idempotencyKey = "wrong-unit", fuels = new[] { new { carrier = "raw_coal", quantity = 1, unit = "kWh" } } } });
        Assert.Equal("UNIT_NOT_VALID", Code(unit));
    }

    private static string? Code(JsonDocument json) =>
        json.RootElement.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString();

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string query, string accept)
    {
        var request = method == HttpMethod.Get
            ? new HttpRequestMessage(method, "/graphql?query=" + Uri.EscapeDataString(query))
            : new HttpRequestMessage(method, "/graphql") { Content = new StringContent(JsonSerializer.Serialize(new { query }), Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd(accept);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Token(RegistryRoles.Admin));
        return await server.Http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> SendRawAsync(string body, string contentType)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8, contentType) };
        request.Headers.Accept.ParseAdd(GraphQLResponse);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Token(RegistryRoles.Admin));
        return await server.Http.SendAsync(request);
    }
}
