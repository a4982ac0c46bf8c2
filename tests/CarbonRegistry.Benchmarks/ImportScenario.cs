using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Recalculation;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Production;
using CarbonRegistry.Accounting.Projects;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Api.Imports;
using CarbonRegistry.Testing;
using Npgsql;
using NpgsqlTypes;

namespace CarbonRegistry.Benchmarks;

/// <summary>
/// Spreadsheet intake and province-wide recalculation on PostgreSQL (durable), each beside a raw
/// binary COPY of the same number of rows into a table shaped like the ledger, in the same run:
/// validation alone (reading and checking a generated province-year CSV, no database) for 10,000,
/// 100,000 and 1,200,000 rows, each in a process of its own for its peak RSS; a file of
/// <c>entities</c> × 12 months checked and committed through the import pipeline; and the
/// recalculation job over the same entities with another factor set.
/// </summary>
internal sealed class ImportScenario : IScenario
{
    private static readonly Actor s_actor = new("benchmark", "admin");

    public string Name => "import";

    public string Description => "spreadsheet intake and province recalculation on PostgreSQL beside a raw binary COPY; validation rate and peak RSS by file size";

    public async Task RunAsync(string[] args, TextWriter output)
    {
        if (args is ["validate", var size])
        {
            Validate(int.Parse(size, CultureInfo.InvariantCulture), output);
            return;
        }

        var entityCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000;
        output.WriteLine("validation alone (read + check every row, no database), each size in a process of its own:");
        foreach (var rows in new[] { 10_000, 100_000, 1_200_000 })
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var argument in new[] { typeof(ImportScenario).Assembly.Location, "scenario", "import", "validate", rows.ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(argument);
            }

            using var child = Process.Start(start)!;
            output.Write(await child.StandardOutput.ReadToEndAsync());
            await child.WaitForExitAsync();
        }

        Environment.SetEnvironmentVariable("CARBON_POSTGRES_DURABLE", "1");
        var connectionString = PostgresServer.CreateDatabase("bench-import");
        using var directory = new TemporaryDirectory("bench-import");
        var factorDirectory = WithSecondSet(directory.Path);
        var settings = RegistryHost.PostgresSettings(connectionString);
        settings["Factors:Directory"] = factorDirectory;
        await using var host = await RegistryHost.StartAsync(settings);
        var (batches, committedRows, commitTime) = (0, 0, TimeSpan.Zero);
        var gate = new Lock();
        host.Writer.BatchCommitted += (size, time) =>
        {
            lock (gate)
            {
                (batches, committedRows, commitTime) = (batches + 1, committedRows + size, commitTime + time);
            }
        };
        var entities = await RegisterAsync(host.Grains, entityCount);
        var factors = FactorSetLoader.LoadDirectory(factorDirectory);
        var import = new ReportImport(host.Grains, factors, ProductCatalog.Load(ProjectPolicyLoader.DefaultDirectory), new ImportOptions());
        var caller = new Caller(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "benchmark"), new Claim(ClaimTypes.Role, RegistryRoles.Admin)], "bench")), host.Grains);
        output.WriteLine($"registry on PostgreSQL (fsync on), {entities.Count:N0} enterprises");

        // Warm-up: the same pipeline on a year of its own (activations, pool, JIT).
        await import.RunAsync(caller, "warm.csv", SheetFormat.Csv, Csv(entities, 2024), ImportCommit.Valid, CancellationToken.None);

        var rowCount = entities.Count * 12;
        var copy = await RawCopyAsync(connectionString, rowCount);
        Print(output, "raw binary COPY into a ledger-shaped table (baseline)", rowCount, copy, copy);
        var file = Csv(entities, 2025);
        var watch = Stopwatch.StartNew();
        var checkedOnly = await import.RunAsync(caller, "province.csv", SheetFormat.Csv, file, ImportCommit.None, CancellationToken.None);
        var check = watch.Elapsed;
        Print(output, $"import, check only (file of {file.Length / 1024:N0} KiB, {checkedOnly.Valid:N0} rows pass)", rowCount, check, copy);
        watch.Restart();
        (batches, committedRows, commitTime) = (0, 0, TimeSpan.Zero);
        var committed = await import.RunAsync(caller, "province.csv", SheetFormat.Csv, file, ImportCommit.Valid, CancellationToken.None);
        Print(output, $"import, check and commit ({committed.Committed:N0} committed, {committed.Errors.Count} errors)", rowCount, watch.Elapsed, copy);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    ledger transactions: {batches:N0}, {committedRows / (double)Math.Max(1, batches):N1} commits each, {commitTime.TotalMilliseconds / Math.Max(1, batches):N1} ms each, {commitTime.TotalSeconds:N2} s in all"));

        var job = host.Grains.GetGrain<IRecalculationJobGrain>("bench-recalculation");
        watch.Restart();
        await job.Start("bench-prov", 2025, "CN-2024.P1", s_actor);
        RecalculationJobView? view;
        while ((view = await job.GetView()) is not { Status: RecalculationStatus.Finished })
        {
            await Task.Delay(50);
        }

        Print(output, $"recalculation job, {view.Total:N0} entities ({view.Recalculated:N0} recalculated, {view.Failures.Count} refused): the balance rows it rewrites", rowCount, watch.Elapsed, copy);
    }

    /// <summary>Reads and checks a generated CSV of <paramref name="rows"/> rows; prints the rate and the process's peak RSS.</summary>
    private static void Validate(int rows, TextWriter output)
    {
        var entities = Enumerable.Range(0, (rows + 11) / 12).Select(i => $"bench-ent-{i}").ToList();
        var file = Csv(entities, 2025, rows);
        var factors = FactorSetLoader.LoadDirectory(FactorSetLoader.DefaultDirectory);
        var products = ProductCatalog.Load(ProjectPolicyLoader.DefaultDirectory);
        // Warm-up, so that the hot methods are compiled at their final tier: a few files of 20,000 rows.
        var warm = Csv([.. Enumerable.Range(0, 1_700).Select(i => $"warm-{i}")], 2025, 20_000);
        for (var i = 0; i < 5; i++)
        {
            ReportRows.Parse(SheetReader.Read(warm, SheetFormat.Csv), "warm", factors, products);
        }

        var before = GC.CollectionCount(2);
        var watch = Stopwatch.StartNew();
        var sheet = ReportRows.Parse(SheetReader.Read(file, SheetFormat.Csv), "bench", factors, products, maxRows: rows);
        var elapsed = watch.Elapsed;
        var peak = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))[6..].Trim();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {rows,9:N0} rows, {file.Length / 1048576.0,6:N1} MiB: {sheet.Valid:N0} pass, read in {elapsed.TotalSeconds:N2} s ({GC.CollectionCount(2) - before} full GCs), {rows / elapsed.TotalSeconds:N0} rows/s, peak RSS {peak}"));
    }

    /// <summary>A province-year file: each entity's twelve months (or the first <paramref name="limit"/> rows), coal, grid power and value added.</summary>
    private static byte[] Csv(IReadOnlyList<string> entities, int year, int limit = int.MaxValue)
    {
        // Written straight to bytes: the file's bytes are what the server holds, not a string of it.
        var bytes = new MemoryStream();
        using (var text = new StreamWriter(bytes, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
        {
            text.Write("entity_id,year,month,fuel.raw_coal [t],fuel.natural_gas [10^4 m3],gridElectricity [10^4 kWh],valueAdded [10^4 yuan]\n");
            var count = 0;
            for (var e = 0; e < entities.Count && count < limit; e++)
            {
                for (var month = 1; month <= 12 && count < limit; month++, count++)
                {
                    text.Write(string.Create(CultureInfo.InvariantCulture, $"{entities[e]},{year},{month},{100 + (e % 900)}.5,{1 + (e % 7)},{(e % 50) + 12.25m},{500 + e}\n"));
                }
            }
        }

        return bytes.ToArray();
    }

    private static async Task<List<string>> RegisterAsync(IGrainFactory grains, int count)
    {
        await grains.GetGrain<IEntityGrain>("bench-prov").Register(new EntityRegistration { Id = "bench-prov", Kind = EntityKind.Province, Name = "P", NameZh = "省" }, s_actor);
        var cities = Enumerable.Range(0, 8).Select(i => $"bench-city-{i}").ToList();
        foreach (var city in cities)
        {
            await grains.GetGrain<IEntityGrain>(city).Register(new EntityRegistration { Id = city, Kind = EntityKind.City, Name = city, NameZh = city, ParentId = "bench-prov" }, s_actor);
        }

        var entities = Enumerable.Range(0, count).Select(i => $"bench-ent-{i}").ToList();
        await Parallel.ForEachAsync(entities.Select((id, i) => (id, i)), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (e, _) =>
            await grains.GetGrain<IEntityGrain>(e.id).Register(new EntityRegistration { Id = e.id, Kind = EntityKind.Enterprise, Name = e.id, NameZh = e.id, ParentId = cities[e.i % cities.Count] }, s_actor));
        return entities;
    }

    /// <summary>The shipped factor sets and CN-2024.T2, a correction that supersedes CN-2024.P1 (national grid 0.6): reports take it, and the recalculation goes back to P1, changing figures.</summary>
    private static string WithSecondSet(string directory)
    {
        var target = Path.Combine(directory, "factors");
        foreach (var file in Directory.GetFiles(FactorSetLoader.DefaultDirectory, "*.json", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(FactorSetLoader.DefaultDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }

        var correction = JsonNode.Parse(File.ReadAllText(Path.Combine(target, "CN-2024.P1.json")))!;
        correction["id"] = "CN-2024.T2";
        correction["supersedes"] = "CN-2024.P1";
        correction["title"] = "Benchmark correction of CN-2024.P1";
        correction["electricity"]!["grid"]!["national"]!["value"] = 0.6m;
        File.WriteAllText(Path.Combine(target, "CN-2024.T2.json"), correction.ToJsonString());
        return target;
    }

    /// <summary>Binary COPY of <paramref name="rows"/> ledger-shaped rows (stream, version, type, JSON payload, actor, time) in one transaction.</summary>
    private static async Task<TimeSpan> RawCopyAsync(string connectionString, int rows)
    {
        await using var source = NpgsqlDataSource.Create(connectionString);
        await source.CreateCommand("CREATE TABLE raw_copy (sequence bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, entity_id text NOT NULL, version bigint NOT NULL, type text NOT NULL, payload jsonb NOT NULL, actor text NOT NULL, recorded_at timestamptz NOT NULL, UNIQUE (entity_id, version))").ExecuteNonQueryAsync();
        var watch = Stopwatch.StartNew();
        await using var connection = await source.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var writer = await connection.BeginBinaryImportAsync("COPY raw_copy (entity_id, version, type, payload, actor, recorded_at) FROM STDIN (FORMAT BINARY)"))
        {
            var now = DateTimeOffset.UtcNow;
            for (var i = 0; i < rows; i++)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync($"bench-ent-{i / 12}", NpgsqlDbType.Text);
                await writer.WriteAsync((long)((i % 12) + 1), NpgsqlDbType.Bigint);
                await writer.WriteAsync("ReportSubmitted", NpgsqlDbType.Text);
                await writer.WriteAsync($$$"""{"type":"ReportSubmitted","year":2025,"month":{{{(i % 12) + 1}}},"data":{"fuels":[{"carrier":"raw_coal","quantity":{"value":{{{100 + (i % 900)}}}.5,"unit":"t"}}]},"factorSetId":"CN-2024.P1"}""", NpgsqlDbType.Jsonb);
                await writer.WriteAsync("benchmark (admin)", NpgsqlDbType.Text);
                await writer.WriteAsync(now, NpgsqlDbType.TimestampTz);
            }

            await writer.CompleteAsync();
        }

        await transaction.CommitAsync();
        return watch.Elapsed;
    }

    private static void Print(TextWriter output, string name, int rows, TimeSpan elapsed, TimeSpan baseline) =>
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {name,-100} {rows,9:N0} rows {elapsed.TotalSeconds,8:N2} s {rows / elapsed.TotalSeconds,9:N0}/s  time ratio {elapsed.TotalSeconds / baseline.TotalSeconds,6:N2}"));
}
