using System.Data.Common;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Ledger;
using CarbonRegistry.Accounting.DualControl;
using CarbonRegistry.Accounting.Production;
using CarbonRegistry.Storage.Database;
using CarbonRegistry.Storage.Ledger;
using Dapper;

namespace CarbonRegistry.Storage.ReadModel;

/// <summary>Queries on the ledger and the read model. Each call uses its own short-lived connection.</summary>
public sealed class RegistryReader(RegistryDatabase database)
{
    private long _queries;

    /// <summary>How many read-model queries this process has run (for diagnostics and the N+1 test).</summary>
    public long QueriesExecuted => Interlocked.Read(ref _queries);

    private const string LedgerColumns = "seq, entity_id, version, type, payload, actor, idempotency_key, recorded_at";

    /// <summary>An entity's events with a version above <paramref name="afterVersion"/>, in order.</summary>
    public Task<IReadOnlyList<LedgerEventView>> EntityEventsAsync(string entityId, long afterVersion, CancellationToken cancellationToken = default) =>
        QueryEventsAsync(
            $"SELECT {LedgerColumns} FROM ledger WHERE entity_id = @entityId AND version > @afterVersion ORDER BY version",
            new { entityId, afterVersion },
            cancellationToken);

    /// <summary>
    /// An entity's events with a sequence above <paramref name="afterSequence"/>, oldest first, at
    /// most <paramref name="limit"/>. Ordered by version, which for one entity follows the sequence
    /// (its events are committed one version after another), so that the (entity, version) index
    /// serves it: ordered by sequence, PostgreSQL may walk the whole ledger's primary key instead
    /// when its statistics lag a bulk load (7 ms instead of 0.6 ms in the scale benchmark).
    /// </summary>
    public Task<IReadOnlyList<LedgerEventView>> EntityHistoryAsync(string entityId, long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        QueryEventsAsync(
            $"SELECT {LedgerColumns} FROM ledger WHERE entity_id = @entityId AND seq > @afterSequence ORDER BY version LIMIT @limit",
            new { entityId, afterSequence, limit },
            cancellationToken);

    /// <summary>Events with a sequence above <paramref name="afterSequence"/>, in sequence order, at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<LedgerEventView>> EventsAfterAsync(long afterSequence, int limit, CancellationToken cancellationToken = default) =>
        QueryEventsAsync(
            $"SELECT {LedgerColumns} FROM ledger WHERE seq > @afterSequence ORDER BY seq LIMIT @limit",
            new { afterSequence, limit },
            cancellationToken);

    /// <summary>The highest committed sequence, 0 for an empty ledger.</summary>
    public async Task<long> LastSequenceAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>("SELECT max(seq) FROM ledger") ?? 0;
    }

    /// <summary>The entity row, or null.</summary>
    public async Task<EntityRecord?> EntityAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return (await connection.QueryAsync<EntityRow>($"{EntitySelect} WHERE id = @id", new { id })).Select(row => row.ToRecord()).SingleOrDefault();
    }

    /// <summary>
    /// The reporting bodies (mines, enterprises, parks) anywhere under <paramref name="entityId"/>,
    /// each with whether its own balance of the month counts a report.
    /// </summary>
    public async Task<IReadOnlyList<(EntityRecord Entity, bool Filed)>> FilingAsync(string entityId, int year, int month, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var sql = $"""
            WITH RECURSIVE under(id) AS (
                SELECT id FROM entities WHERE parent_id = @entityId
                UNION ALL
                SELECT e.id FROM entities e JOIN under u ON e.parent_id = u.id)
            {EntitySelect.Replace("FROM entities", ", EXISTS (SELECT 1 FROM balances b WHERE b.entity_id = entities.id AND b.year = @year AND b.month = @month AND b.scope = 0 AND b.report_count > 0) AS Filed FROM entities", StringComparison.Ordinal)}
            WHERE id IN (SELECT id FROM under) AND kind IN ('Mine', 'Enterprise', 'Park')
            ORDER BY id
            """;
        var rows = await connection.QueryAsync<FilingRow>(sql, new { entityId, year, month = (short)month });
        return [.. rows.Select(row => (row.ToRecord(), row.Filed))];
    }

    /// <summary>
    /// What <paramref name="entityId"/> and everything under it stated they produced in
    /// <paramref name="year"/>, each entity-month with its own gross emissions (from its own balance
    /// row), for <see cref="ProductionFigures.Sum"/>.
    /// </summary>
    public async Task<IReadOnlyList<ProductionMonth>> ProductionAsync(string entityId, int year, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        const string Subtree = """
            WITH RECURSIVE under(id) AS (
                SELECT @entityId
                UNION ALL
                SELECT e.id FROM entities e JOIN under u ON e.parent_id = u.id)
            """;
        var lines = new List<(string EntityId, int Month, string Code, decimal Quantity)>();
        await using (var command = connection.CreateCommand())
        {
            // Read by hand: SQLite keeps decimals as text, which the reader's GetDecimal parses exactly.
            command.CommandText = $"{Subtree} SELECT entity_id, month, product_code, quantity FROM production WHERE year = @year AND entity_id IN (SELECT id FROM under) ORDER BY entity_id, month, product_code";
            command.AddParameters(("entityId", entityId), ("year", year));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                lines.Add((reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetDecimal(3)));
            }
        }

        if (lines.Count == 0)
        {
            return [];
        }

        await using var rows = connection.CreateCommand();
        rows.CommandText = $"""
            {Subtree}
            SELECT {BalanceColumns.SelectList} FROM balances b
            WHERE b.year = @year AND b.scope = 0 AND b.month > 0 AND b.entity_id IN (SELECT id FROM under)
              AND EXISTS (SELECT 1 FROM production p WHERE p.entity_id = b.entity_id AND p.year = b.year AND p.month = b.month)
            """;
        rows.AddParameters(("entityId", entityId), ("year", year));
        var gross = new Dictionary<(string, int), decimal>();
        await using (var reader = await rows.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var row = BalanceColumns.Read(reader);
                gross[(row.EntityId, row.Month)] = row.Components.ToBalance(EntityPeriod(row), DeductionRuleSet.Unspecified).GrossTco2e; // gross emissions: no deduction applies
            }
        }

        return [.. lines.GroupBy(l => (l.EntityId, l.Month)).Select(g => new ProductionMonth(
            g.Key.EntityId,
            g.Key.Month,
            [.. g.Select(l => new ProductQuantity(l.Code, l.Quantity))],
            gross.GetValueOrDefault(g.Key)))];
    }

    private static string EntityPeriod(BalanceRow row) => $"{row.Year:D4}-{row.Month:D2}";

    /// <summary>The streams whose first event is of <paramref name="eventType"/> (the projects: <c>ProjectRegistered</c>), oldest first.</summary>
    public async Task<IReadOnlyList<string>> StreamsStartedWithAsync(string eventType, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<string>("SELECT entity_id FROM ledger WHERE type = @eventType AND version = 1 ORDER BY seq", new { eventType })];
    }

    /// <summary>All entity rows, by id.</summary>
    public async Task<IReadOnlyList<EntityRecord>> EntitiesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return [.. (await connection.QueryAsync<EntityRow>($"{EntitySelect} ORDER BY id")).Select(row => row.ToRecord())];
    }

    /// <summary>Every balance row of <paramref name="entityId"/> (both scopes, every period).</summary>
    public async Task<IReadOnlyList<BalanceRow>> BalanceRowsAsync(string entityId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await BalanceColumns.ReadRowsAsync(connection, null, [entityId], _ => true);
        return [.. rows.Values.OrderBy(row => row.Year).ThenBy(row => row.Month).ThenBy(row => row.Scope)];
    }

    /// <summary>
    /// The total rows (every period) of each ancestor of <paramref name="entityId"/>, by ancestor:
    /// the chain (the ledger writer's recursive read) and the rows, on one connection.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<BalanceRow>>> AncestorTotalRowsAsync(string entityId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var ancestors = (await AncestorChains.ReadAsync(connection, null, [entityId]))[entityId].Skip(1).ToList();
        var rows = await BalanceColumns.ReadRowsAsync(connection, null, ancestors, row => row.Scope == BalanceScope.Total);
        return ancestors.ToDictionary(id => id, id => (IReadOnlyList<BalanceRow>)[.. rows.Values.Where(row => row.EntityId == id)]);
    }

    /// <summary>
    /// The rows that hold each entity's total: a leaf's own rows (mines and enterprises contain
    /// nothing, so the ledger writer keeps no total rows for them), every other body's total rows.
    /// Correlated by primary key: an uncorrelated list of every leaf made PostgreSQL hash all
    /// 100,000 ids for each one-row read (51 ms in the scale benchmark instead of under 1 ms).
    /// </summary>
    private static readonly string s_totalRows =
        $"scope = CASE WHEN EXISTS (SELECT 1 FROM entities e WHERE e.id = balances.entity_id AND e.kind IN ({string.Join(", ", EntityHierarchy.LeafKindNames.Select(kind => $"'{kind}'"))})) THEN 0 ELSE 1 END";

    /// <summary>
    /// What an entity grain reads when it activates, in one round trip on one connection: every
    /// balance row of the entity, and its last <paramref name="latestEvents"/> ledger events
    /// (fewer if it has fewer), oldest first.
    /// </summary>
    public async Task<EntityActivationRead> ActivationReadAsync(string entityId, int latestEvents, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT {BalanceColumns.SelectList} FROM balances WHERE entity_id = @id ORDER BY year, month, scope; " +
            $"SELECT {LedgerColumns} FROM ledger WHERE entity_id = @id ORDER BY version DESC LIMIT @count";
        command.AddParameters(("id", entityId), ("count", latestEvents));

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<BalanceRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(BalanceColumns.Read(reader));
        }

        await reader.NextResultAsync(cancellationToken);
        var events = new List<LedgerEventView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(ReadEvent(reader));
        }

        events.Reverse();
        return new EntityActivationRead(rows, events);
    }

    /// <summary>One balance row (month 0: the year), or null when nothing was ever recorded for it; a leaf's total is its own row.</summary>
    public async Task<BalanceRow?> BalanceRowAsync(string entityId, int year, int month, BalanceScope scope, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var scopeCondition = scope == BalanceScope.Total ? s_totalRows : "scope = @scope";
        command.CommandText = $"SELECT {BalanceColumns.SelectList} FROM balances WHERE entity_id = @id AND year = @year AND month = @month AND {scopeCondition}";
        command.AddParameters(("id", entityId), ("year", year), ("month", (short)month), ("scope", (short)scope));

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? BalanceColumns.Read(reader) : null;
    }

    /// <summary>Every balance row in the read model.</summary>
    public async Task<IReadOnlyList<BalanceRow>> AllBalanceRowsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {BalanceColumns.SelectList} FROM balances ORDER BY entity_id, year, month, scope";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<BalanceRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(BalanceColumns.Read(reader));
        }

        return rows;
    }

    /// <summary>Entities ordered by id after <paramref name="afterId"/>, at most <paramref name="limit"/>, filtered.</summary>
    public async Task<IReadOnlyList<EntityRecord>> EntitiesAsync(string? kind, string? parentId, string? pilot, string? afterId, int limit, string? search = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var sql = $"""
            {EntitySelect}
            {EntityFilter}
              AND (@afterId IS NULL OR id > @afterId)
            ORDER BY id
            LIMIT @limit
            """;
        var rows = await connection.QueryAsync<EntityRow>(sql, new { kind, parentId, pilot, pattern = Pattern(search), afterId, limit });
        return [.. rows.Select(row => row.ToRecord())];
    }

    /// <summary>How many entities the filter of <see cref="EntitiesAsync(string?, string?, string?, string?, int, string?, CancellationToken)"/> matches.</summary>
    public async Task<int> CountEntitiesAsync(string? kind, string? parentId, string? pilot, string? search, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM entities {EntityFilter}", new { kind, parentId, pilot, pattern = Pattern(search) });
    }

    /// <summary>How many events a stream (an entity's, a project's, …) holds.</summary>
    public async Task<int> StreamLengthAsync(string stream, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>("SELECT COUNT(*) FROM ledger WHERE entity_id = @stream", new { stream });
    }

    private const string EntityFilter = """
        WHERE (@kind IS NULL OR kind = @kind)
          AND (@parentId IS NULL OR parent_id = @parentId)
          AND (@pilot IS NULL OR (',' || pilots || ',') LIKE ('%,' || @pilot || ',%'))
          AND (@pattern IS NULL OR lower(name) LIKE @pattern ESCAPE '\' OR lower(name_zh) LIKE @pattern ESCAPE '\')
        """;

    /// <summary>The search text as a LIKE pattern, its wildcards escaped so they match themselves.</summary>
    private static string? Pattern(string? search) =>
        search is null ? null : "%" + search.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    /// <summary>The year's rolled-up balance (month 0, total scope) of every entity, optionally of one kind.</summary>
    public async Task<IReadOnlyList<(EntityRecord Entity, BalanceRow Row)>> AnnualTotalsAsync(int year, string? kind, CancellationToken cancellationToken = default)
    {
        var entities = (await EntitiesAsync(kind, null, null, null, int.MaxValue, cancellationToken: cancellationToken)).ToDictionary(e => e.Id);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {BalanceColumns.SelectList} FROM balances WHERE year = @year AND month = 0";
        command.AddParameters(("year", year));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var result = new List<(EntityRecord, BalanceRow)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            // The kinds are at hand: a leaf's own row is its total (see s_totalRows).
            var row = BalanceColumns.Read(reader);
            if (entities.TryGetValue(row.EntityId, out var entity) && row.Scope == EntityHierarchy.TotalScope(entity.Kind))
            {
                result.Add((entity, row));
            }
        }

        return result;
    }

    /// <summary>
    /// The deduction rule sets recorded switches chose for <paramref name="year"/>, by entity (all
    /// entities, or only <paramref name="entityId"/>).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> DeductionSwitchesAsync(int year, string? entityId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string EntityId, string RuleSetId)>(
            new CommandDefinition(
                "SELECT entity_id, rule_set_id FROM deduction_switches WHERE year = @year" + (entityId is null ? "" : " AND entity_id = @entityId"),
                new { year, entityId },
                cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.EntityId, r => r.RuleSetId, StringComparer.Ordinal);
    }

    /// <summary>The children of several parents in one query, by parent id.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<EntityRecord>>> ChildrenOfAsync(IReadOnlyList<string> parentIds, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        var parameters = new DynamicParameters();
        var list = string.Join(", ", parentIds.Select((id, i) => { parameters.Add($"p{i}", id); return $"@p{i}"; }));
        var rows = parentIds.Count == 0 ? [] : await connection.QueryAsync<EntityRow>($"{EntitySelect} WHERE parent_id IN ({list}) ORDER BY id", parameters);
        var children = rows.Select(row => row.ToRecord()).ToLookup(e => e.ParentId!);
        return parentIds.Distinct().ToDictionary(id => id, id => (IReadOnlyList<EntityRecord>)[.. children[id]]);
    }

    private Task<System.Data.Common.DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _queries);
        return database.OpenAsync(cancellationToken);
    }

    private const string EntitySelect =
        "SELECT id AS Id, kind AS Kind, name AS Name, name_zh AS NameZh, parent_id AS ParentId, pilots AS Pilots, base_year AS BaseYear, grid_region AS GridRegion, status AS Status, version AS Version, registered_at AS RegisteredAt FROM entities";

    private async Task<IReadOnlyList<LedgerEventView>> QueryEventsAsync(string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(sql, parameters);
        var events = new List<LedgerEventView>();
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(ReadEvent(reader));
        }

        return events;
    }

    private static LedgerEventView ReadEvent(DbDataReader reader) => new()
    {
        Sequence = reader.GetInt64(0),
        EntityId = reader.GetString(1),
        Version = reader.GetInt64(2),
        Type = reader.GetString(3),
        Payload = reader.GetString(4),
        Actor = reader.GetString(5),
        IdempotencyKey = reader.IsDBNull(6) ? null : reader.GetString(6),
        RecordedAt = reader.GetFieldValue<DateTimeOffset>(7),
    };

    /// <summary>The entities row as the drivers return it (SQLite keeps times as text).</summary>
    private sealed class FilingRow : EntityRow
    {
        public bool Filed { get; set; }
    }

    private class EntityRow
    {
        public string Id { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Name { get; set; } = "";
        public string NameZh { get; set; } = "";
        public string? ParentId { get; set; }
        public string Pilots { get; set; } = "";
        public long BaseYear { get; set; }
        public string GridRegion { get; set; } = "";
        public string Status { get; set; } = "";
        public long Version { get; set; }
        public object RegisteredAt { get; set; } = "";

        public EntityRecord ToRecord() => new()
        {
            Id = Id,
            Kind = Kind,
            Name = Name,
            NameZh = NameZh,
            ParentId = ParentId,
            Pilots = Pilots,
            BaseYear = (int)BaseYear,
            GridRegion = GridRegion,
            Status = Status,
            Version = Version,
            RegisteredAt = RegisteredAt switch
            {
                DateTimeOffset at => at,
                DateTime at => new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)),
                string text => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture),
                var other => throw new InvalidOperationException($"Unexpected registered_at value {other}."),
            },
        };
    }
}

/// <summary>An entity's balance rows and its latest ledger events (oldest first), as read on activation.</summary>
public sealed record EntityActivationRead(IReadOnlyList<BalanceRow> Rows, IReadOnlyList<LedgerEventView> LatestEvents);
