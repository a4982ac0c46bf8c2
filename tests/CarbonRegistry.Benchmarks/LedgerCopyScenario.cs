using System.Diagnostics;
using System.Globalization;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Storage;
using CarbonRegistry.Storage.Database;
using CarbonRegistry.Storage.Ledger;
using CarbonRegistry.Storage.ReadModel;
using CarbonRegistry.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CarbonRegistry.Benchmarks;

/// <summary>
/// The ledger writer on PostgreSQL with batches of a given size, through the array path and
/// through the bulk (binary COPY) path, each on a database of its own, alternated: where the bulk
/// path starts to pay.
/// </summary>
internal sealed class LedgerCopyScenario : IScenario
{
    private static readonly DateTimeOffset s_at = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public string Name => "ledger-copy";

    public string Description => "ledger batches of 16 to 1,000 reports on PostgreSQL: array path against binary COPY [mines, default 1,000]";

    public async Task RunAsync(string[] args, TextWriter output)
    {
        var mines = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000;
        Environment.SetEnvironmentVariable("CARBON_POSTGRES_DURABLE", "1");
        output.WriteLine($"ledger writer on PostgreSQL (fsync on), {mines:N0} mines under 8 cities, 12 months each; waves of one batch's size, awaited before the next");
        foreach (var batch in new[] { 16, 64, 256, 1_000 })
        {
            foreach (var copy in new[] { false, true })
            {
                var (rate, batches, size, perBatch) = await RunAsync(mines, batch, copy);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  batch {batch,5:N0}, {(copy ? "binary COPY" : "arrays     ")}: {rate,8:N0} reports/s, {batches,5:N0} transactions of {size,6:N1} commits, {perBatch,7:N2} ms each"));
            }
        }
    }

    private static async Task<(double Rate, int Batches, double Size, double PerBatch)> RunAsync(int mines, int batch, bool copy)
    {
        var options = new StorageOptions
        {
            Provider = StorageProvider.PostgreSql,
            ConnectionString = PostgresServer.CreateDatabase($"bench_copy_{batch}_{(copy ? "copy" : "arrays")}"),
            MaxBatch = batch,
            CopyThreshold = copy ? 1 : int.MaxValue,
        };
        await using var database = RegistryDatabase.Create(options);
        await new Migrator(database, NullLogger<Migrator>.Instance).MigrateAsync();
        await using var writer = new LedgerWriter(database, Microsoft.Extensions.Options.Options.Create(options), NullLogger<LedgerWriter>.Instance);
        await writer.CommitAsync(Register("prov", null, "Province"));
        var cities = Enumerable.Range(0, 8).Select(i => $"city-{i}").ToList();
        await Task.WhenAll(cities.Select(c => writer.CommitAsync(Register(c, "prov", "City"))));
        var ids = Enumerable.Range(0, mines).Select(i => $"mine-{i}").ToList();
        foreach (var wave in ids.Chunk(batch))
        {
            await Task.WhenAll(wave.Select((id, i) => writer.CommitAsync(Register(id, cities[i % cities.Count], "Mine"))));
        }

        var commits = Enumerable.Range(1, 12).SelectMany(month => ids.Select((id, i) => Report(id, month, i))).ToList();
        var (batches, committed, time) = (0, 0, TimeSpan.Zero);
        var gate = new Lock();
        writer.BatchCommitted += (size, elapsed) =>
        {
            lock (gate)
            {
                (batches, committed, time) = (batches + 1, committed + size, time + elapsed);
            }
        };

        var watch = Stopwatch.StartNew();
        foreach (var wave in commits.Chunk(batch))
        {
            await Task.WhenAll(wave.Select(commit => writer.CommitAsync(commit)));
        }

        var elapsedAll = watch.Elapsed;
        var total = await new RegistryReader(database).BalanceRowAsync("prov", 2025, 0, BalanceScope.Total);
        if (total?.Components.ReportCount != commits.Count)
        {
            throw new InvalidOperationException($"The province's year counts {total?.Components.ReportCount} reports, not {commits.Count}.");
        }

        return (commits.Count / elapsedAll.TotalSeconds, batches, committed / (double)Math.Max(1, batches), time.TotalMilliseconds / Math.Max(1, batches));
    }

    private static LedgerCommit Register(string id, string? parent, string kind) => new()
    {
        EntityId = id,
        Version = 1,
        Type = "EntityRegistered",
        Payload = $$"""{"type":"EntityRegistered","id":"{{id}}","kind":"{{kind}}"}""",
        Actor = "benchmark (admin)",
        RecordedAt = s_at,
        Entity = new EntityRecord { Id = id, Kind = kind, Name = id, NameZh = id, ParentId = parent, Pilots = "", BaseYear = 2020, GridRegion = "national", Status = "Active", Version = 1, RegisteredAt = s_at },
    };

    /// <summary>A month's report of mine <paramref name="index"/>: a payload the size of a real one, coal, power, CO2 and value added.</summary>
    private static LedgerCommit Report(string id, int month, int index) => new()
    {
        Leaf = true,
        EntityId = id,
        Version = month + 1,
        Type = "ReportSubmitted",
        Payload = $$$"""{"type":"ReportSubmitted","year":2025,"month":{{{month}}},"data":{"fuels":[{"carrier":"raw_coal","quantity":{"value":{{{100 + (index % 900)}}}.5,"unit":"t"}}],"gridElectricity":{"value":{{{12 + (index % 50)}}}.25,"unit":"10^4 kWh"},"valueAdded":{"value":{{{500 + index}}},"unit":"10^4 yuan"}},"factorSetId":"CN-2024.P1","contentHash":"{{{Guid.NewGuid():N}}}","v":1}""",
        Actor = "benchmark (admin)",
        IdempotencyKey = $"bench-{month}",
        RecordedAt = s_at,
        Deltas =
        [
            new BalanceDelta(2025, month, new BalanceComponents
            {
                Values = new ComponentVector.Builder
                {
                    [BalanceComponent.FuelCombustionTce] = 71.75m + (index % 900),
                    [BalanceComponent.CombustionCarbonTc] = 52.1m + (index % 300),
                    [BalanceComponent.GridElectricityTce] = 15.08m + (index % 50),
                }.ToVector(),
                ValueAddedWanYuan = 500m + index,
                ReportCount = 1,
                FactorSetCounts = "CN-2024.P1=1",
            }),
        ],
    };
}
