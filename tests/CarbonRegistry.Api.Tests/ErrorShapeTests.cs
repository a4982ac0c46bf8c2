using CarbonRegistry.Api.Auth;

namespace CarbonRegistry.Api.Tests;

/// <summary>What a refused request tells a client: the code, the input field and whether to retry, where clients look first.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class ErrorShapeTests(ApiServerFixture server)
{
    [Fact]
    public async Task A_domain_error_carries_field_and_retriable_at_the_top_of_its_extensions_and_in_data()
    {
        var (_, json) = await server.PostAsync(
            server.Token(RegistryRoles.Admin),
            "mutation($input: ReportInput!) { submitReport(input: $input) { sequence } }",
            new { input = new { entityId = "api-mine-a", year = 2023, month = 5, idempotencyKey = "error-shape", fuels = new[] { new { carrier = "raw_coal", quantity = -1, unit = "t" } } } });

        var extensions = json.RootElement.GetProperty("errors")[0].GetProperty("extensions");
        Assert.Equal("INVALID_QUANTITY", extensions.GetProperty("code").GetString());
        Assert.Equal("fuels[0].quantity", extensions.GetProperty("field").GetString());
        Assert.False(extensions.GetProperty("retriable").GetBoolean());
        Assert.Equal("fuels[0].quantity", extensions.GetProperty("data").GetProperty("field").GetString());
        Assert.False(extensions.GetProperty("data").GetProperty("retriable").GetBoolean());
    }
}
