using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Production;
using CarbonRegistry.Accounting.Projects;
using CarbonRegistry.Grains.Entities;

namespace CarbonRegistry.Grains.Tests;

/// <summary>A clock the test sets.</summary>
internal sealed class TestClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// One entity's aggregate with the shipped factor sets and a set clock, and the ledger's part of a
/// commit (a sequence and a version per event) so that decisions can be folded in as the grain
/// folds them after a commit. The events committed are kept, to be replayed into a fresh aggregate.
/// </summary>
internal sealed class EntityHarness
{
    public static readonly FactorSetCatalog Catalog = FactorSetLoader.LoadDirectory(FactorSetLoader.DefaultDirectory);
    public static readonly ProductCatalog Products = ProductCatalog.Load(ProjectPolicyLoader.DefaultDirectory);

    private readonly FactorSetCatalog _catalog;
    private long _sequence;

    public EntityHarness(string id, DateTimeOffset? now = null, decimal unusualFactor = 3m, FactorSetCatalog? catalog = null)
    {
        // 2026-12-02 12:00 in China: November 2026 is the latest month that can be reported.
        Clock = new TestClock(now ?? new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero));
        UnusualFactor = unusualFactor;
        _catalog = catalog ?? Catalog;
        Entity = new EntityAggregate(id, new EntityState(), _catalog, Products, Clock, unusualFactor);
    }

    public TestClock Clock { get; }

    public decimal UnusualFactor { get; }

    public EntityAggregate Entity { get; }

    public List<(Ledger.LedgerEvent Event, EventMeta Meta)> Committed { get; } = [];

    /// <summary>Folds a decision's event in, as the grain does once the ledger has it.</summary>
    public EntityDecision Commit(EntityDecision decision)
    {
        if (decision.Event is { } ledgerEvent)
        {
            var meta = new EventMeta(++_sequence, Entity.State.Version + 1, "tester (admin)", decision.At, decision.IdempotencyKey);
            Entity.Apply(ledgerEvent, meta, decision.Report);
            Committed.Add((ledgerEvent, meta));
        }

        return decision;
    }

    /// <summary>A fresh aggregate that has replayed every committed event from its JSON, as an activation does.</summary>
    public EntityAggregate Replayed()
    {
        var replayed = new EntityAggregate(Entity.Id, new EntityState(), _catalog, Products, Clock, UnusualFactor);
        foreach (var (ledgerEvent, meta) in Committed)
        {
            replayed.Apply(Ledger.LedgerEvent.FromJson(ledgerEvent.ToJson()), meta);
        }

        return replayed;
    }

    public static EntityRegistration Registration(string id, EntityKind kind, string? parentId) => new()
    {
        Id = id,
        Kind = kind,
        Name = "Test " + id,
        NameZh = "测试" + id,
        ParentId = parentId,
        GridRegion = "north_china",
    };

    public static EntityInfo Info(EntityRegistration registration) => new()
    {
        Registration = registration,
        Status = EntityStatus.Active,
        Version = 1,
        RegisteredAt = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    /// <summary>A registered mine under zone <c>zone-a</c> of city <c>city-a</c>.</summary>
    public static EntityHarness Mine(string id = "mine-a", DateTimeOffset? now = null, decimal unusualFactor = 3m, FactorSetCatalog? catalog = null)
    {
        var harness = new EntityHarness(id, now, unusualFactor, catalog);
        harness.Commit(harness.Entity.Register(Registration(id, EntityKind.Mine, "zone-a"), Info(Registration("zone-a", EntityKind.Zone, "city-a"))));
        return harness;
    }

    public static ReportData Coal(decimal tonnes) => new()
    {
        Fuels = [new FuelLine("raw_coal", new QuantityInput(tonnes, "t"))],
    };

    public static SubmitReport Submit(int year, int month, decimal coalTonnes, string? key = null) => new()
    {
        Year = year,
        Month = month,
        IdempotencyKey = key ?? $"submit-{year}-{month}",
        Data = Coal(coalTonnes),
    };

    public static AmendReport Amend(int year, int month, decimal coalTonnes, string reason = "meter corrected", string? key = null) => new()
    {
        Year = year,
        Month = month,
        IdempotencyKey = key ?? $"amend-{year}-{month}-{coalTonnes}",
        Reason = reason,
        Data = Coal(coalTonnes),
    };
}
