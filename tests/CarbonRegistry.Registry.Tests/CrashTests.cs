using System.Collections.Concurrent;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Storage;
using CarbonRegistry.Storage.Database;
using CarbonRegistry.Storage.ReadModel;
using CarbonRegistry.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CarbonRegistry.Registry.Tests;

/// <summary>Kills the real server process with SIGKILL in the middle of a burst of reports.</summary>
public sealed class CrashTests
{
    private static readonly Actor s_actor = new("crash-test", "reporter");

    [Fact]
    public async Task Every_acknowledged_report_is_there_exactly_once_after_a_kill()
    {
        using var directory = new TemporaryDirectory("carbon-crash");
        var database = Path.Combine(directory.Path, "registry.db");
        var environment = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "Sqlite",
            ["Storage__SqlitePath"] = database,
            ["Demo__Seed"] = "false",
        };
        var entities = Enumerable.Range(0, 8).Select(i => $"crash-ent-{i}").ToList();
        var acknowledged = new ConcurrentBag<(string Entity, ReportResult Result)>();

        await using (var server = await ServerProcess.StartAsync(environment, directory.Path))
        {
            using var client = await ClientAsync(server.GatewayPort);
            var grains = client.Services.GetRequiredService<IGrainFactory>();
            await grains.GetGrain<IEntityGrain>("crash-prov").Register(new EntityRegistration { Id = "crash-prov", Kind = EntityKind.Province, Name = "P", NameZh = "省" }, s_actor);
            await grains.GetGrain<IEntityGrain>("crash-city").Register(new EntityRegistration { Id = "crash-city", Kind = EntityKind.City, Name = "C", NameZh = "市", ParentId = "crash-prov" }, s_actor);
            foreach (var id in entities)
            {
                await grains.GetGrain<IEntityGrain>(id).Register(new EntityRegistration { Id = id, Kind = EntityKind.Enterprise, Name = id, NameZh = id, ParentId = "crash-city" }, s_actor);
            }

            // Each entity files 24 months as fast as it can; the kill lands when half the burst is acknowledged.
            var burst = entities.Select(id => Task.Run(async () =>
            {
                for (var i = 0; i < 24; i++)
                {
                    try
                    {
                        var result = await grains.GetGrain<IEntityGrain>(id).SubmitReport(Report(2024 + (i / 12), (i % 12) + 1), s_actor);
                        acknowledged.Add((id, result));
                    }
                    catch (Exception error) when (error is TimeoutException or OrleansException or Abstractions.Errors.RegistryException { Retriable: true })
                    {
                        // Not acknowledged (the kill, or a slow reply): the report may or may not be stored.
                    }
                }
            })).ToList();
            while (acknowledged.Count < entities.Count * 12 && burst.Any(task => !task.IsCompleted))
            {
                await Task.Delay(1);
            }

            var runningAtKill = burst.Count(task => !task.IsCompleted);
            server.Kill();

            // Any other exception (a domain error, a bug in the client path) fails the test here.
            await Task.WhenAll(burst);
            Assert.True(runningAtKill > 0, "The burst had finished before the kill.");
        }

        Assert.True(acknowledged.Count >= entities.Count * 12, $"only {acknowledged.Count} reports were acknowledged before the kill");
        Assert.True(acknowledged.Count < entities.Count * 24, "Every report was acknowledged: the kill did not land mid-burst.");
        var snapshot = acknowledged.ToList();

        await using var restarted = await ServerProcess.StartAsync(environment, directory.Path);
        using var after = await ClientAsync(restarted.GatewayPort);
        var grainsAfter = after.Services.GetRequiredService<IGrainFactory>();
        await using var db = RegistryDatabase.Create(new StorageOptions { Provider = StorageProvider.Sqlite, SqlitePath = database });
        var reader = new RegistryReader(db);
        foreach (var id in entities)
        {
            var events = await reader.EntityEventsAsync(id, 0);
            var reports = events.Where(e => e.Type == "ReportSubmitted").ToList();
            Assert.Equal(reports.Count, reports.Select(e => e.IdempotencyKey).Distinct().Count());
            foreach (var (_, result) in snapshot.Where(a => a.Entity == id))
            {
                Assert.Single(reports, e => e.Sequence == result.Sequence);
                var versions = await grainsAfter.GetGrain<IEntityGrain>(id).GetReportVersions(result.Year, result.Month);
                Assert.Equal(result.Sequence, Assert.Single(versions).Sequence);
            }
        }

        // A client that never saw its acknowledgement retries: it gets the stored result, not a second report.
        var (entity, first) = snapshot[0];
        var retried = await grainsAfter.GetGrain<IEntityGrain>(entity).SubmitReport(Report(first.Year, first.Month), s_actor);
        Assert.True(retried.Replayed);
        Assert.Equal(first.Sequence, retried.Sequence);

        // And the rollup counts every stored report once.
        var stored = 0;
        foreach (var id in entities)
        {
            stored += (await reader.EntityEventsAsync(id, 0)).Count(e => e.Type == "ReportSubmitted");
        }

        var city = grainsAfter.GetGrain<IEntityGrain>("crash-city");
        var counted = (await city.GetBalance(2024, null, Abstractions.Balances.BalanceScope.Total)).ReportCount
            + (await city.GetBalance(2025, null, Abstractions.Balances.BalanceScope.Total)).ReportCount;
        Assert.Equal(stored, counted);
    }

    private static SubmitReport Report(int year, int month) => new()
    {
        Year = year,
        Month = month,
        IdempotencyKey = $"crash-{year}-{month}",
        Data = new ReportData { Fuels = [new FuelLine("coke", new QuantityInput(10m * month, "t"))], GridElectricity = new QuantityInput(1_000m, "kWh") },
    };

    private static async Task<IHost> ClientAsync(int gatewayPort)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.UseOrleansClient(client => client
            .UseLocalhostClustering(gatewayPort, serviceId: "carbon-registry", clusterId: "carbon-registry")
            .Configure<Orleans.Configuration.ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(15)));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
