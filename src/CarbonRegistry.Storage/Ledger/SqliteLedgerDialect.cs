using System.Data.Common;
using System.Text;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Storage.Database;
using CarbonRegistry.Storage.ReadModel;

namespace CarbonRegistry.Storage.Ledger;

/// <summary>
/// SQLite, the embedded default: one writer (the file's write lock, taken by the transaction),
/// multi-row <c>VALUES</c> for ledger rows and deltas (SQLite has no arrays), and decimals added by
/// the <c>dec_add</c> function the connection registers.
/// </summary>
internal sealed class SqliteLedgerDialect : LedgerDialect
{
    public static readonly SqliteLedgerDialect Instance = new();

    /// <summary>Rows per multi-row statement: far below SQLite's parameter limit.</summary>
    private const int RowsPerStatement = 400;

    private SqliteLedgerDialect()
    {
    }

    /// <summary>SQLite has one writer: a second transaction would only wait for the file lock.</summary>
    public override int MaxBatchesInFlight => 1;

    public override string? WriterLockSql => null;

    public override async Task<long[]> InsertEventsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<LedgerCommit> commits)
    {
        var sequences = new Dictionary<(string, long), long>();
        foreach (var chunk in commits.Chunk(RowsPerStatement))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
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
            await ReadSequencesAsync(command, sequences);
        }

        return [.. commits.Select(c => sequences[(c.EntityId, c.Version)])];
    }

    public override async Task<Dictionary<RowKey, BalanceRow>> AddDeltasAsync(DbConnection connection, DbTransaction transaction, KeyValuePair<RowKey, BalanceComponents>[] deltas)
    {
        var updated = new Dictionary<RowKey, BalanceRow>(deltas.Length);
        foreach (var chunk in deltas.Chunk(RowsPerStatement / 4))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var sql = new StringBuilder($"INSERT INTO balances ({BalanceColumns.SelectList}) VALUES ");
            for (var r = 0; r < chunk.Length; r++)
            {
                var (key, delta) = chunk[r];
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

            command.CommandText = sql.Append(AddOnConflict).ToString();
            await ReadRowsAsync(command, updated);
        }

        return updated;
    }
}
