using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Telemetry;
using CarbonRegistry.Storage.ReadModel;
using Npgsql;
using NpgsqlTypes;

namespace CarbonRegistry.Storage.Ledger;

/// <summary>
/// The bulk interface of <see cref="PostgresLedgerDialect"/>: ledger rows are written with binary
/// COPY straight into the ledger (its constraints, version and idempotency key, hold as for an
/// insert), and balance deltas with binary COPY into a temporary staging table (dropped when the
/// transaction ends) from which one statement adds them with the same upsert as the array path.
/// </summary>
internal static class PostgresCopy
{
    /// <summary>Each column of <see cref="BalanceColumns.All"/>: its SQL type and how COPY writes it.</summary>
    private static readonly (string Sql, NpgsqlDbType Wire)[] s_types =
    [
        ("text", NpgsqlDbType.Text), ("integer", NpgsqlDbType.Integer), ("smallint", NpgsqlDbType.Smallint), ("smallint", NpgsqlDbType.Smallint),
        .. BalanceColumns.Decimals.Select(_ => ("numeric", NpgsqlDbType.Numeric)),
        ("integer", NpgsqlDbType.Integer), ("integer", NpgsqlDbType.Integer), ("text", NpgsqlDbType.Text), ("bigint", NpgsqlDbType.Bigint),
    ];

    private static readonly string s_balanceStage =
        "CREATE TEMP TABLE balance_stage (n integer NOT NULL, " + string.Join(", ", BalanceColumns.All.Select((column, c) => $"{column} {s_types[c].Sql} NOT NULL")) + ") ON COMMIT DROP";

    /// <summary>Inserts the ledger rows in batch order and returns their sequences in commit order.</summary>
    public static async Task<long[]> InsertEventsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<LedgerCommit> commits)
    {
        // The writer lock is held, and every writer of the ledger takes it (LedgerWriter is the only
        // one), so no other transaction adds ledger rows until this one ends: the rows after the last
        // sequence are this batch's, numbered by the identity in the order COPY writes them (commit
        // order), and read back by (entity, version).
        long last;
        await using (var max = new NpgsqlCommand("SELECT coalesce(max(seq), 0) FROM ledger", connection, transaction))
        {
            last = (long)(await max.ExecuteScalarAsync())!;
        }

        await using (var copy = await connection.BeginBinaryImportAsync("COPY ledger (entity_id, version, type, payload, actor, idempotency_key, recorded_at) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < commits.Count; i++)
            {
                var commit = commits[i];
                await copy.StartRowAsync();
                await copy.WriteAsync(commit.EntityId, NpgsqlDbType.Text);
                await copy.WriteAsync(commit.Version, NpgsqlDbType.Bigint);
                await copy.WriteAsync(commit.Type, NpgsqlDbType.Text);
                await copy.WriteAsync(commit.Payload, NpgsqlDbType.Jsonb);
                await copy.WriteAsync(commit.Actor, NpgsqlDbType.Text);
                if (commit.IdempotencyKey is { } key)
                {
                    await copy.WriteAsync(key, NpgsqlDbType.Text);
                }
                else
                {
                    await copy.WriteNullAsync();
                }

                await copy.WriteAsync(commit.RecordedAt.ToUniversalTime(), NpgsqlDbType.TimestampTz);
            }

            await copy.CompleteAsync();
        }

        RegistryTelemetry.LedgerCopiedRows.Add(commits.Count, new KeyValuePair<string, object?>("table", "ledger"));
        var sequences = new Dictionary<(string, long), long>(commits.Count);
        await using (var command = new NpgsqlCommand("SELECT seq, entity_id, version FROM ledger WHERE seq > @last", connection, transaction))
        {
            command.Parameters.AddWithValue("last", last);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                sequences[(reader.GetString(1), reader.GetInt64(2))] = reader.GetInt64(0);
            }
        }

        return [.. commits.Select(c => sequences[(c.EntityId, c.Version)])];
    }

    /// <summary>Adds each delta to its row (in key order) with <paramref name="onConflict"/>, and returns the rows as they now are.</summary>
    public static async Task<Dictionary<RowKey, BalanceRow>> AddDeltasAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, KeyValuePair<RowKey, BalanceComponents>[] deltas, string onConflict)
    {
        await ExecuteAsync(connection, transaction, s_balanceStage);
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY balance_stage (n, {BalanceColumns.SelectList}) FROM STDIN (FORMAT BINARY)"))
        {
            for (var i = 0; i < deltas.Length; i++)
            {
                var (key, change) = (deltas[i].Key, deltas[i].Value);
                await copy.StartRowAsync();
                await copy.WriteAsync(i, NpgsqlDbType.Integer);
                await copy.WriteAsync(key.EntityId, NpgsqlDbType.Text);
                await copy.WriteAsync(key.Year, NpgsqlDbType.Integer);
                await copy.WriteAsync((short)key.Month, NpgsqlDbType.Smallint);
                await copy.WriteAsync((short)key.Scope, NpgsqlDbType.Smallint);
                for (var c = 0; c < BalanceColumns.Decimals.Length; c++)
                {
                    await copy.WriteAsync(BalanceColumns.Value(change, c), NpgsqlDbType.Numeric);
                }

                await copy.WriteAsync(change.PartsWithoutValueAdded, NpgsqlDbType.Integer);
                await copy.WriteAsync(change.ReportCount, NpgsqlDbType.Integer);
                await copy.WriteAsync(change.FactorSetCounts, NpgsqlDbType.Text);
                await copy.WriteAsync(1L, NpgsqlDbType.Bigint);
            }

            await copy.CompleteAsync();
        }

        RegistryTelemetry.LedgerCopiedRows.Add(deltas.Length, new KeyValuePair<string, object?>("table", "balances"));
        var updated = new Dictionary<RowKey, BalanceRow>(deltas.Length);
        var sql = $"INSERT INTO balances ({BalanceColumns.SelectList}) SELECT {BalanceColumns.SelectList} FROM balance_stage ORDER BY n" + onConflict;
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = BalanceColumns.Read(reader);
            updated[RowKey.Of(row)] = row;
        }

        return updated;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync();
    }
}
