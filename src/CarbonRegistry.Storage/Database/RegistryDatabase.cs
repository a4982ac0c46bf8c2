using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CarbonRegistry.Storage.Database;

/// <summary>
/// Opens connections to the registry database. One instance per process: for PostgreSQL it owns the
/// single <see cref="NpgsqlDataSource"/> (and its pool); for SQLite it opens pooled connections to
/// one file in WAL mode, so readers never wait for the writer.
/// </summary>
public sealed class RegistryDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;
    private readonly string? _sqlite;

    private RegistryDatabase(StorageProvider provider, NpgsqlDataSource? postgres, string? sqlite)
    {
        Provider = provider;
        _postgres = postgres;
        _sqlite = sqlite;
    }

    /// <summary>The engine.</summary>
    public StorageProvider Provider { get; }

    /// <summary>Creates the database access for <paramref name="options"/>.</summary>
    public static RegistryDatabase Create(StorageOptions options)
    {
        if (options.Provider == StorageProvider.PostgreSql)
        {
            if (string.IsNullOrWhiteSpace(options.ConnectionString))
            {
                throw new InvalidOperationException("Storage:Provider is PostgreSql but ConnectionStrings:Registry is empty.");
            }

            return new RegistryDatabase(StorageProvider.PostgreSql, NpgsqlDataSource.Create(PostgresConnectionString(options.ConnectionString)), null);
        }

        var path = Path.GetFullPath(options.SqlitePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 };
        return new RegistryDatabase(StorageProvider.Sqlite, null, builder.ToString());
    }

    /// <summary>
    /// The connection string as given, with Npgsql's automatic preparation on unless the string
    /// sets <c>Max Auto Prepare</c> itself (0 turns it off, as a transaction-mode pooler without
    /// prepared-statement support needs). The ledger writer's statements are long and run hundreds
    /// of times a second; prepared once per connection, PostgreSQL no longer parses and plans them
    /// inside each transaction, under the writer lock.
    /// </summary>
    private static string PostgresConnectionString(string connectionString)
    {
        // Npgsql's builder answers ContainsKey for every keyword it knows; the plain one holds only what was written.
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.Keys.Cast<string>().Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = AutoPreparedStatements }.ConnectionString;
    }

    /// <summary>Statements each connection keeps prepared (the most used ones): every statement of the writer and the readers, with room to spare.</summary>
    private const int AutoPreparedStatements = 64;

    /// <summary>Opens a connection, ready to use.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken);
        }

        var connection = new SqliteConnection(_sqlite);
        await connection.OpenAsync(cancellationToken);
        SqliteFunctions.Register(connection);
        await using var pragma = connection.CreateCommand();

        // WAL: readers proceed while the ledger writer commits. synchronous=FULL: an acknowledged
        // commit survives power loss, which is the promise of the ledger.
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// The PostgreSQL advisory lock every ledger transaction takes first, which serializes them
    /// across silos (who holds it shows in <c>pg_locks</c> with <c>locktype = 'advisory'</c>).
    /// </summary>
    public const long WriterLockKey = 7243110001;


    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
