using System.Globalization;
using System.Text.Json;
using CarbonRegistry.Api.Auth;

namespace CarbonRegistry.Api.Tests;

/// <summary>The fields the dashboard relies on: the energy split by carrier and the ledger head.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class DashboardFieldTests(ApiServerFixture server)
{
    [Fact]
    public async Task Energy_by_carrier_adds_up_to_energy_for_the_entity_and_its_rollup()
    {
        var admin = server.Token(RegistryRoles.Admin);
        var (_, submitted) = await server.PostAsync(
            admin,
            "mutation($input: ReportInput!) { submitReport(input: $input) { sequence } }",
            new
            {
                input = new
                {
                    entityId = "api-park-mix",
                    year = 2023,
                    month = 4,
                    idempotencyKey = "mix-2023-4",
                    fuels = new object[]
                    {
                        new { carrier = "raw_coal", quantity = 120.5m, unit = "t" },
                        new { carrier = "natural_gas", quantity = 3.25m, unit = "10^4 m3" },
                        new { carrier = "raw_coal", quantity = 40m, unit = "t", use = "FEEDSTOCK" },
                    },
                    gridElectricity = new { value = 250_000m, unit = "kWh" },
                    greenCertifiedElectricity = new { value = 50_000m, unit = "kWh" },
                    onSiteRenewableElectricity = new { value = 30_000m, unit = "kWh" },
                    purchasedHeat = new { value = 800m, unit = "GJ" },
                },
            });
        Assert.False(submitted.RootElement.TryGetProperty("errors", out var errors), errors.ToString());

        const string Query = "query($id: ID!) { entity(id: $id) { balance(year: 2023, month: 4) { energyTce energyByCarrier { fuelCombustionTce cleanFuelTce feedstockTce biomassTce gridElectricityTce greenCertifiedElectricityTce onSiteRenewableTce heatTce } } } }";
        foreach (var id in new[] { "api-park-mix", "api-prov" })
        {
            var (_, json) = await server.PostAsync(server.Token(RegistryRoles.Dashboard), Query, new { id });
            var balance = json.RootElement.GetProperty("data").GetProperty("entity").GetProperty("balance");
            var parts = balance.GetProperty("energyByCarrier");
            var sum = new[] { "fuelCombustionTce", "feedstockTce", "biomassTce", "gridElectricityTce", "onSiteRenewableTce", "heatTce" }.Sum(name => Decimal(parts, name));

            Assert.Equal(Decimal(balance, "energyTce"), sum);
            Assert.True(Decimal(parts, "fuelCombustionTce") > 0m && Decimal(parts, "feedstockTce") > 0m && Decimal(parts, "heatTce") > 0m, parts.ToString());
            Assert.True(Decimal(parts, "greenCertifiedElectricityTce") > 0m && Decimal(parts, "greenCertifiedElectricityTce") < Decimal(parts, "gridElectricityTce"), parts.ToString());
        }
    }

    [Fact]
    public async Task Last_sequence_is_the_ledger_head_and_needs_a_reader_role()
    {
        var before = await server.LastSequenceAsync();
        var (status, json) = await server.PostAsync(server.Token(RegistryRoles.Dashboard), "{ lastSequence }");

        Assert.Equal(200, status);
        var served = json.RootElement.GetProperty("data").GetProperty("lastSequence").GetInt64();
        Assert.InRange(served, before, await server.LastSequenceAsync());
        var (anonymous, _) = await server.PostAsync(null, "{ lastSequence }");
        Assert.Equal(401, anonymous);
    }

    private static decimal Decimal(JsonElement element, string name) =>
        decimal.Parse(element.GetProperty(name).GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
