using System.Text.Json;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Accounting.Balances;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using static CarbonRegistry.Accounting.Balances.BalanceComponent;

namespace CarbonRegistry.Grains.Tests;

/// <summary>
/// Balance components are serialized from the component list, in the formats the build of
/// 2026-12-07 wrote with one property per component: silos of that build exchange balance rows
/// with this one (Orleans), and its snapshots load (JSON). The fixtures were written by that build.
/// </summary>
public sealed class BalanceComponentsFormatTests
{
    private static readonly IServiceProvider s_services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    /// <summary>The components the fixtures hold: every component its own value, one negative.</summary>
    private static readonly BalanceComponents s_written = new()
    {
        Values = new ComponentVector.Builder
        {
            [FuelCombustionTce] = 1m,
            [FeedstockTce] = 2.5m,
            [BiomassTce] = 3.25m,
            [CleanFuelTce] = 4.125m,
            [GridElectricityTce] = 5.0625m,
            [GreenCertifiedElectricityTce] = 6.03125m,
            [OnSiteRenewableTce] = 7.015625m,
            [ElectricityEqualValueTce] = 8.0078125m,
            [HeatTce] = 9.00390625m,
            [RenewableBaselineTce] = 10.001953125m,
            [CombustionCarbonTc] = 11.0009765625m,
            [BiomassCarbonTc] = 12.00048828125m,
            [ProcessCo2Tco2] = 13.000244140625m,
            [MethaneReleasedTch4] = 14.0001220703125m,
            [MethaneReleasedTco2e] = 15.00006103515625m,
            [FlareCo2Tco2] = 16.000030517578125m,
            [ElectricityLocationTco2] = 17.0000152587890625m,
            [ElectricityMarketTco2] = -18.00000762939453125m,
            [HeatTco2] = 19.000003814697265625m,
            [SinkRemovalsTco2] = 20.0000019073486328125m,
            [CcusRemovalsTco2] = 21.00000095367431640625m,
        }.ToVector(),
        ValueAddedWanYuan = 22.123456789012345678901234567m,
        PartsWithoutValueAdded = 1,
        ReportCount = 3,
        FactorSetCounts = "CN-2022.1=2;CN-2024.P1=1",
    };

    private static List<BalanceRow> WrittenRows() =>
    [
        new("taiyuan-mine-1", 2025, 3, BalanceScope.Own, s_written, 7),
        new("taiyuan", 2025, 0, BalanceScope.Total, s_written, 9),
        new("shanxi", 2025, 0, BalanceScope.Total, BalanceComponents.Zero, 1),
    ];

    [Fact]
    public void Rows_written_by_the_earlier_build_are_read_component_by_component()
    {
        var bytes = File.ReadAllBytes(Fixture("balance-rows-2026-12-07.orleans.bin"));

        var rows = s_services.GetRequiredService<Serializer>().Deserialize<List<BalanceRow>>(bytes)!;

        Assert.Equal(WrittenRows(), rows);
        foreach (var component in BalanceComponentList.All)
        {
            Assert.Equal(s_written[component], rows[0].Components[component]);
        }

        // The same instance twice in the graph is sent once and comes back as one instance.
        Assert.Same(rows[0].Components, rows[1].Components);
    }

    [Fact]
    public void Rows_are_written_byte_for_byte_as_the_earlier_build_wrote_them()
    {
        var bytes = s_services.GetRequiredService<Serializer>().SerializeToArray(WrittenRows());

        Assert.Equal(File.ReadAllBytes(Fixture("balance-rows-2026-12-07.orleans.bin")), bytes);
    }

    [Fact]
    public void Every_component_survives_the_wire_including_those_added_after_the_fixture()
    {
        var values = new ComponentVector.Builder();
        foreach (var (component, i) in BalanceComponentList.All.Select((c, i) => (c, i)))
        {
            values[component] = (i + 1) * 1.5m;
        }

        var row = new BalanceRow("mine", 2025, 3, BalanceScope.Own, s_written with { Values = values.ToVector() }, 4);
        var serializer = s_services.GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<BalanceRow>(serializer.SerializeToArray(row))!;

        Assert.Equal(row, copy);
        Assert.Equal(values.ToVector(), copy.Components.Values);
    }

    [Fact]
    public void Grain_calls_copy_rows_without_losing_a_component()
    {
        var row = WrittenRows()[0];

        var copy = s_services.GetRequiredService<DeepCopier>().Copy(row);

        Assert.Equal(row, copy);
    }

    [Fact]
    public void Snapshots_of_the_earlier_build_load_and_are_written_in_the_same_shape()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General);
        var json = File.ReadAllText(Fixture("balance-components-2026-12-07.snapshot.json"));

        var balances = JsonSerializer.Deserialize<Dictionary<string, BalanceComponents>>(json, options)!;

        Assert.Equal(s_written, balances["2025-03"]);
        Assert.Equal(BalanceComponents.Zero, balances["2025-04"]);

        // Written again: the same members with the same values, less the two derived ones the
        // earlier build also wrote (FactorSetIds, IsZero), which are not read.
        var written = JsonDocument.Parse(JsonSerializer.Serialize(balances, options)).RootElement.GetProperty("2025-03");
        var earlier = JsonDocument.Parse(json).RootElement.GetProperty("2025-03");
        Assert.Equal(
            earlier.EnumerateObject().Where(p => p.Name is not ("FactorSetIds" or "IsZero")).Select(p => (p.Name, p.Value.GetRawText())),
            written.EnumerateObject().Select(p => (p.Name, p.Value.GetRawText())));
    }

    [Fact]
    public void A_snapshot_member_that_is_not_an_object_is_refused()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<BalanceComponents>("[1, 2]"));
    }

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
}
