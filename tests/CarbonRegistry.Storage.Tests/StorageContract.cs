using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Storage.Database;
using CarbonRegistry.Storage.Ledger;
using CarbonRegistry.Storage.ReadModel;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using static CarbonRegistry.Accounting.Balances.BalanceComponent;

namespace CarbonRegistry.Storage.Tests;

/// <summary>
/// The storage contract: the same suite runs on SQLite (<see cref="SqliteStorageTests"/>) and on
/// PostgreSQL (<see cref="PostgresStorageTests"/>), because both engines sit behind one code path.
/// </summary>
public abstract class StorageContract : IAsyncLifetime
{
    private static readonly DateTimeOffset s_at = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    protected abstract StorageOptions Options { get; }

    protected RegistryDatabase Database { get; private set; } = null!;

    protected LedgerWriter Writer { get; private set; } = null!;

    protected RegistryReader Reader { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = RegistryDatabase.Create(Options);
        await new Migrator(Database, NullLogger<Migrator>.Instance).MigrateAsync();
        Writer = new LedgerWriter(Database, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<LedgerWriter>.Instance);
        Reader = new RegistryReader(Database);
    }

    public virtual async Task DisposeAsync()
    {
        await Writer.DisposeAsync();
        await Database.DisposeAsync();
    }

    [Fact]
    public async Task Migrations_apply_once_and_are_skipped_on_the_next_start()
    {
        var again = await new Migrator(Database, NullLogger<Migrator>.Instance).MigrateAsync();

        Assert.Empty(again);
        Assert.Equal(0, await Reader.LastSequenceAsync());
    }

    [Fact]
    public async Task The_database_merges_factor_set_counts_as_the_application_does()
    {
        // The normalized lists the writer stores and sends, with one or more sets and either sign.
        string[] counts = ["", "CN-2024.P1=1", "CN-2024.P1=3", "CN-2024.P1=-1", "CN-2025.P1=2", "CN-2024.P1=1;CN-2025.P1=1", "CN-2024.P1=-2;SX-2025.A=1"];
        await using var connection = await Database.OpenAsync();
        foreach (var a in counts)
        {
            foreach (var b in counts)
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT merge_counts(@a, @b)";
                foreach (var (name, value) in new[] { ("a", a), ("b", b) })
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = name;
                    parameter.Value = value;
                    command.Parameters.Add(parameter);
                }

                Assert.Equal(BalanceComponents.MergeCounts(a, b, 1), (string?)await command.ExecuteScalarAsync());
            }
        }
    }

    [Fact]
    public async Task The_activation_read_returns_the_entity_rows_and_its_latest_events_oldest_first()
    {
        await RegisterTreeAsync();
        for (var month = 1; month <= 4; month++)
        {
            await Writer.CommitAsync(Report("mine-a", month + 1, 2025, month, Components(fuel: month, carbon: 1m, valueAdded: 10m)));
        }

        var read = await Reader.ActivationReadAsync("mine-a", 3);

        Assert.Equal(await Reader.BalanceRowsAsync("mine-a"), read.Rows);
        Assert.Equal([3L, 4L, 5L], read.LatestEvents.Select(e => e.Version));
        Assert.Equal((await Reader.EntityEventsAsync("mine-a", 2)).Select(e => e.Sequence), read.LatestEvents.Select(e => e.Sequence));
        var city = await Reader.ActivationReadAsync("city-a", 32);
        Assert.Equal(await Reader.BalanceRowsAsync("city-a"), city.Rows);
        Assert.NotEmpty(city.Rows);
        Assert.Equal(1L, Assert.Single(city.LatestEvents).Version);
        Assert.Empty((await Reader.ActivationReadAsync("nobody", 32)).Rows);
    }

    [Fact]
    public async Task A_commit_writes_the_event_and_rolls_the_balance_up_the_whole_chain()
    {
        await RegisterTreeAsync();

        var outcome = await Writer.CommitAsync(Report("mine-a", 2, 2025, 3, Components(fuel: 12.5m, carbon: 3.25m, valueAdded: 100m)));

        var events = await Reader.EntityEventsAsync("mine-a", 0);
        Assert.Equal([1L, 2L], events.Select(e => e.Version));
        Assert.Equal(outcome.Sequence, events[^1].Sequence);
        Assert.Equal("ReportSubmitted", events[^1].Type);
        Assert.Equal("key-2025-3", events[^1].IdempotencyKey);
        Assert.Equal(s_at, events[^1].RecordedAt);

        // Own month and year of the mine (a leaf: its own rows are its total); total month and year
        // of the city and the province.
        Assert.Equal(6, outcome.Rows.Count);
        Assert.DoesNotContain(await Reader.BalanceRowsAsync("mine-a"), r => r.Scope == BalanceScope.Total);
        foreach (var id in new[] { "mine-a", "city-a", "shanxi" })
        {
            var rows = await Reader.BalanceRowsAsync(id);
            var scope = id == "mine-a" ? BalanceScope.Own : BalanceScope.Total;
            var month = rows.Single(r => r.Year == 2025 && r.Month == 3 && r.Scope == scope);
            var year = rows.Single(r => r.Year == 2025 && r.Month == 0 && r.Scope == scope);
            Assert.Equal(year, await Reader.BalanceRowAsync(id, 2025, 0, BalanceScope.Total));
            Assert.Equal(12.5m, month.Components[FuelCombustionTce]);
            Assert.Equal(3.25m, year.Components[CombustionCarbonTc]);
            Assert.Equal(1, month.Components.ReportCount);
            Assert.Equal("CN-2024.P1", month.Components.FactorSetIds);
        }
    }

    [Fact]
    public async Task Every_component_is_stored_in_its_own_column_and_read_back_from_it()
    {
        await RegisterTreeAsync();
        // Each component gets its own value (1.01, 2.02, …), so a column read into another's place shows.
        var values = new ComponentVector.Builder();
        foreach (var (component, i) in BalanceComponentList.All.Select((c, i) => (c, i)))
        {
            values[component] = (i + 1) * 1.01m;
        }

        var components = new BalanceComponents { Values = values.ToVector(), ValueAddedWanYuan = 22.22m, PartsWithoutValueAdded = 1, ReportCount = 1, FactorSetCounts = "CN-2024.P1=1" };

        var outcome = await Writer.CommitAsync(Report("mine-a", 2, 2025, 3, components));

        var stored = (await Reader.BalanceRowsAsync("city-a")).Single(r => r.Year == 2025 && r.Month == 3);
        Assert.Equal(components, stored.Components);
        Assert.Equal(components, outcome.Rows.Single(r => r.EntityId == "city-a" && r.Month == 3).Components);

        // A second month adds to the year's row column by column: each column twice its value.
        await Writer.CommitAsync(Report("mine-a", 3, 2025, 4, components));
        var year = (await Reader.BalanceRowsAsync("city-a")).Single(r => r.Year == 2025 && r.Month == 0).Components;
        Assert.Equal(components.Plus(components), year);
        Assert.Equal(44.44m, year.ValueAddedWanYuan);
    }

    [Fact]
    public async Task The_balance_table_has_a_column_for_each_component_of_the_list_and_nothing_else()
    {
        // The component list (BalanceComponent) is the one definition; the migrations of each
        // engine must add a column for every member, named as the list names it.
        var sql = Database.Provider == StorageProvider.PostgreSql
            ? "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'balances'"
            : "SELECT name FROM pragma_table_info('balances')";
        await using var connection = await Database.OpenAsync();
        var columns = (await connection.QueryAsync<string>(sql)).ToHashSet(StringComparer.Ordinal);

        string[] key = ["entity_id", "year", "month", "scope"];
        string[] counts = ["value_added_wan_yuan", "parts_without_value_added", "report_count", "factor_sets", "row_version"];
        var components = BalanceComponentList.All.Select(BalanceComponentList.ColumnName).ToList();
        Assert.Contains("fuel_combustion_tce", components);
        Assert.Contains("methane_released_tch4", components);
        Assert.Equal([.. key.Concat(components).Concat(counts).Order(StringComparer.Ordinal)], columns.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public async Task Migration_V004_drops_the_total_rows_a_leaf_kept_before_and_nothing_else()
    {
        // Before V004 a mine kept total rows beside its own (the writer did not know leaves).
        await RegisterTreeAsync();
        await Writer.CommitAsync(Report("mine-a", 2, 2025, 3, Components(fuel: 9m)) with { Leaf = false });
        var before = await Reader.AllBalanceRowsAsync();
        Assert.Contains(before, r => r is { EntityId: "mine-a", Scope: BalanceScope.Total });

        var dialect = Options.Provider == StorageProvider.PostgreSql ? "postgresql" : "sqlite";
        var sql = await File.ReadAllTextAsync(Path.Combine(Migrator.DefaultDirectory, dialect, "V004__leaf_rows_own_only.sql"));
        await using (var connection = await Database.OpenAsync())
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }

        var after = await Reader.AllBalanceRowsAsync();
        Assert.Equal(before.Where(r => !(r.EntityId == "mine-a" && r.Scope == BalanceScope.Total)), after);
        Assert.Equal(9m, (await Reader.BalanceRowAsync("mine-a", 2025, 0, BalanceScope.Total))!.Components[FuelCombustionTce]);
    }

    [Fact]
    public async Task Children_add_up_to_their_parent_in_every_row()
    {
        await RegisterTreeAsync();
        await Writer.CommitAsync(Register("mine-b", "city-a", "Mine", 1));
        var tasks = new List<Task>();
        for (var month = 1; month <= 6; month++)
        {
            tasks.Add(Writer.CommitAsync(Report("mine-a", month + 1, 2025, month, Components(fuel: month * 1.1m, carbon: 0.0001m * month, valueAdded: 7m))));
            tasks.Add(Writer.CommitAsync(Report("mine-b", month + 1, 2025, month, Components(fuel: month * 2.3m, carbon: 1m / 3m, valueAdded: 5m))));
        }

        await Task.WhenAll(tasks);

        var a = (await Reader.BalanceRowsAsync("mine-a")).Where(r => r.Scope == BalanceScope.Own).ToDictionary(r => (r.Year, r.Month));
        var b = (await Reader.BalanceRowsAsync("mine-b")).Where(r => r.Scope == BalanceScope.Own).ToDictionary(r => (r.Year, r.Month));
        var city = (await Reader.BalanceRowsAsync("city-a")).Where(r => r.Scope == BalanceScope.Total).ToList();
        Assert.Equal(7, city.Count);
        foreach (var row in city)
        {
            Assert.Equal(a[(row.Year, row.Month)].Components.Plus(b[(row.Year, row.Month)].Components), row.Components);
        }

        // 1/3 keeps its 28 significant digits through storage on both engines.
        Assert.Equal(6 * (1m / 3m), b[(2025, 0)].Components[CombustionCarbonTc]);
    }

    [Fact]
    public async Task A_version_conflict_writes_nothing_and_is_retriable()
    {
        await RegisterTreeAsync();
        await Writer.CommitAsync(Report("mine-a", 2, 2025, 1, Components(fuel: 1m)));

        var error = await Assert.ThrowsAsync<RegistryException>(() => Writer.CommitAsync(Report("mine-a", 2, 2025, 2, Components(fuel: 5m)) with { IdempotencyKey = "other" }));

        Assert.Equal(RegistryErrorCode.ConcurrencyConflict, error.Code);
        Assert.True(error.Retriable);
        Assert.Equal(2, (await Reader.EntityEventsAsync("mine-a", 0)).Count);
        Assert.DoesNotContain(await Reader.BalanceRowsAsync("mine-a"), row => row.Month == 2);
    }

    [Fact]
    public async Task An_idempotency_key_is_recorded_once_per_entity()
    {
        await RegisterTreeAsync();
        await Writer.CommitAsync(Report("mine-a", 2, 2025, 1, Components(fuel: 1m)));

        var error = await Assert.ThrowsAsync<RegistryException>(() => Writer.CommitAsync(Report("mine-a", 3, 2025, 1, Components(fuel: 1m))));

        Assert.Equal(RegistryErrorCode.IdempotencyKeyReused, error.Code);
        Assert.Single(await Reader.BalanceRowsAsync("mine-a"), r => r is { Month: 1, Scope: BalanceScope.Own });
        Assert.Equal(1, (await Reader.BalanceRowsAsync("shanxi")).Single(r => r.Month == 1).Components.ReportCount);
    }

    [Fact]
    public async Task One_bad_commit_does_not_fail_the_others_of_its_batch()
    {
        await RegisterTreeAsync();
        var good = Enumerable.Range(1, 12).Select(m => Writer.CommitAsync(Report("mine-a", m + 1, 2024, m, Components(fuel: m)))).ToList();
        var bad = Writer.CommitAsync(Report("city-a", 1, 2024, 1, Components(fuel: 100m)));

        await Task.WhenAll(good);
        await Assert.ThrowsAsync<RegistryException>(() => bad);

        Assert.Equal(78m, (await Reader.BalanceRowsAsync("shanxi")).Single(r => r is { Year: 2024, Month: 0 }).Components[FuelCombustionTce]);
    }

    [Fact]
    public async Task A_commit_that_fails_for_any_reason_does_not_fail_its_batch()
    {
        await RegisterTreeAsync();

        // A balance change for an entity the read model does not know cannot be rolled up.
        var good = Enumerable.Range(1, 6).Select(m => Writer.CommitAsync(Report("mine-a", m + 1, 2023, m, Components(fuel: 1m)))).ToList();
        var orphan = Writer.CommitAsync(Report("nobody", 1, 2023, 1, Components(fuel: 100m)));

        await Task.WhenAll(good);
        await Assert.ThrowsAsync<RegistryException>(() => orphan);

        Assert.Empty(await Reader.EntityEventsAsync("nobody", 0));
        Assert.Equal(6m, (await Reader.BalanceRowsAsync("shanxi")).Single(r => r is { Year: 2023, Month: 0 }).Components[FuelCombustionTce]);
    }

    [Fact]
    public async Task A_move_shifts_the_rollup_from_the_old_parent_to_the_new()
    {
        await RegisterTreeAsync();
        await Writer.CommitAsync(Register("city-b", "shanxi", "City", 1));
        await Writer.CommitAsync(Report("mine-a", 2, 2025, 4, Components(fuel: 40m)));

        var outcome = await Writer.CommitAsync(Move("mine-a", "city-a", "city-b", "Mine", 3));

        Assert.Equal(0m, Total(await Reader.BalanceRowsAsync("city-a"))[FuelCombustionTce]);
        Assert.Equal(40m, Total(await Reader.BalanceRowsAsync("city-b"))[FuelCombustionTce]);
        Assert.Equal(40m, Total(await Reader.BalanceRowsAsync("shanxi"))[FuelCombustionTce]);
        Assert.Equal("city-b", (await Reader.EntityAsync("mine-a"))!.ParentId);
        Assert.Contains(outcome.Rows, row => row.EntityId == "city-a");
        Assert.DoesNotContain(outcome.Rows, row => row.EntityId == "shanxi");

        static BalanceComponents Total(IReadOnlyList<BalanceRow> rows) => rows.Single(r => r is { Year: 2025, Month: 0, Scope: BalanceScope.Total }).Components;
    }

    [Fact]
    public async Task A_move_committed_by_another_writer_redirects_this_writers_next_rollup()
    {
        // Two writers on one database, as two silos: this one knows mine-a's chain from a commit,
        // the other moves mine-a; this writer's next report must roll up along the new chain.
        await RegisterTreeAsync();
        await Writer.CommitAsync(Register("city-b", "shanxi", "City", 1));
        await Writer.CommitAsync(Report("mine-a", 2, 2025, 4, Components(fuel: 40m)));
        await using (var other = new LedgerWriter(Database, Microsoft.Extensions.Options.Options.Create(Options), NullLogger<LedgerWriter>.Instance))
        {
            await other.CommitAsync(Move("mine-a", "city-a", "city-b", "Mine", 3));
        }

        var outcome = await Writer.CommitAsync(Report("mine-a", 4, 2025, 5, Components(fuel: 7m)));

        Assert.Equal(0m, Year(await Reader.BalanceRowsAsync("city-a")));
        Assert.Equal(47m, Year(await Reader.BalanceRowsAsync("city-b")));
        Assert.Equal(47m, Year(await Reader.BalanceRowsAsync("shanxi")));
        Assert.Contains(outcome.Rows, row => row.EntityId == "city-b");
        Assert.DoesNotContain(outcome.Rows, row => row.EntityId == "city-a");

        static decimal Year(IReadOnlyList<BalanceRow> rows) => rows.Single(r => r is { Year: 2025, Month: 0, Scope: BalanceScope.Total }).Components[FuelCombustionTce];
    }

    [Fact]
    public async Task Concurrent_commits_get_distinct_increasing_sequences()
    {
        await RegisterTreeAsync();
        var entities = Enumerable.Range(0, 10).Select(i => $"ent-{i}").ToList();
        foreach (var id in entities)
        {
            await Writer.CommitAsync(Register(id, "city-a", "Enterprise", 1));
        }

        var commits = entities.SelectMany(id => Enumerable.Range(1, 12).Select(m => Writer.CommitAsync(Report(id, m + 1, 2025, m, Components(fuel: 0.5m))))).ToList();
        var outcomes = await Task.WhenAll(commits);

        Assert.Equal(outcomes.Length, outcomes.Select(o => o.Sequence).Distinct().Count());
        var events = await Reader.EventsAfterAsync(0, 10_000);
        Assert.Equal(events.Select(e => e.Sequence).Order(), events.Select(e => e.Sequence));
        Assert.Equal(60m, (await Reader.BalanceRowsAsync("shanxi")).Single(r => r is { Year: 2025, Month: 0 }).Components[FuelCombustionTce]);
    }

    protected async Task RegisterTreeAsync()
    {
        await Writer.CommitAsync(Register("shanxi", null, "Province", 1));
        await Writer.CommitAsync(Register("city-a", "shanxi", "City", 1));
        await Writer.CommitAsync(Register("mine-a", "city-a", "Mine", 1));
    }

    protected static LedgerCommit Register(string id, string? parent, string kind, long version) => new()
    {
        EntityId = id,
        Version = version,
        Type = "EntityRegistered",
        Payload = $$"""{"id":"{{id}}"}""",
        Actor = "test",
        RecordedAt = s_at,
        Entity = Entity(id, parent, kind, version),
    };

    protected static LedgerCommit Move(string id, string from, string to, string kind, long version) => new()
    {
        Leaf = kind is "Mine" or "Enterprise",
        EntityId = id,
        Version = version,
        Type = "EntityMoved",
        Payload = $$"""{"from":"{{from}}","to":"{{to}}"}""",
        Actor = "test",
        RecordedAt = s_at,
        Entity = Entity(id, to, kind, version),
        MovedFromParentId = from,
    };

    protected static EntityRecord Entity(string id, string? parent, string kind, long version) => new()
    {
        Id = id,
        Kind = kind,
        Name = id,
        NameZh = id,
        ParentId = parent,
        Pilots = "",
        BaseYear = 2020,
        GridRegion = "national",
        Status = "Active",
        Version = version,
        RegisteredAt = s_at,
    };

    /// <summary>A report; the tree's mines are leaves, as the entity grain says of every mine.</summary>
    protected static LedgerCommit Report(string id, long version, int year, int month, BalanceComponents change) => new()
    {
        Leaf = id.StartsWith("mine-", StringComparison.Ordinal),
        EntityId = id,
        Version = version,
        Type = "ReportSubmitted",
        Payload = $$"""{"year":{{year}},"month":{{month}}}""",
        Actor = "test",
        IdempotencyKey = $"key-{year}-{month}",
        RecordedAt = s_at,
        Deltas = [new BalanceDelta(year, month, change)],
    };

    protected static BalanceComponents Components(decimal fuel = 0m, decimal carbon = 0m, decimal valueAdded = 0m) => new()
    {
        Values = new ComponentVector.Builder { [FuelCombustionTce] = fuel, [CombustionCarbonTc] = carbon }.ToVector(),
        ValueAddedWanYuan = valueAdded,
        ReportCount = 1,
        FactorSetCounts = "CN-2024.P1=1",
    };
}
