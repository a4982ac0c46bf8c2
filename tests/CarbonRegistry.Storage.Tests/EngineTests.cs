using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Storage.Database;
using CarbonRegistry.Testing;
using Npgsql;
using static CarbonRegistry.Accounting.Balances.BalanceComponent;

namespace CarbonRegistry.Storage.Tests;

public sealed class SqliteStorageTests : StorageContract
{
    private readonly TemporaryDirectory _directory = new("carbon-sqlite");

    protected override StorageOptions Options => new() { Provider = StorageProvider.Sqlite, SqlitePath = Path.Combine(_directory.Path, "registry.db") };

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}

public sealed class PostgresStorageTests : StorageContract
{
    private readonly string _connectionString = PostgresServer.CreateDatabase("storage");

    protected override StorageOptions Options => new() { Provider = StorageProvider.PostgreSql, ConnectionString = _connectionString };

    [Fact]
    public async Task A_connection_lost_after_the_batch_was_sent_is_an_unknown_outcome_that_a_retry_settles()
    {
        await RegisterTreeAsync();
        var report = Report("mine-a", 2, 2025, 1, Components(fuel: 1m));

        // Another session holds the writer lock, so the batch is at the server, waiting on its
        // first statement, when its connection is cut.
        await using var holder = new NpgsqlConnection(_connectionString);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await ExecuteAsync(holder, $"SELECT pg_advisory_xact_lock({RegistryDatabase.WriterLockKey})");
        var pending = Writer.CommitAsync(report);
        await using var observer = new NpgsqlConnection(_connectionString);
        await observer.OpenAsync();
        var waiting = 0;
        await Poll.UntilAsync(
            async () => (waiting = await ExecuteAsync(observer, "SELECT coalesce(max(pid), 0) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'")) != 0,
            TimeSpan.FromSeconds(10),
            "the writer's batch waiting for the writer lock");
        await ExecuteAsync(observer, $"SELECT pg_terminate_backend({waiting})::int");

        var error = await Assert.ThrowsAsync<RegistryException>(() => pending);
        Assert.Equal(RegistryErrorCode.OutcomeUnknown, error.Code);
        Assert.True(error.Retriable);

        // This time the transaction had not committed: the retry stores the report, once.
        await transaction.RollbackAsync();
        await Writer.CommitAsync(report);
        Assert.Equal(2, (await Reader.EntityEventsAsync("mine-a", 0)).Count);
        Assert.Equal(1m, (await Reader.BalanceRowsAsync("mine-a")).Single(r => r is { Month: 1, Scope: BalanceScope.Own }).Components[FuelCombustionTce]);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync() is int value ? value : 0;
    }
}

/// <summary>
/// The whole storage contract on PostgreSQL's bulk path: every batch, however small, written
/// through binary COPY (CopyThreshold 1), so the bulk path keeps every guarantee of the array path.
/// </summary>
public sealed class PostgresCopyStorageTests : StorageContract
{
    private readonly string _connectionString = PostgresServer.CreateDatabase("storage_copy");

    protected override StorageOptions Options => new() { Provider = StorageProvider.PostgreSql, ConnectionString = _connectionString, CopyThreshold = 1 };

    [Fact]
    public async Task A_batch_goes_through_binary_COPY_into_the_ledger_and_the_balance_rows()
    {
        await RegisterTreeAsync();
        var copied = new Dictionary<string, long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument == Abstractions.Telemetry.RegistryTelemetry.LedgerCopiedRows)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (copied)
            {
                var table = (string)tags[0].Value!;
                copied[table] = copied.GetValueOrDefault(table) + value;
            }
        });
        listener.Start();

        // Three months of one mine at once: 3 ledger rows, and for each month the mine's own month
        // and year and the city's and the province's total month and year: 12 balance rows when the
        // three go in one batch (9 months, 3 years), 18 when each goes alone (6 each).
        var outcomes = await Task.WhenAll(Enumerable.Range(1, 3).Select(m => Writer.CommitAsync(Report("mine-a", 1 + m, 2025, m, Components(fuel: m)))));

        Assert.Equal(3, outcomes.Select(o => o.Sequence).Distinct().Count());
        Assert.Equal(6m, (await Reader.BalanceRowAsync("shanxi", 2025, 0, BalanceScope.Total))!.Components[FuelCombustionTce]);
        lock (copied)
        {
            Assert.Equal(3, copied["ledger"]);
            Assert.InRange(copied["balances"], 12, 18);
        }
    }
}

public sealed class PostgresConnectionTests
{
    private const string Probe = "SELECT @x::int + 1 AS prepared_probe";

    [Fact]
    public async Task Statements_run_often_are_prepared_on_their_connection()
    {
        Assert.Equal(1, await PreparedProbesAsync(PostgresServer.CreateDatabase("prepare")));
    }

    [Fact]
    public async Task A_connection_string_that_sets_Max_Auto_Prepare_is_obeyed()
    {
        Assert.Equal(0, await PreparedProbesAsync(PostgresServer.CreateDatabase("prepare-off") + ";Max Auto Prepare=0"));
    }

    /// <summary>Runs the probe ten times on one connection and counts how often that connection holds it prepared.</summary>
    private static async Task<long> PreparedProbesAsync(string connectionString)
    {
        await using var database = RegistryDatabase.Create(new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = connectionString });
        await using var connection = await database.OpenAsync();
        for (var i = 0; i < 10; i++)
        {
            await using var probe = connection.CreateCommand();
            probe.CommandText = Probe;
            var parameter = probe.CreateParameter();
            parameter.ParameterName = "x";
            parameter.Value = i;
            probe.Parameters.Add(parameter);
            Assert.Equal(i + 1, await probe.ExecuteScalarAsync());
        }

        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE '%prepared_probe%' AND statement NOT LIKE '%pg_prepared_statements%'";
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
