using System.Data.Common;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Storage.Database;
using CarbonRegistry.Storage.ReadModel;
using Npgsql;

namespace CarbonRegistry.Storage.Ledger;

/// <summary>
/// PostgreSQL: the writer lock is a transaction-scoped advisory lock, ledger rows and deltas go
/// as one array per column (one short statement, planned once), and a batch without a move goes
/// in one round trip, as one implicit transaction, so the lock is held only while the server
/// works, never across the network. Two batches may be in flight: the next is already at the
/// server when the last commits. A batch of <c>copyThreshold</c> commits or more goes through the
/// bulk interface instead (<see cref="PostgresCopy"/>): an explicit transaction in which the
/// ledger rows are written with binary COPY and the balance deltas with binary COPY into a staging
/// table added from there, under the same lock, constraints and rollup plan, so every guarantee of
/// the array path holds. It is off by default: slower than the array path at the batch sizes
/// measured (<c>StorageOptions.CopyThreshold</c>).
/// </summary>
internal sealed class PostgresLedgerDialect(int copyThreshold) : LedgerDialect
{
    /// <summary>The SQLSTATE <c>check_parents</c> raises when a cached chain is out of date.</summary>
    public const string StaleChainState = "CR001";

    /// <summary>Balance rows per array statement.</summary>
    private const int RowsPerArrayStatement = 5_000;

    private static readonly string s_writerLockSql = $"SELECT pg_advisory_xact_lock({RegistryDatabase.WriterLockKey})";

    public override int MaxBatchesInFlight => 2;

    public override string? WriterLockSql => s_writerLockSql;

    public override async Task<long[]> InsertEventsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<LedgerCommit> commits)
    {
        if (commits.Count >= copyThreshold)
        {
            return await PostgresCopy.InsertEventsAsync((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, commits);
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        var (sql, parameters) = EventsAsArrays(commits);
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.AddParameter(name, value!);
        }

        var sequences = new Dictionary<(string, long), long>();
        await ReadSequencesAsync(command, sequences);
        return [.. commits.Select(c => sequences[(c.EntityId, c.Version)])];
    }

    public override async Task<Dictionary<RowKey, BalanceRow>> AddDeltasAsync(DbConnection connection, DbTransaction transaction, KeyValuePair<RowKey, BalanceComponents>[] deltas)
    {
        if (deltas.Length >= copyThreshold)
        {
            return await PostgresCopy.AddDeltasAsync((NpgsqlConnection)connection, (NpgsqlTransaction)transaction, deltas, AddOnConflict);
        }

        var updated = new Dictionary<RowKey, BalanceRow>(deltas.Length);
        foreach (var chunk in deltas.Chunk(RowsPerArrayStatement))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var (sql, parameters) = RowsAsArrays(chunk);
            foreach (var (name, value) in parameters)
            {
                command.AddParameter(name, value!);
            }

            command.CommandText = sql;
            await ReadRowsAsync(command, updated);
        }

        return updated;
    }

    /// <summary>
    /// A batch without moves: lock, entity rows, the check of the cached chains, ledger rows and
    /// balance deltas are one batch of statements, which the server runs as one implicit
    /// transaction (any error rolls all of it back). The results are read to the end, so the
    /// commit is known to be durable before any outcome is returned. If the connection fails once
    /// the batch is on its way, the transaction may have committed or not:
    /// <see cref="LedgerOutcomeUnknownException"/>.
    /// </summary>
    public override Task<CommitOutcome[]>? TryCommitInOneRoundTrip(RegistryDatabase database, AncestorChains chains, IReadOnlyList<LedgerCommit> commits, CancellationToken cancellationToken) =>
        commits.Count < copyThreshold && commits.All(commit => commit.MovedFromParentId is null) ? CommitInOneRoundTripAsync(database, chains, commits, cancellationToken) : null;

    private static async Task<CommitOutcome[]> CommitInOneRoundTripAsync(RegistryDatabase database, AncestorChains cache, IReadOnlyList<LedgerCommit> commits, CancellationToken cancellationToken)
    {
        await using var connection = (NpgsqlConnection)await database.OpenAsync(cancellationToken);
        var chains = await cache.GetAsync(connection, [.. commits.Where(commit => commit.Deltas.Count > 0).Select(commit => commit.EntityId).Distinct()]);
        var plan = new RollupPlan(commits.Count);
        plan.AddOwnDeltas(commits, chains);

        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(s_writerLockSql));
        foreach (var entity in commits.Select(commit => commit.Entity).OfType<EntityRecord>())
        {
            batch.BatchCommands.Add(BatchCommand(UpsertEntitySql, EntityParameters(entity)));
        }

        if (chains.Count > 0)
        {
            var (ids, parents) = AncestorChains.Links(chains.Values);
            batch.BatchCommands.Add(BatchCommand("SELECT check_parents(@ids, @parents)", [("ids", ids), ("parents", parents)]));
        }

        // Statements without results come before the first that returns rows (see ReadResultsAsync).
        foreach (var (sql, parameters) in ProductionRows.Statements(commits))
        {
            batch.BatchCommands.Add(BatchCommand(sql, parameters));
        }

        var (eventsSql, eventParameters) = EventsAsArrays(commits);
        batch.BatchCommands.Add(BatchCommand(eventsSql, eventParameters));
        foreach (var chunk in plan.Ordered().Chunk(RowsPerArrayStatement))
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
                var (sequences, rows) = await ReadResultsAsync(reader, plan.RowCount, cancellationToken);
                return plan.Outcomes([.. commits.Select(commit => sequences[(commit.EntityId, commit.Version)])], rows);
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

    private static NpgsqlBatchCommand BatchCommand(string sql, IEnumerable<(string Name, object? Value)> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
        }

        return command;
    }

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

    /// <summary>The upsert of balance deltas with one array parameter per column.</summary>
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

    /// <summary>The statement of <see cref="RowsAsArrays"/>: the same for every batch, so it is built once.</summary>
    private static readonly string s_rowsAsArraysSql =
        $"INSERT INTO balances ({BalanceColumns.SelectList}) SELECT * FROM unnest({string.Join(", ", s_arrayTypes.Select((type, c) => $"@{s_arrayNames[c]}::{type}[]"))})" + AddOnConflict;
}
