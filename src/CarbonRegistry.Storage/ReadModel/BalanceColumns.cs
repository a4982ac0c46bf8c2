using System.Data.Common;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Storage.Database;
using CarbonRegistry.Storage.Ledger;

namespace CarbonRegistry.Storage.ReadModel;

/// <summary>The columns of the <c>balances</c> table and their mapping to <see cref="BalanceComponents"/>.</summary>
internal static class BalanceColumns
{
    /// <summary>The decimal columns: one per balance component (its name in snake case), then value added.</summary>
    public static readonly string[] Decimals =
        [.. BalanceComponentList.All.Select(BalanceComponentList.ColumnName), "value_added_wan_yuan"];

    /// <summary>The position of value added in <see cref="Decimals"/>.</summary>
    private static readonly int s_valueAdded = BalanceComponentList.Count;

    /// <summary>Every column, key first.</summary>
    public static readonly string[] All =
        ["entity_id", "year", "month", "scope", .. Decimals, "parts_without_value_added", "report_count", "factor_sets", "row_version"];

    public static readonly string SelectList = string.Join(", ", All);

    public static decimal[] Values(BalanceComponents c)
    {
        var values = new decimal[Decimals.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Value(c, i);
        }

        return values;
    }

    /// <summary>The component in decimal column <paramref name="column"/> (an index into <see cref="Decimals"/>).</summary>
    public static decimal Value(BalanceComponents c, int column) =>
        column == s_valueAdded ? c.ValueAddedWanYuan : c.Values.Values[column];

    /// <summary>Reads a row selected with <see cref="SelectList"/>.</summary>
    public static BalanceRow Read(DbDataReader reader)
    {
        // On the stack: the writer reads back every row it changes, so this runs for each of them.
        Span<decimal> d = stackalloc decimal[Decimals.Length];
        for (var i = 0; i < d.Length; i++)
        {
            d[i] = reader.GetDecimal(4 + i);
        }

        var next = 4 + d.Length;
        var components = new BalanceComponents
        {
            Values = ComponentVector.FromValues(d[..s_valueAdded]),
            ValueAddedWanYuan = d[s_valueAdded],
            PartsWithoutValueAdded = reader.GetInt32(next),
            ReportCount = reader.GetInt32(next + 1),
            FactorSetCounts = reader.GetString(next + 2),
        };
        return new BalanceRow(
            reader.GetString(0),
            reader.GetInt32(1),
            reader.GetInt16(2),
            (BalanceScope)reader.GetInt16(3),
            components,
            reader.GetInt64(next + 3));
    }

    /// <summary>Ids per statement: far below both engines' parameter limits.</summary>
    private const int IdsPerStatement = 400;

    /// <summary>The balance rows of <paramref name="ids"/> that <paramref name="keep"/> accepts, by key.</summary>
    public static async Task<Dictionary<RowKey, BalanceRow>> ReadRowsAsync(
        DbConnection connection, DbTransaction? transaction, IReadOnlyList<string> ids, Func<BalanceRow, bool> keep)
    {
        var rows = new Dictionary<RowKey, BalanceRow>();
        foreach (var chunk in ids.Chunk(IdsPerStatement))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            var names = chunk.Select((id, i) => { command.AddParameter($"i{i}", id); return $"@i{i}"; });
            command.CommandText = $"SELECT {SelectList} FROM balances WHERE entity_id IN ({string.Join(", ", names)})";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = Read(reader);
                if (keep(row))
                {
                    rows[RowKey.Of(row)] = row;
                }
            }
        }

        return rows;
    }
}
