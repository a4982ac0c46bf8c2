using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Grains.Entities;
using CarbonRegistry.Grains.Ledger;
using CarbonRegistry.Server.Demo;
using CarbonRegistry.Storage.Ledger;
using CarbonRegistry.Testing;
using Npgsql;

namespace CarbonRegistry.Benchmarks;

/// <summary>
/// A province of 100,000 bodies with 1,200,000 monthly reports in PostgreSQL, then: the province's
/// rollup (the maintained read-model row and the grain) beside aggregating its members' rows on the
/// fly; cold activation of entities beside reading their ledger events; memory per active grain.
/// Registrations go through the grains; reports through the ledger writer (ledger rows and rollups
/// in one transaction, as the grains commit them) with the grains' own balance rules.
/// </summary>
internal sealed class ScaleScenario : IScenario
{
    private const int Year = 2025;
    private const int SampleSize = 2000;
    private static readonly Actor s_actor = new("scale-benchmark", "admin");

    public string Name => "scale";

    public string Description => "100,000 entities and 1.2M reports in PostgreSQL: province rollup, cold activation, memory per grain";

    public async Task RunAsync(string[] args, TextWriter output)
    {
        var leavesPerZone = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1010;
        var connectionString = PostgresServer.CreateDatabase("scale");
        var tree = Tree(leavesPerZone);
        var leaves = tree.Where(ShanxiDemo.Reports).ToList();
        var spread = leaves.OrderBy(e => StableOrder(e.Id)).Select(e => e.Id).ToList(); // Samples from all over the tree.
        output.WriteLine($"{tree.Count:N0} entities, {leaves.Count * 12:N0} monthly reports of {Year}");

        var clock = Stopwatch.StartNew();
        await using (var host = await RegistryHost.StartAsync(RegistryHost.PostgresSettings(connectionString)))
        {
            foreach (var level in tree.GroupBy(e => e.Kind).OrderBy(g => g.Key switch { EntityKind.Province => 0, EntityKind.City => 1, EntityKind.Zone => 2, _ => 3 }))
            {
                await Parallel.ForEachAsync(level, new ParallelOptions { MaxDegreeOfParallelism = 256 }, async (e, _) => await host.Grains.GetGrain<IEntityGrain>(e.Id).Register(e, s_actor));
            }

            output.WriteLine($"  registered in {clock.Elapsed.TotalSeconds:N0} s");
            clock.Restart();
            var factors = FactorSetLoader.LoadDirectory(FactorSetLoader.DefaultDirectory);
            var done = 0;
            await Parallel.ForEachAsync(leaves, new ParallelOptions { MaxDegreeOfParallelism = 2000 }, async (e, _) =>
            {
                await FileYearAsync(host.Writer, factors, e);
                if (Interlocked.Increment(ref done) % 10_000 == 0)
                {
                    output.WriteLine($"  {done * 12:N0} reports in {clock.Elapsed.TotalSeconds:N0} s");
                }
            });
            output.WriteLine($"  {leaves.Count * 12:N0} reports filed in {clock.Elapsed.TotalSeconds:N0} s ({leaves.Count * 12 / clock.Elapsed.TotalSeconds:N0}/s)");

            // The loader wrote the ledger and the read model, not the grains: every snapshot is
            // still the one written after registration. In service a grain writes its snapshot
            // within SnapshotDelay of a change, so a body that reported long ago activates from a
            // current one. Bring the first sample's snapshots up to date the way the grains do:
            // activate them (they replay their twelve reports) and let the shutdown write them.
            await Parallel.ForEachAsync(Sample(spread, 0), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (id, _) => await host.Grains.GetGrain<IEntityGrain>(id).GetBalance(Year, null, BalanceScope.Total));
        }

        // After a bulk load, as any operator would (autovacuum would get there on its own, in the
        // middle of the measurements): fresh statistics and visibility maps. Without them the
        // planner may read a body's one read-model row through the (year, month, scope) index.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        clock.Restart();
        await using (var vacuum = new NpgsqlCommand("VACUUM (ANALYZE)", connection) { CommandTimeout = 0 })
        {
            await vacuum.ExecuteNonQueryAsync();
        }

        output.WriteLine($"  VACUUM (ANALYZE) in {clock.Elapsed.TotalSeconds:N0} s");

        // A fresh silo: every grain activates cold, from its snapshot and its ledger events.
        await using var silo = await RegistryHost.StartAsync(RegistryHost.PostgresSettings(connectionString));

        var province = silo.Grains.GetGrain<IEntityGrain>("scale-prov");
        var cold = Stopwatch.StartNew();
        var served = await province.GetBalance(Year, null, BalanceScope.Total);
        var provinceCold = cold.Elapsed.TotalMilliseconds;
        var warm = await TimeAsync(200, _ => province.GetBalance(Year, null, BalanceScope.Total));
        var stored = await TimeAsync(200, _ => silo.Reader.BalanceRowAsync("scale-prov", Year, 0, BalanceScope.Total));
        var onTheFly = await TimeAsync(5, async _ =>
        {
            await using var sum = new NpgsqlCommand($"SELECT sum(fuel_combustion_tce), sum(grid_electricity_tce), sum(combustion_carbon_tc), count(*) FROM balances WHERE year = {Year} AND month = 0 AND scope = 0", connection);
            await sum.ExecuteScalarAsync();
        });
        output.WriteLine($"Province rollup ({served.ReportCount:N0} reports, {served.EnergyTce:N0} tce):");
        output.WriteLine($"  grain, cold activation      {provinceCold,8:N2} ms");
        Row(output, "grain, warm", warm, onTheFly);
        Row(output, "read-model row", stored, onTheFly);
        Row(output, "members aggregated on the fly (baseline)", onTheFly, onTheFly);

        // Warm-up: the JIT, not the grains. A silo in service has run the activation path before;
        // this one has only just started (1.5 s of compiling fell in the first 2,000 measured otherwise).
        await Parallel.ForEachAsync(Sample(spread, 2), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (id, _) => await silo.Grains.GetGrain<IEntityGrain>(id).GetBalance(Year, null, BalanceScope.Total));

        // Cold activations of 2,000 leaves with a current snapshot (as in service), then of 2,000
        // whose snapshot predates their twelve reports (replayed from the ledger), one after
        // another, each followed by a read of another leaf's events (the baseline), so that both
        // meet the same moments of a noisy machine.
        var memoryBefore = GC.GetTotalMemory(forceFullCollection: true);
        foreach (var (name, sample) in new[] { ("cold activation of a leaf, current snapshot", Sample(spread, 0)), ("cold activation of a leaf, 12 events replayed", Sample(spread, 1)) })
        {
            var (gen0, gen1, gen2, paused, jit, allocated) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), JitInfo.GetCompilationTime(), GC.GetTotalAllocatedBytes());
            var (activation, events) = await TimeInterleavedAsync(
                sample.Count,
                i => silo.Grains.GetGrain<IEntityGrain>(sample[i]).GetBalance(Year, null, BalanceScope.Total),
                i => silo.Reader.EntityHistoryAsync(sample[(i + 1000) % sample.Count], 0, 100));
            Row(output, name, activation, events);
            Row(output, "reading its ledger events (baseline)", events, events);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  p99 ratio, activation to baseline: {Stats.Percentile(activation, 0.99) / Stats.Percentile(events, 0.99):N2}"));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  meanwhile: collections gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}, paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:N1} ms; allocated {(GC.GetTotalAllocatedBytes() - allocated) / 1024.0 / sample.Count:N1} KiB per activation and read; JIT {(JitInfo.GetCompilationTime() - jit).TotalMilliseconds:N1} ms"));
        }

        // Memory: activate 20,000 more and measure the managed heap per active grain.
        var more = spread.Skip(3 * SampleSize).Take(20_000).ToList();
        await Parallel.ForEachAsync(more, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (id, _) => await silo.Grains.GetGrain<IEntityGrain>(id).GetBalance(Year, null, BalanceScope.Total));
        var memoryAfter = GC.GetTotalMemory(forceFullCollection: true);
        var activated = (2 * SampleSize) + more.Count; // Since memoryBefore.
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Memory: {activated + SampleSize + 1:N0} active entity grains, managed heap grew {(memoryAfter - memoryBefore) / 1048576.0:N1} MiB ({(memoryAfter - memoryBefore) / (double)activated / 1024:N1} KiB per grain); process working set {Environment.WorkingSet / 1048576.0:N0} MiB"));
    }

    /// <summary>The <paramref name="index"/>th set of <see cref="SampleSize"/> leaves of <paramref name="spread"/>.</summary>
    private static List<string> Sample(List<string> spread, int index) => spread.Skip(index * SampleSize).Take(SampleSize).ToList();

    /// <summary>Province → 11 cities → 9 zones each → leaves (mines and enterprises).</summary>
    private static List<EntityRegistration> Tree(int leavesPerZone)
    {
        var list = new List<EntityRegistration> { new() { Id = "scale-prov", Kind = EntityKind.Province, Name = "Province", NameZh = "省", GridRegion = "north_china" } };
        for (var c = 0; c < 11; c++)
        {
            list.Add(new() { Id = $"scale-c{c}", Kind = EntityKind.City, Name = $"City {c}", NameZh = $"市{c}", ParentId = "scale-prov", GridRegion = "north_china" });
            for (var z = 0; z < 9; z++)
            {
                var zone = $"scale-c{c}-z{z}";
                list.Add(new() { Id = zone, Kind = EntityKind.Zone, Name = $"Zone {c}.{z}", NameZh = $"区{c}.{z}", ParentId = $"scale-c{c}" });
                for (var l = 0; l < leavesPerZone; l++)
                {
                    list.Add(new() { Id = $"{zone}-e{l}", Kind = l % 4 == 0 ? EntityKind.Mine : EntityKind.Enterprise, Name = $"Body {c}.{z}.{l}", NameZh = $"单位{c}.{z}.{l}", ParentId = zone });
                }
            }
        }

        return list;
    }

    /// <summary>Files the twelve months of <see cref="Year"/> for one registered entity, as its grain would.</summary>
    private static async Task FileYearAsync(LedgerWriter writer, FactorSetCatalog factors, EntityRegistration entity)
    {
        var model = new EntityModel(new EntityState(), factors);
        var at = DateTimeOffset.UtcNow;
        model.Apply(new EntityRegistered(LedgerRegistration.From(entity), at), new EventMeta(0, 1, s_actor.ToString(), at, null));
        for (var month = 1; month <= 12; month++)
        {
            var data = ShanxiDemo.Report(entity, month + 1).Data; // Demo month index 2 is January 2025.
            var version = model.State.Version + 1;
            var factorSetId = model.FactorSetFor(Year);
            var key = $"{entity.Id}-{Year}-{month}";
            var proposed = new StoredReport { Version = 1, Data = data, LedgerVersion = version, Actor = s_actor.ToString(), RecordedAt = at, FactorSetId = factorSetId, Sequence = 0, IdempotencyKey = key };
            var next = model.OwnBalances(EntityModel.Dependents(Year, month), (y, m) => y == Year && m == month ? proposed : model.CurrentReport(y, m), model.State.FactorSetPins);
            var submitted = new ReportSubmitted(Year, month, LedgerReport.From(data), factorSetId, "scale-benchmark");
            var outcome = await writer.CommitAsync(new LedgerCommit
            {
                EntityId = entity.Id,
                Version = version,
                Type = submitted.Type,
                Payload = submitted.ToJson(),
                Actor = s_actor.ToString(),
                IdempotencyKey = key,
                RecordedAt = at,
                Leaf = EntityHierarchy.IsLeaf(entity.Kind),
                Deltas = model.Deltas(next),
            });
            model.Apply(submitted, new EventMeta(outcome.Sequence, version, s_actor.ToString(), at, key));
        }
    }

    private static async Task<double[]> TimeAsync(int count, Func<int, Task> action)
    {
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await action(i);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(times);
        return times;
    }

    /// <summary>Times <paramref name="first"/>(i) and <paramref name="second"/>(i) alternately; both sorted.</summary>
    private static async Task<(double[] First, double[] Second)> TimeInterleavedAsync(int count, Func<int, Task> first, Func<int, Task> second)
    {
        var a = new double[count];
        var b = new double[count];
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await first(i);
            a[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            started = Stopwatch.GetTimestamp();
            await second(i);
            b[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(a);
        Array.Sort(b);
        return (a, b);
    }

    private static void Row(TextWriter output, string name, double[] sorted, double[] baseline) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-42} p50 {Stats.Percentile(sorted, 0.5),8:N2} ms  p99 {Stats.Percentile(sorted, 0.99),8:N2} ms  ratio {Stats.Percentile(sorted, 0.5) / Stats.Percentile(baseline, 0.5),8:N3}"));

    private static int StableOrder(string id) => id.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));
}
