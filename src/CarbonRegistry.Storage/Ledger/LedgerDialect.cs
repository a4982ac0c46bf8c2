using System.Data.Common;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Storage.Database;
using CarbonRegistry.Storage.ReadModel;
using Dapper;

namespace CarbonRegistry.Storage.Ledger;

/// <summary>
/// How one engine writes a ledger batch: the writer lock, the ledger rows, the balance deltas and
/// how many batches may be in flight. What the engines share (the entity upsert, adding a delta
/// to its row) is written once here; <see cref="LedgerBatch"/> drives the transaction.
/// </summary>
internal abstract class LedgerDialect
{
    /// <summary>The dialect of <paramref name="options"/>' engine.</summary>
    public static LedgerDialect For(StorageProvider provider, StorageOptions options) =>
        provider == StorageProvider.PostgreSql ? new PostgresLedgerDialect(options.CopyThreshold) : SqliteLedgerDialect.Instance;

    /// <summary>How many batches may be in flight at once.</summary>
    public abstract int MaxBatchesInFlight { get; }

    /// <summary>The statement that takes the ledger's writer lock in a transaction, or null where the transaction holds it by itself.</summary>
    public abstract string? WriterLockSql { get; }

    /// <summary>Inserts the ledger rows and returns their sequences in commit order.</summary>
    public abstract Task<long[]> InsertEventsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<LedgerCommit> commits);

    /// <summary>
    /// Adds each delta to its row (a missing row is inserted with the delta as its value) and
    /// returns the rows as they now are. The addition happens in the database, so no read
    /// precedes the write.
    /// </summary>
    public abstract Task<Dictionary<RowKey, BalanceRow>> AddDeltasAsync(DbConnection connection, DbTransaction transaction, KeyValuePair<RowKey, BalanceComponents>[] deltas);

    /// <summary>
    /// Commits <paramref name="commits"/> in one round trip where the engine can, or returns null
    /// for the caller to use an explicit transaction.
    /// </summary>
    public virtual Task<CommitOutcome[]>? TryCommitInOneRoundTrip(RegistryDatabase database, AncestorChains chains, IReadOnlyList<LedgerCommit> commits, CancellationToken cancellationToken) => null;

    protected const string UpsertEntitySql =
        """
        INSERT INTO entities (id, kind, name, name_zh, parent_id, pilots, base_year, grid_region, status, version, registered_at)
        VALUES (@Id, @Kind, @Name, @NameZh, @ParentId, @Pilots, @BaseYear, @GridRegion, @Status, @Version, @RegisteredAt)
        ON CONFLICT (id) DO UPDATE SET
            kind = excluded.kind, name = excluded.name, name_zh = excluded.name_zh, parent_id = excluded.parent_id,
            pilots = excluded.pilots, base_year = excluded.base_year, grid_region = excluded.grid_region,
            status = excluded.status, version = excluded.version
        WHERE entities.version < excluded.version
        """;

    /// <summary>The entity row's parameters, by the names <see cref="UpsertEntitySql"/> uses.</summary>
    public static (string Name, object? Value)[] EntityParameters(EntityRecord entity) =>
    [
        ("Id", entity.Id), ("Kind", entity.Kind), ("Name", entity.Name), ("NameZh", entity.NameZh), ("ParentId", entity.ParentId),
        ("Pilots", entity.Pilots), ("BaseYear", entity.BaseYear), ("GridRegion", entity.GridRegion), ("Status", entity.Status),
        ("Version", entity.Version), ("RegisteredAt", entity.RegisteredAt.ToUniversalTime()),
    ];

    /// <summary>Inserts or replaces an entity row (a newer version only).</summary>
    public static Task UpsertEntityAsync(DbConnection connection, DbTransaction transaction, EntityRecord entity) =>
        connection.ExecuteAsync(UpsertEntitySql, entity with { RegisteredAt = entity.RegisteredAt.ToUniversalTime() }, transaction);

    /// <summary>
    /// The conflict clause of the delta upsert, the same on both engines: the delta of an existing
    /// row is added to it, column by column, and the row comes back as it now is.
    /// </summary>
    protected static readonly string AddOnConflict =
        " ON CONFLICT (entity_id, year, month, scope) DO UPDATE SET "
        + string.Join(", ", BalanceColumns.Decimals.Select(c => $"{c} = {DecimalAdd}(balances.{c}, excluded.{c})"))
        + ", parts_without_value_added = balances.parts_without_value_added + excluded.parts_without_value_added"
        + ", report_count = balances.report_count + excluded.report_count"
        + ", factor_sets = merge_counts(balances.factor_sets, excluded.factor_sets)"
        + ", row_version = balances.row_version + 1"
        + " RETURNING " + BalanceColumns.SelectList;

    /// <summary>
    /// Exact decimal addition in SQL: a function of that name exists in both engines (PostgreSQL:
    /// migration V002; SQLite: registered on every connection by <see cref="RegistryDatabase"/>).
    /// </summary>
    private const string DecimalAdd = "dec_add";

    /// <summary>Reads the rows an upsert returns.</summary>
    protected static async Task ReadRowsAsync(DbCommand command, Dictionary<RowKey, BalanceRow> into)
    {
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = BalanceColumns.Read(reader);
            into[RowKey.Of(row)] = row;
        }
    }

    /// <summary>Reads the <c>seq, entity_id, version</c> rows a ledger insert returns.</summary>
    protected static async Task ReadSequencesAsync(DbCommand command, Dictionary<(string EntityId, long Version), long> into)
    {
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            into[(reader.GetString(1), reader.GetInt64(2))] = reader.GetInt64(0);
        }
    }
}
