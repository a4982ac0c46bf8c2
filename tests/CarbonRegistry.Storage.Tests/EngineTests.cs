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
