using CarbonRegistry.Storage.Database;
using CarbonRegistry.Testing;

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
