using System.Data.Common;
using System.Text;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Storage.Database;
using CarbonRegistry.Storage.ReadModel;
using Dapper;
using Npgsql;

namespace CarbonRegistry.Storage.Ledger;

/// <summary>
/// Commits a batch of <see cref="LedgerCommit"/>s in one transaction: entity rows, ledger events,
/// then every affected balance row (own month and year; the rollup of the entity and each
/// ancestor), each delta added to its row in the database. Ledger transactions are serialized (an
/// advisory lock on PostgreSQL, the write lock on SQLite), which keeps sequences in commit order.
/// On PostgreSQL a batch without a move goes in one round trip, as one implicit transaction, so
/// the writer lock is held only while the server works, never across the network.
/// </summary>
internal static class LedgerBatch
{
    /// <summary>Rows per multi-row statement: far below both engines' parameter limits.</summary>
    private const int RowsPerStatement = 400;

    /// <summary>Balance rows per array statement on PostgreSQL.</summary>
    private const int RowsPerArrayStatement = 5_000;

    /// <summary>The SQLSTATE <c>check_parents</c> raises when a cached chain is out of date.</summary>
    public const string StaleChainState = "CR001";

    public static Task<CommitOutcome[]> CommitAsync(RegistryDatabase database, AncestorChains chains, IReadOnlyList<LedgerCommit> commits, CancellationToken cancellationToken) =>
        database.Provider == StorageProvider.PostgreSql && commits.All(commit => commit.MovedFromParentId is null)
            ? CommitInOneRoundTripAsync(database, chains, commits, cancellationToken)
            : CommitInTransactionAsync(database, chains, commits, cancellationToken);

    /// <summary>
    /// PostgreSQL without moves: lock, entity rows, the check of the cached chains, ledger rows and
    /// balance deltas are one batch of statements, which the server runs as one implicit
    /// transaction (any error rolls all of it back). The results are read to the end, so the
    /// commit is known to be durable before any outcome is returned. If the connection fails once
    /// the batch is on its way, the transaction may have committed or not:
    /// <see cref="LedgerOutcomeUnknownException"/>.
    /// </summary>
    private static async Task<CommitOutcome[]> CommitInOneRoundTripAsync(RegistryDatabase database, AncestorChains cache, IReadOnlyList<LedgerCommit> commits, CancellationToken cancellationToken)
    {
        await using var connection = (NpgsqlConnection)await database.OpenAsync(cancellationToken);
        var chains = await cache.GetAsync(connection, [.. commits.Where(commit => commit.Deltas.Count > 0).Select(commit => commit.EntityId).Distinct()]);
        var deltas = new Dictionary<RowKey, BalanceComponents>();
        var touched = Touched(commits);
        Expand(commits, chains, deltas, touched);

        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(database.WriterLockSql!));
        foreach (var entity in commits.Select(commit => commit.Entity).OfType<EntityRecord>())
        {
            batch.BatchCommands.Add(BatchCommand(UpsertEntitySql, EntityParameters(entity)));
        }

        if (chains.Count > 0)
        {
            var (ids, parents) = AncestorChains.Links(chains.Values);
            batch.BatchCommands.Add(BatchCommand("SELECT check_parents(@ids, @parents)", [("ids", ids), ("parents", parents)]));
        }

        var (eventsSql, eventParameters) = EventsAsArrays(commits);
        batch.BatchCommands.Add(BatchCommand(eventsSql, eventParameters));
        foreach (var chunk in Ordered(deltas).Chunk(RowsPerArrayStatement))
        {
            var (sql, parameters) = RowsAsArrays(chunk);
            batch.BatchCommands.Add(BatchCommand(sql, parameters));
        }

        NpgsqlDataReader reader;
        try
        {
            reader = await batch.ExecuteReaderAsync(cancellationToken);
        }
        catch (Exception error) when (LedgerOutcomeUnknownException.LeavesOutcomeUnknown(error))
        {
            throw new LedgerOutcomeUnknownException(error);
        }

        // The whole batch is at the server now, which commits it at the end unless it reports an
        // error: anything else that fails from here on leaves the outcome unknown.
        await using (reader)
        {
            try
            {
                var (sequences, rows) = await ReadResultsAsync(reader, deltas.Count, cancellationToken);
                return Outcomes(commits, [.. commits.Select(commit => sequences[(commit.EntityId, commit.Version)])], touched, rows);
            }
            catch (Exception error) when (!LedgerOutcomeUnknownException.IsRollback(error))
            {
                throw new LedgerOutcomeUnknownException(error);
            }
        }
    }

    /// <summary>Reads every result of the batch to the end: the sequences of the ledger rows and the balance rows as they now are.</summary>
    private static async Task<(Dictionary<(string, long), long> Sequences, Dictionary<RowKey, BalanceRow> Rows)> ReadResultsAsync(
        NpgsqlDataReader reader, int rowCount, CancellationToken cancellationToken)
    {
        var sequences = new Dictionary<(string, long), long>();
        var rows = new Dictionary<RowKey, BalanceRow>(rowCount);
        do
        {
            var isEvents = reader.FieldCount == 3 && reader.GetName(0) == "seq";
            var isRows = reader.FieldCount == BalanceColumns.All.Length;
            while (await reader.ReadAsync(cancellationToken))
            {
                if (isEvents)
                {
                    sequences[(reader.GetString(1), reader.GetInt64(2))] = reader.GetInt64(0);
                }
                else if (isRows)
                {
                    var row = BalanceColumns.Read(reader);
                    rows[RowKey.Of(row)] = row;
                }
            }
        }
        while (await reader.NextResultAsync(cancellationToken));
        return (sequences, rows);
    }

    /// <summary>SQLite, and moves on PostgreSQL: an explicit transaction, chains read inside it.</summary>
    private static async Task<CommitOutcome[]> CommitInTransactionAsync(RegistryDatabase database, AncestorChains cache, IReadOnlyList<LedgerCommit> commits, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (database.WriterLockSql is { } lockSql)
        {
            await connection.ExecuteAsync(lockSql, transaction: transaction);
        }

        var deltas = new Dictionary<RowKey, BalanceComponents>();
        var touched = Touched(commits);
        for (var i = 0; i < commits.Count; i++)
        {
            if (commits[i].MovedFromParentId is { } oldParent)
            {
                await MoveDeltasAsync(connection, transaction, commits[i], oldParent, deltas, touched[i]);
            }
        }

        foreach (var entity in commits.Select(commit => commit.Entity).OfType<EntityRecord>())
        {
            await connection.ExecuteAsync(UpsertEntitySql, entity with { RegisteredAt = entity.RegisteredAt.ToUniversalTime() }, transaction);
        }

        var sequences = await InsertEventsAsync(database, connection, transaction, commits);

        var withDeltas = commits.Where(commit => commit.Deltas.Count > 0).Select(commit => commit.EntityId).Distinct().ToList();
        var chains = withDeltas.Count > 0 ? await AncestorChains.ReadAsync(connection, transaction, withDeltas) : [];
        Expand(commits, chains, deltas, touched);

        var rows = await ApplyAsync(database.Provider, connection, transaction, deltas);
        try
        {
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception error) when (LedgerOutcomeUnknownException.LeavesOutcomeUnknown(error))
        {
            // A move may have landed: the cached chains may be out of date either way.
            cache.Clear();
            throw new LedgerOutcomeUnknownException(error);
        }

        if (commits.Any(commit => commit.MovedFromParentId is not null))
        {
            cache.Clear();
        }

        return Outcomes(commits, sequences, touched, rows);
    }

    /// <summary>For each commit, the keys of the balance rows it changes (filled by <see cref="Expand"/> and moves).</summary>
    private static List<RowKey>[] Touched(IReadOnlyList<LedgerCommit> commits) => [.. commits.Select(_ => new List<RowKey>())];

    /// <summary>Adds every commit's own deltas to its own rows and to the rollup of each entity on its chain, month and year.</summary>
    private static void Expand(IReadOnlyList<LedgerCommit> commits, Dictionary<string, IReadOnlyList<string>> chains, Dictionary<RowKey, BalanceComponents> deltas, List<RowKey>[] touched)
    {
        for (var i = 0; i < commits.Count; i++)
        {
            foreach (var delta in commits[i].Deltas)
            {
                // A leaf's chain starts with itself; its total rows are its own rows.
                var chain = chains[commits[i].EntityId];
                AddOwn(commits[i].EntityId, delta, commits[i].Leaf ? chain.Skip(1) : chain, deltas, touched[i]);
            }
        }
    }

    private static CommitOutcome[] Outcomes(IReadOnlyList<LedgerCommit> commits, long[] sequences, List<RowKey>[] touched, Dictionary<RowKey, BalanceRow> rows)
    {
        var outcomes = new CommitOutcome[commits.Count];
        for (var i = 0; i < commits.Count; i++)
        {
            outcomes[i] = new CommitOutcome(sequences[i], [.. touched[i].Distinct().Select(key => rows[key])]);
        }

        return outcomes;
    }

    private static void AddOwn(string entityId, BalanceDelta delta, IEnumerable<string> chain, Dictionary<RowKey, BalanceComponents> deltas, List<RowKey> touched)
    {
        foreach (var month in new[] { delta.Month, 0 })
        {
            Add(new RowKey(entityId, delta.Year, month, BalanceScope.Own), delta.Change, deltas, touched);
            foreach (var id in chain)
            {
                Add(new RowKey(id, delta.Year, month, BalanceScope.Total), delta.Change, deltas, touched);
            }
        }
    }

    private static void Add(RowKey key, BalanceComponents change, Dictionary<RowKey, BalanceComponents> deltas, List<RowKey> touched)
    {
        deltas[key] = deltas.TryGetValue(key, out var existing) ? existing.Plus(change) : change;
        touched.Add(key);
    }

    /// <summary>A move shifts the entity's whole rollup from the old parent's chain to the new parent's chain.</summary>
    private static async Task MoveDeltasAsync(DbConnection connection, DbTransaction transaction, LedgerCommit commit, string oldParent, Dictionary<RowKey, BalanceComponents> deltas, List<RowKey> touched)
    {
        var newParent = commit.Entity?.ParentId ?? throw new InvalidOperationException("A move must carry the entity row with its new parent.");
        var chains = await AncestorChains.ReadAsync(connection, transaction, [oldParent, newParent]);
        var leaving = chains[oldParent].Except(chains[newParent]).ToList();
        var joining = chains[newParent].Except(chains[oldParent]).ToList();
        var totals = await ReadRowsAsync(connection, transaction, [commit.EntityId], row => row.Scope == (commit.Leaf ? BalanceScope.Own : BalanceScope.Total));
        foreach (var total in totals.Values)
        {
            foreach (var id in leaving)
            {
                Add(new RowKey(id, total.Year, total.Month, BalanceScope.Total), BalanceComponents.Zero.Minus(total.Components), deltas, touched);
            }

            foreach (var id in joining)
            {
                Add(new RowKey(id, total.Year, total.Month, BalanceScope.Total), total.Components, deltas, touched);
            }
        }
    }

    private const string UpsertEntitySql =
        """
        INSERT INTO entities (id, kind, name, name_zh, parent_id, pilots, base_year, grid_region, status, version, registered_at)
        VALUES (@Id, @Kind, @Name, @NameZh, @ParentId, @Pilots, @BaseYear, @GridRegion, @Status, @Version, @RegisteredAt)
        ON CONFLICT (id) DO UPDATE SET
            kind = excluded.kind, name = excluded.name, name_zh = excluded.name_zh, parent_id = excluded.parent_id,
            pilots = excluded.pilots, base_year = excluded.base_year, grid_region = excluded.grid_region,
            status = excluded.status, version = excluded.version
        WHERE entities.version < excluded.version
        """;

    private static (string, object?)[] EntityParameters(EntityRecord entity) =>
    [
        ("Id", entity.Id), ("Kind", entity.Kind), ("Name", entity.Name), ("NameZh", entity.NameZh), ("ParentId", entity.ParentId),
        ("Pilots", entity.Pilots), ("BaseYear", entity.BaseYear), ("GridRegion", entity.GridRegion), ("Status", entity.Status),
        ("Version", entity.Version), ("RegisteredAt", entity.RegisteredAt.ToUniversalTime()),
    ];

    /// <summary>The ledger rows as one array per column, inserted in batch order.</summary>
    private static (string Sql, (string, object?)[] Parameters) EventsAsArrays(IReadOnlyList<LedgerCommit> commits) =>
    (
        """
        INSERT INTO ledger (entity_id, version, type, payload, actor, idempotency_key, recorded_at)
        SELECT e, v, t, CAST(p AS jsonb), a, k, r
        FROM unnest(@e::text[], @v::bigint[], @t::text[], @p::text[], @a::text[], @k::text[], @r::timestamptz[]) WITH ORDINALITY AS u(e, v, t, p, a, k, r, n)
        ORDER BY n
        RETURNING seq, entity_id, version
        """,
        [
            ("e", commits.Select(c => c.EntityId).ToArray()),
            ("v", commits.Select(c => c.Version).ToArray()),
            ("t", commits.Select(c => c.Type).ToArray()),
            ("p", commits.Select(c => c.Payload).ToArray()),
            ("a", commits.Select(c => c.Actor).ToArray()),
            ("k", commits.Select(c => c.IdempotencyKey).ToArray()),
            ("r", commits.Select(c => c.RecordedAt.ToUniversalTime()).ToArray()),
        ]);

    private static NpgsqlBatchCommand BatchCommand(string sql, IEnumerable<(string Name, object? Value)> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        }

        return command;
    }

    /// <summary>Deltas in key order, so concurrent writers would lock rows in the same order.</summary>
    private static KeyValuePair<RowKey, BalanceComponents>[] Ordered(Dictionary<RowKey, BalanceComponents> deltas) =>
        [.. deltas.OrderBy(pair => pair.Key.EntityId, StringComparer.Ordinal).ThenBy(pair => pair.Key.Year).ThenBy(pair => pair.Key.Month).ThenBy(pair => pair.Key.Scope)];

    /// <summary>Inserts the ledger rows (PostgreSQL: one array per column; SQLite: multi-row VALUES) and returns their sequences in commit order.</summary>
    private static async Task<long[]> InsertEventsAsync(RegistryDatabase database, DbConnection connection, DbTransaction transaction, IReadOnlyList<LedgerCommit> commits)
    {
        var sequences = new Dictionary<(string, long), long>();
        IEnumerable<LedgerCommit[]> chunks = database.Provider == StorageProvider.PostgreSql ? [[.. commits]] : commits.Chunk(RowsPerStatement);
        foreach (var chunk in chunks)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            if (database.Provider == StorageProvider.PostgreSql)
            {
                var (sql, parameters) = EventsAsArrays(chunk);
                command.CommandText = sql;
                foreach (var (name, value) in parameters)
                {
                    command.AddParameter(name, value!);
                }
            }
            else
            {
                var sql = new StringBuilder("INSERT INTO ledger (entity_id, version, type, payload, actor, idempotency_key, recorded_at) VALUES ");
                for (var i = 0; i < chunk.Length; i++)
                {
                    var c = chunk[i];
                    sql.Append(i == 0 ? "" : ", ").Append($"(@e{i}, @v{i}, @t{i}, @p{i}, @a{i}, @k{i}, @r{i})");
                    command.AddParameter($"e{i}", c.EntityId);
                    command.AddParameter($"v{i}", c.Version);
                    command.AddParameter($"t{i}", c.Type);
                    command.AddParameter($"p{i}", c.Payload);
                    command.AddParameter($"a{i}", c.Actor);
                    command.AddParameter($"k{i}", (object?)c.IdempotencyKey ?? DBNull.Value);
                    command.AddParameter($"r{i}", c.RecordedAt.ToUniversalTime());
                }

                command.CommandText = sql.Append(" RETURNING seq, entity_id, version").ToString();
            }

            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                sequences[(reader.GetString(1), reader.GetInt64(2))] = reader.GetInt64(0);
            }
        }

        return [.. commits.Select(c => sequences[(c.EntityId, c.Version)])];
    }

    /// <summary>
    /// Adds the deltas to their rows in one statement per chunk: an upsert that inserts a missing
    /// row with the delta as its value, or adds the delta to the stored row, and returns the row as
    /// it now is. The addition happens in the database (PostgreSQL numeric; on SQLite a decimal
    /// function the connection registers), so no read precedes the write.
    /// </summary>
    private static async Task<Dictionary<RowKey, BalanceRow>> ApplyAsync(StorageProvider provider, DbConnection connection, DbTransaction transaction, Dictionary<RowKey, BalanceComponents> deltas)
    {
        var updated = new Dictionary<RowKey, BalanceRow>(deltas.Count);

        // PostgreSQL takes the rows as one array per column (one short statement, planned once);
        // SQLite, which has no arrays, takes multi-row VALUES. The upsert clause is the same.
        var chunkSize = provider == StorageProvider.PostgreSql ? RowsPerArrayStatement : RowsPerStatement / 4;
        foreach (var chunk in Ordered(deltas).Chunk(chunkSize))
        {
            var rows = provider == StorageProvider.PostgreSql ? AddRowsAsArraysAsync(connection, transaction, chunk) : AddRowsAsync(connection, transaction, chunk);
            await foreach (var row in rows)
            {
                updated[RowKey.Of(row)] = row;
            }
        }

        return updated;
    }

    internal static async Task<Dictionary<RowKey, BalanceRow>> ReadRowsAsync(
        DbConnection connection, DbTransaction? transaction, IReadOnlyList<string> ids, Func<BalanceRow, bool> keep)
    {
        var rows = new Dictionary<RowKey, BalanceRow>();
        foreach (var chunk in ids.Chunk(RowsPerStatement))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var names = chunk.Select((id, i) => { command.AddParameter($"i{i}", id); return $"@i{i}"; });
            command.CommandText = $"SELECT {BalanceColumns.SelectList} FROM balances WHERE entity_id IN ({string.Join(", ", names)})";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = BalanceColumns.Read(reader);
                if (keep(row))
                {
                    rows[RowKey.Of(row)] = row;
                }
            }
        }

        return rows;
    }

    private static async IAsyncEnumerable<BalanceRow> AddRowsAsync(DbConnection connection, DbTransaction transaction, KeyValuePair<RowKey, BalanceComponents>[] deltas)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder($"INSERT INTO balances ({BalanceColumns.SelectList}) VALUES ");
        for (var r = 0; r < deltas.Length; r++)
        {
            var (key, delta) = deltas[r];
            var values = new List<object> { key.EntityId, key.Year, (short)key.Month, (short)key.Scope };
            values.AddRange(BalanceColumns.Values(delta).Cast<object>());
            values.AddRange([delta.PartsWithoutValueAdded, delta.ReportCount, delta.FactorSetCounts, 1L]);
            sql.Append(r == 0 ? "(" : ", (");
            for (var c = 0; c < values.Count; c++)
            {
                sql.Append(c == 0 ? "" : ", ").Append("@r").Append(r).Append('_').Append(c);
                command.AddParameter($"r{r}_{c}", values[c]);
            }

            sql.Append(')');
        }

        command.CommandText = sql.Append(s_addOnConflict).ToString();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            yield return BalanceColumns.Read(reader);
        }
    }

    private static async IAsyncEnumerable<BalanceRow> AddRowsAsArraysAsync(DbConnection connection, DbTransaction transaction, KeyValuePair<RowKey, BalanceComponents>[] deltas)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var (sql, parameters) = RowsAsArrays(deltas);
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value!);
        }

        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            yield return BalanceColumns.Read(reader);
        }
    }

    /// <summary>The upsert of balance deltas with one array parameter per column (PostgreSQL).</summary>
    private static (string Sql, (string, object?)[] Parameters) RowsAsArrays(KeyValuePair<RowKey, BalanceComponents>[] deltas)
    {
        var columns = new List<object>
        {
            deltas.Select(d => d.Key.EntityId).ToArray(),
            deltas.Select(d => d.Key.Year).ToArray(),
            deltas.Select(d => (short)d.Key.Month).ToArray(),
            deltas.Select(d => (short)d.Key.Scope).ToArray(),
        };
        for (var c = 0; c < BalanceColumns.Decimals.Length; c++)
        {
            var column = new decimal[deltas.Length];
            for (var r = 0; r < deltas.Length; r++)
            {
                column[r] = BalanceColumns.Value(deltas[r].Value, c);
            }

            columns.Add(column);
        }

        columns.Add(deltas.Select(d => d.Value.PartsWithoutValueAdded).ToArray());
        columns.Add(deltas.Select(d => d.Value.ReportCount).ToArray());
        columns.Add(deltas.Select(d => d.Value.FactorSetCounts).ToArray());
        columns.Add(deltas.Select(_ => 1L).ToArray());
        return (s_rowsAsArraysSql, [.. columns.Select((values, c) => (s_arrayNames[c], (object?)values))]);
    }

    /// <summary>The type of each array <see cref="RowsAsArrays"/> sends, in <see cref="BalanceColumns.SelectList"/> order.</summary>
    private static readonly string[] s_arrayTypes =
        ["text", "integer", "smallint", "smallint", .. BalanceColumns.Decimals.Select(_ => "numeric"), "integer", "integer", "text", "bigint"];

    private static readonly string[] s_arrayNames = [.. s_arrayTypes.Select((_, c) => $"c{c}")];

    /// <summary>The delta of an existing row is added to it; the row comes back as it now is.</summary>
    private static readonly string s_addOnConflict =
        " ON CONFLICT (entity_id, year, month, scope) DO UPDATE SET "
        + string.Join(", ", BalanceColumns.Decimals.Select(c => $"{c} = {DecimalAdd}(balances.{c}, excluded.{c})"))
        + ", parts_without_value_added = balances.parts_without_value_added + excluded.parts_without_value_added"
        + ", report_count = balances.report_count + excluded.report_count"
        + ", factor_sets = merge_counts(balances.factor_sets, excluded.factor_sets)"
        + ", row_version = balances.row_version + 1"
        + " RETURNING " + BalanceColumns.SelectList;

    /// <summary>The statement of <see cref="RowsAsArrays"/>: the same for every batch, so it is built once.</summary>
    private static readonly string s_rowsAsArraysSql =
        $"INSERT INTO balances ({BalanceColumns.SelectList}) SELECT * FROM unnest({string.Join(", ", s_arrayTypes.Select((type, c) => $"@{s_arrayNames[c]}::{type}[]"))})" + s_addOnConflict;

    /// <summary>
    /// Exact decimal addition in SQL: a function of that name exists in both engines (PostgreSQL:
    /// migration V002; SQLite: registered on every connection by <see cref="RegistryDatabase"/>).
    /// </summary>
    private const string DecimalAdd = "dec_add";
}

/// <summary>The key of a balance row.</summary>
internal readonly record struct RowKey(string EntityId, int Year, int Month, BalanceScope Scope)
{
    public static RowKey Of(BalanceRow row) => new(row.EntityId, row.Year, row.Month, row.Scope);
}
