using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Grains.Entities;
using CarbonRegistry.Grains.Ledger;
using CarbonRegistry.Storage;
using CarbonRegistry.Storage.Database;
using CarbonRegistry.Storage.Ledger;
using CarbonRegistry.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CarbonRegistry.Registry.Tests;

/// <summary>Orleans' own storage on PostgreSQL through our scripts: snapshots and reminders, across silo restarts.</summary>
public sealed class OrleansOnPostgresTests
{
    private static readonly Actor s_actor = new("tester", "admin");

    [Fact]
    public async Task A_snapshot_survives_a_restart_and_only_newer_ledger_events_are_replayed()
    {
        var connectionString = PostgresServer.CreateDatabase("snapshot");
        var settings = RegistryHost.PostgresSettings(connectionString);
        settings["Registry:SnapshotDelay"] = "00:00:00.100";

        await using (var first = await RegistryHost.StartAsync(settings))
        {
            await RegisterTreeAsync(first.Grains);
            for (var month = 1; month <= 3; month++)
            {
                await first.Grains.GetGrain<IEntityGrain>("snap-mine").SubmitReport(Report(2025, month), s_actor);
            }

            // Registration + 3 reports: the snapshot of the mine reaches version 4, written behind.
            await Poll.UntilAsync(async () => await SnapshotVersionAsync(connectionString, "snap-mine") == 4, TimeSpan.FromSeconds(60), "the snapshot at version 4");
        }

        // Events committed after the snapshot, as if the silo had died before writing it: more of
        // them than activation reads alongside the snapshot, so the rest must be read after it.
        var factors = FactorSetLoader.LoadDirectory(FactorSetLoader.DefaultDirectory);
        var lateMonths = Enumerable.Range(0, 40).Select(i => (Year: 2025 - (i / 9), Month: 4 + (i % 9))).ToList();
        await using (var database = RegistryDatabase.Create(new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = connectionString }))
        {
            await using var writer = new LedgerWriter(database, Microsoft.Extensions.Options.Options.Create(new StorageOptions()), NullLogger<LedgerWriter>.Instance);
            for (var i = 0; i < lateMonths.Count; i++)
            {
                var (year, month) = lateMonths[i];
                var late = new ReportSubmitted(year, month, LedgerReport.From(Report(year, month).Data), factors.ForYear(year).Id, "late");
                await writer.CommitAsync(new LedgerCommit
                {
                    EntityId = "snap-mine",
                    Version = 5 + i,
                    Type = late.Type,
                    Payload = late.ToJson(),
                    Actor = s_actor.ToString(),
                    IdempotencyKey = $"late-{year}-{month}",
                    RecordedAt = DateTimeOffset.UtcNow,
                });
            }
        }

        await using var second = await RegistryHost.StartAsync(settings);
        var mine = second.Grains.GetGrain<IEntityGrain>("snap-mine");

        Assert.Equal(44, (await mine.GetInfo())!.Version);
        foreach (var (year, month) in lateMonths.Prepend((2025, 1)))
        {
            Assert.Single(await mine.GetReportVersions(year, month));
        }

        Assert.Contains(second.Logs.Messages, message => message.Contains("snap-mine replayed 40 ledger events after snapshot version 4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_filing_check_reminder_fires_and_is_stored_in_postgres()
    {
        var connectionString = PostgresServer.CreateDatabase("reminders");
        var settings = RegistryHost.PostgresSettings(connectionString);
        settings["Registry:FilingCheckDueTime"] = "00:00:01";
        settings["Registry:FilingCheckPeriod"] = "00:01:00";
        await using var host = await RegistryHost.StartAsync(settings);
        await RegisterTreeAsync(host.Grains);
        var mine = host.Grains.GetGrain<IEntityGrain>("snap-mine");

        await Poll.UntilAsync(async () => (await mine.GetFilingStatus()).LastCheckedAt is not null, TimeSpan.FromSeconds(60), "the filing check reminder");

        // Registered this month (China time): no month since registration has ended, so nothing is
        // overdue, unless a month ended between the registration and the check.
        var status = await mine.GetFilingStatus();
        var registered = (await mine.GetInfo())!.RegisteredAt.ToOffset(TimeSpan.FromHours(8));
        var checkedAt = status.LastCheckedAt!.Value.ToOffset(TimeSpan.FromHours(8));
        var expected = registered.Month == checkedAt.Month ? [] : new[] { $"{registered.Year:D4}-{registered.Month:D2}" };
        Assert.Equal(expected, status.OverduePeriods);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orleansreminderstable WHERE grainid LIKE '%snap-mine%' AND remindername = 'filing-check'", connection);
        Assert.Equal(1L, await command.ExecuteScalarAsync());
    }

    private static async Task RegisterTreeAsync(IGrainFactory grains)
    {
        await grains.GetGrain<IEntityGrain>("snap-prov").Register(new EntityRegistration { Id = "snap-prov", Kind = EntityKind.Province, Name = "P", NameZh = "省" }, s_actor);
        await grains.GetGrain<IEntityGrain>("snap-city").Register(new EntityRegistration { Id = "snap-city", Kind = EntityKind.City, Name = "C", NameZh = "市", ParentId = "snap-prov" }, s_actor);
        await grains.GetGrain<IEntityGrain>("snap-mine").Register(new EntityRegistration { Id = "snap-mine", Kind = EntityKind.Mine, Name = "M", NameZh = "矿", ParentId = "snap-city" }, s_actor);
    }

    private static SubmitReport Report(int year, int month) => new()
    {
        Year = year,
        Month = month,
        IdempotencyKey = $"snap-{year}-{month}",
        Data = new ReportData { Fuels = [new FuelLine("raw_coal", new QuantityInput(100m * month, "t"))] },
    };

    private static async Task<long?> SnapshotVersionAsync(string connectionString, string entityId)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT convert_from(payloadbinary, 'UTF8') FROM orleansstorage WHERE grainidextensionstring = @id", connection);
        command.Parameters.AddWithValue("id", $"{entityId}");
        if (await command.ExecuteScalarAsync() is not string json)
        {
            return null;
        }

        using var snapshot = System.Text.Json.JsonDocument.Parse(json);
        return snapshot.RootElement.GetProperty(nameof(EntityState.Version)).GetInt64();
    }
}
