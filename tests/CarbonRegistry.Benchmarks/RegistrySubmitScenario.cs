using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Testing;
using Npgsql;

namespace CarbonRegistry.Benchmarks;

/// <summary>
/// Acknowledged reports per second through the grains on PostgreSQL (durable: fsync on), with 64
/// concurrent submitters of single reports and with batches of 500, each beside a raw Npgsql insert
/// of the same number of rows measured in the same run: one commit per row for the single
/// reports, one multi-row insert per 500 for the batches.
/// </summary>
internal sealed class RegistrySubmitScenario : IScenario
{
    private static readonly Actor s_actor = new("benchmark", "reporter");
    private static readonly string[] s_cities = [.. Enumerable.Range(0, 11).Select(i => $"bench-city-{i}")];

    public string Name => "registry-submit";

    public string Description => "acknowledged reports/s on PostgreSQL: 64 concurrent submitters and batches of 500, beside raw Npgsql inserts";

    public async Task RunAsync(string[] args, TextWriter output)
    {
        var entityCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 640;
        Environment.SetEnvironmentVariable("CARBON_POSTGRES_DURABLE", "1");
        var connectionString = PostgresServer.CreateDatabase("bench");
        var settings = RegistryHost.PostgresSettings(connectionString);
        if (Environment.GetEnvironmentVariable("BENCH_SNAPSHOT_DELAY") is { } delay)
        {
            settings["Registry:SnapshotDelay"] = delay;
        }

        await using var host = await RegistryHost.StartAsync(settings);
        var grains = host.Grains;
        var batches = 0;
        var committed = 0;
        var commitTime = TimeSpan.Zero;
        var gate = new Lock();
        host.Writer.BatchCommitted += (size, time) =>
        {
            lock (gate)
            {
                batches++;
                committed += size;
                commitTime += time;
            }
        };
        var entities = await RegisterAsync(grains, entityCount);

        // Months 2021-01 … 2025-12 exist in every factor set year; entity e files month m.
        var months = Enumerable.Range(0, 60).Select(i => (Year: 2021 + (i / 12), Month: (i % 12) + 1)).ToArray();
        output.WriteLine($"registry on PostgreSQL (fsync on), {entities.Count} entities");

        // Warm-up: activations, connection pool, and the JIT. Tiered compilation recompiles hot
        // methods for many seconds after start-up (tens of thousands of them here: Orleans, Npgsql,
        // the grains); a silo that runs for days does not pay that in its steady state. So the
        // measured entities file one month (activations), then as many more enterprises under the
        // same cities file rounds of a month of single reports and a month in batches until a round
        // compiles for under 2% of its time, at most 30 rounds (their 60 months); the compile time
        // left in each timed phase is printed beside it.
        await SingleAsync(grains, entities, months[..1], 64);
        var warmEntities = await RegisterEnterprisesAsync(grains, "bench-warm", entityCount);
        for (var round = 0; round < months.Length / 2; round++)
        {
            var jit = JitInfo.GetCompilationTime();
            var watch = Stopwatch.StartNew();
            await SingleAsync(grains, warmEntities, months[(2 * round)..((2 * round) + 1)], 64);
            await BatchesAsync(grains, warmEntities, months[((2 * round) + 1)..((2 * round) + 2)], 500);
            var compiling = JitInfo.GetCompilationTime() - jit;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  warm-up round {round + 1}: {2 * warmEntities.Count / watch.Elapsed.TotalSeconds:N0} reports/s, {compiling.TotalMilliseconds:N0} ms compiling"));
            if (compiling < watch.Elapsed * 0.02)
            {
                break;
            }
        }

        var singles = entities.Count * 10;
        var raw = await RawSingleInsertsAsync(connectionString, singles, 64);
        var (single, singleJit) = await CompilingAsync(() => SingleAsync(grains, entities, months[1..11], 64));
        Print(output, "raw Npgsql insert, one commit per row, 64 concurrent (baseline)", singles, raw, raw);
        Print(output, "submitReport via grains, 64 concurrent submitters", singles, single, raw, singleJit);

        var batched = entities.Count * 20;
        var rawBatch = await RawBatchInsertsAsync(connectionString, batched, 500);
        var (batch, batchJit) = await CompilingAsync(() => BatchesAsync(grains, entities, months[11..31], 500));
        Print(output, "raw Npgsql multi-row insert, 500 rows per commit (baseline)", batched, rawBatch, rawBatch);
        Print(output, "batches of 500 reports via grains", batched, batch, rawBatch, batchJit);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ledger transactions: {batches:N0}, {committed / (double)Math.Max(1, batches):N1} commits each, {commitTime.TotalMilliseconds / Math.Max(1, batches):N1} ms each"));
    }

    private static async Task<(TimeSpan Elapsed, TimeSpan Compiling)> CompilingAsync(Func<Task<TimeSpan>> phase)
    {
        var jit = JitInfo.GetCompilationTime();
        var elapsed = await phase();
        return (elapsed, JitInfo.GetCompilationTime() - jit);
    }

    private static async Task<List<string>> RegisterAsync(IGrainFactory grains, int count)
    {
        await grains.GetGrain<IEntityGrain>("bench-prov").Register(new EntityRegistration { Id = "bench-prov", Kind = EntityKind.Province, Name = "P", NameZh = "省" }, s_actor);
        foreach (var city in s_cities)
        {
            await grains.GetGrain<IEntityGrain>(city).Register(new EntityRegistration { Id = city, Kind = EntityKind.City, Name = city, NameZh = city, ParentId = "bench-prov" }, s_actor);
        }

        return await RegisterEnterprisesAsync(grains, "bench-ent", count);
    }

    /// <summary>Enterprises <paramref name="prefix"/>-0 … under the cities, registered 32 at a time.</summary>
    private static async Task<List<string>> RegisterEnterprisesAsync(IGrainFactory grains, string prefix, int count)
    {
        var entities = Enumerable.Range(0, count).Select(i => $"{prefix}-{i}").ToList();
        await Parallel.ForEachAsync(entities, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (id, _) =>
            await grains.GetGrain<IEntityGrain>(id).Register(
                new EntityRegistration { Id = id, Kind = EntityKind.Enterprise, Name = id, NameZh = id, ParentId = s_cities[id.GetHashCode(StringComparison.Ordinal) & 7] },
                s_actor));
        return entities;
    }

    /// <summary>Submitter s files, for each month, the reports of the entities s, s + 64, s + 128, …</summary>
    private static async Task<TimeSpan> SingleAsync(IGrainFactory grains, List<string> entities, (int Year, int Month)[] months, int submitters)
    {
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, submitters).Select(s => Task.Run(async () =>
        {
            foreach (var (year, month) in months)
            {
                for (var e = s; e < entities.Count; e += submitters)
                {
                    await grains.GetGrain<IEntityGrain>(entities[e]).SubmitReport(Report(year, month, e), s_actor);
                }
            }
        })));
        return watch.Elapsed;
    }

    /// <summary>One batch = 500 reports for 500 entities, sent together and awaited together, as submitReports does.</summary>
    private static async Task<TimeSpan> BatchesAsync(IGrainFactory grains, List<string> entities, (int Year, int Month)[] months, int size)
    {
        var watch = Stopwatch.StartNew();
        foreach (var (year, month) in months)
        {
            for (var start = 0; start < entities.Count; start += size)
            {
                await Task.WhenAll(entities.Skip(start).Take(size).Select((id, i) => grains.GetGrain<IEntityGrain>(id).SubmitReport(Report(year, month, start + i), s_actor)));
            }
        }

        return watch.Elapsed;
    }

    private static async Task<TimeSpan> RawSingleInsertsAsync(string connectionString, int rows, int concurrency)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await source.CreateCommand("CREATE TABLE raw_single (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, entity_id text NOT NULL, payload jsonb NOT NULL, recorded_at timestamptz NOT NULL)").ExecuteNonQueryAsync();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(c => Task.Run(async () =>
        {
            for (var i = c; i < rows; i += concurrency)
            {
                await using var command = source.CreateCommand("INSERT INTO raw_single (entity_id, payload, recorded_at) VALUES ($1, $2::jsonb, now())");
                command.Parameters.AddWithValue($"bench-ent-{i}");
                command.Parameters.AddWithValue(Payload(i));
                await command.ExecuteNonQueryAsync();
            }
        })));
        return watch.Elapsed;
    }

    private static async Task<TimeSpan> RawBatchInsertsAsync(string connectionString, int rows, int size)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await source.CreateCommand("CREATE TABLE raw_batch (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, entity_id text NOT NULL, payload jsonb NOT NULL, recorded_at timestamptz NOT NULL)").ExecuteNonQueryAsync();
        var watch = Stopwatch.StartNew();
        for (var start = 0; start < rows; start += size)
        {
            await using var command = source.CreateCommand();
            var values = new List<string>();
            for (var i = start; i < Math.Min(rows, start + size); i++)
            {
                values.Add($"(${command.Parameters.Count + 1}, ${command.Parameters.Count + 2}::jsonb, now())");
                command.Parameters.AddWithValue($"bench-ent-{i}");
                command.Parameters.AddWithValue(Payload(i));
            }

            command.CommandText = $"INSERT INTO raw_batch (entity_id, payload, recorded_at) VALUES {string.Join(", ", values)}";
            await command.ExecuteNonQueryAsync();
        }

        return watch.Elapsed;
    }

    private static string Payload(int i) => $$"""{"year":2025,"month":1,"coke":{{10 + (i % 90)}}}""";

    private static SubmitReport Report(int year, int month, int entity) => new()
    {
        Year = year,
        Month = month,
        IdempotencyKey = $"bench-{year}-{month}",
        Data = new ReportData
        {
            Fuels = [new FuelLine("coke", new QuantityInput(10m + (entity % 90), "t")), new FuelLine("natural_gas", new QuantityInput(1_000m + entity, "m3"))],
            GridElectricity = new QuantityInput(50_000m + (entity * 10), "kWh"),
            ValueAdded = new QuantityInput(500m + entity, "10^4 yuan"),
        },
    };

    private static void Print(TextWriter output, string name, int rows, TimeSpan elapsed, TimeSpan baseline, TimeSpan? compiling = null) =>
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {name,-66} {rows,7:N0} rows {elapsed.TotalSeconds,7:N2} s {rows / elapsed.TotalSeconds,9:N0}/s  time ratio {elapsed.TotalSeconds / baseline.TotalSeconds,6:N2}{(compiling is { } jit ? $"  (JIT {jit.TotalMilliseconds:N0} ms)" : "")}"));
}
