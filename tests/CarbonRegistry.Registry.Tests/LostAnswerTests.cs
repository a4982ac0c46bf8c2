using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Testing;

namespace CarbonRegistry.Registry.Tests;

/// <summary>
/// PostgreSQL commits a report, and the connection drops before the registry hears so (a forwarder
/// resets it in place of the server's ReadyForQuery): the caller is told the outcome is unknown,
/// and its retry is answered from the ledger, everywhere the report counts.
/// </summary>
public sealed class LostAnswerTests
{
    private static readonly Actor s_actor = new("lost-answer-test", "admin");

    [Fact]
    public async Task A_commit_whose_answer_was_lost_is_replayed_on_retry_and_counts_in_every_ancestor()
    {
        await using var cutter = new PostgresAnswerCutter(PostgresServer.CreateDatabase("lost-answer"));
        await using var host = await RegistryHost.StartAsync(RegistryHost.PostgresSettings(cutter.ConnectionString));
        var province = await RegisterAsync(host, "lost-prov", EntityKind.Province, null);
        var city = await RegisterAsync(host, "lost-city", EntityKind.City, "lost-prov");
        var mine = await RegisterAsync(host, "lost-mine", EntityKind.Mine, "lost-city");
        await mine.SubmitReport(Report(1, 100m), s_actor);

        // The ledger transaction is the one batch that takes the writer lock.
        var cut = cutter.CutBeforeReadyAfter("pg_advisory_xact_lock");
        var error = await Assert.ThrowsAsync<RegistryException>(() => mine.SubmitReport(Report(2, 200m), s_actor));
        await cut.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(RegistryErrorCode.OutcomeUnknown, error.Code);
        Assert.True(error.Retriable);
        Assert.Equal(3, (await host.Reader.EntityEventsAsync("lost-mine", 0)).Count);

        var retry = await mine.SubmitReport(Report(2, 200m), s_actor);

        Assert.True(retry.Replayed);
        Assert.Equal(3, (await host.Reader.EntityEventsAsync("lost-mine", 0)).Count);
        foreach (var (grain, scope) in new[] { (mine, BalanceScope.Own), (city, BalanceScope.Total), (province, BalanceScope.Total) })
        {
            var id = grain.GetPrimaryKeyString();
            Assert.Equal((id, 2), (id, (await grain.GetBalance(2025, null, scope)).ReportCount));
            Assert.Equal((id, 1), (id, (await grain.GetBalance(2025, 2, scope)).ReportCount));
        }
    }

    private static async Task<IEntityGrain> RegisterAsync(RegistryHost host, string id, EntityKind kind, string? parent)
    {
        var grain = host.Grains.GetGrain<IEntityGrain>(id);
        await grain.Register(new EntityRegistration { Id = id, Kind = kind, Name = id, NameZh = id, ParentId = parent }, s_actor);
        return grain;
    }

    private static SubmitReport Report(int month, decimal coalTonnes) => new()
    {
        Year = 2025,
        Month = month,
        IdempotencyKey = $"lost-2025-{month}",
        Data = new ReportData { Fuels = [new FuelLine("raw_coal", new QuantityInput(coalTonnes, "t"))] },
    };
}
