using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Ledger;
using CarbonRegistry.Abstractions.Recalculation;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Accounting.Units;
using CarbonRegistry.Grains.Ledger;
using CarbonRegistry.Grains.Recalculation;
using CarbonRegistry.Testing;

namespace CarbonRegistry.Registry.Tests;

/// <summary>
/// Province-wide recalculation as one recorded job, on each engine: every entity of the subtree
/// recalculated once, a locked one refused and reported, the figures rolled up with the new set,
/// a second run finding the reported entities unchanged, a job switching the year's deduction rule
/// set, and a job interrupted after a batch resuming where its events stop.
/// </summary>
public abstract class RecalculationJobContract(RegistryHostFixture fixture)
{
    private static readonly Actor s_actor = new("tester", "admin");
    private readonly string _prefix = $"j{Guid.NewGuid():N}"[..12];

    private IGrainFactory Grains => fixture.Host.Grains;

    [Fact]
    public async Task A_subtree_year_is_recalculated_entity_by_entity_as_one_recorded_job()
    {
        var (province, city, children) = await TreeAsync(20);
        await Grain(children[0]).LockPeriod(2025, null, s_actor);
        var job = Grains.GetGrain<IRecalculationJobGrain>($"{_prefix}-job");

        var started = await job.Start(province, 2025, "CN-2024.P1", s_actor);
        Assert.Equal(2 + children.Count, started.Total);
        var done = await FinishedAsync(job);

        // Province and city (nothing reported: the year is pinned) and 19 enterprises recalculated;
        // the locked one refused, its figures left with the set they had.
        Assert.Equal((21, 0), (done.Recalculated, done.Unchanged));
        var refused = Assert.Single(done.Failures);
        Assert.Equal((children[0], RegistryErrorCode.PeriodLocked), (refused.EntityId, refused.Code));
        var withP1 = BalanceCalculator.Compute(Expected(), fixture.Factors.Get("CN-2024.P1"), new BalanceOptions());
        var withT2 = BalanceCalculator.Compute(Expected(), fixture.Factors.Get("CN-2024.T2"), new BalanceOptions());
        Assert.NotEqual(withP1.GrossTco2e, withT2.GrossTco2e);
        Assert.Equal((19 * withP1.GrossTco2e) + withT2.GrossTco2e, (await Grain(province).GetBalance(2025, 1, BalanceScope.Total)).GrossTco2e);
        foreach (var child in children.Skip(1))
        {
            Assert.Single(await EventsAsync(child), e => e == nameof(Recalculated));
        }

        Assert.DoesNotContain(nameof(Recalculated), await EventsAsync(children[0]));
        var batches = (started.Total + RecalculationJobGrain.BatchSize - 1) / RecalculationJobGrain.BatchSize;
        Assert.Equal([nameof(RecalculationStarted), .. Enumerable.Repeat(nameof(RecalculationProgressed), batches), nameof(RecalculationFinished)], await EventsAsync(LedgerStreamNames.Recalculation($"{_prefix}-job")));

        // Starting it again answers the job as it is; other arguments under its id are refused.
        var restarted = await job.Start(province, 2025, "CN-2024.P1", s_actor);
        Assert.Equal((RecalculationStatus.Finished, done.Recalculated, done.FinishedAt), (restarted.Status, restarted.Recalculated, restarted.FinishedAt));
        Assert.Equal(batches + 2, (await EventsAsync(LedgerStreamNames.Recalculation($"{_prefix}-job"))).Count);
        var exists = await Assert.ThrowsAsync<RegistryException>(() => job.Start(province, 2025, "CN-2024.T2", s_actor));
        Assert.Equal(RegistryErrorCode.RecalculationJobExists, exists.Code);

        // A second job finds every entity but the locked one pinned to the set already: nothing to record.
        var again = await FinishedAsync(Grains.GetGrain<IRecalculationJobGrain>($"{_prefix}-again"), province, 2025, "CN-2024.P1");
        Assert.Equal((0, 21, 1), (again.Recalculated, again.Unchanged, again.Failures.Count));
        foreach (var child in children.Skip(1))
        {
            Assert.Single(await EventsAsync(child), e => e == nameof(Recalculated));
        }
    }

    [Fact]
    public async Task A_job_with_a_deduction_rule_set_switches_each_entitys_year_as_an_event_of_its_own()
    {
        var (province, city, children) = await TreeAsync(3);
        var unknown = await Assert.ThrowsAsync<RegistryException>(() => Grains.GetGrain<IRecalculationJobGrain>($"{_prefix}-bad").Start(province, 2025, "CN-2024.P1", s_actor, "NO-SUCH-RULE"));
        Assert.Equal(RegistryErrorCode.UnknownDeductionRuleSet, unknown.Code);

        // 2025 is the 2024 rule's year; the job switches the subtree to the 2022 rule.
        Assert.Equal("NDRC-NBS-NEA-2024", (await Grain(city).GetBalance(2025, null, BalanceScope.Total)).DeductionRuleSetId);
        var done = await FinishedAsync(Grains.GetGrain<IRecalculationJobGrain>($"{_prefix}-switch"), province, 2025, "CN-2024.P1", "NDRC-2022-1258");
        Assert.Equal((5, 0, 0, "NDRC-2022-1258"), (done.Recalculated, done.Unchanged, done.Failures.Count, done.DeductionRuleSetId));
        foreach (var id in children.Prepend(city).Prepend(province))
        {
            Assert.Equal("NDRC-2022-1258", (await Grain(id).GetBalance(2025, null, BalanceScope.Total)).DeductionRuleSetId);
            Assert.Single(await EventsAsync(id), e => e == nameof(DeductionRuleSetSwitched));
        }

        // After a restart of the grain the switch is replayed from the ledger.
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal("NDRC-2022-1258", (await Grain(children[0]).GetBalance(2025, 1, BalanceScope.Own)).DeductionRuleSetId);

        // The same again finds everything switched and pinned: nothing recorded.
        var again = await FinishedAsync(Grains.GetGrain<IRecalculationJobGrain>($"{_prefix}-switch-again"), province, 2025, "CN-2024.P1", "NDRC-2022-1258");
        Assert.Equal((0, 5), (again.Recalculated, again.Unchanged));
        Assert.Single(await EventsAsync(city), e => e == nameof(DeductionRuleSetSwitched));
    }

    [Fact]
    public async Task A_job_interrupted_after_a_batch_resumes_with_the_entities_no_batch_recorded()
    {
        var (_, city, children) = await TreeAsync(5);
        var entities = children.Prepend(city).ToList();

        // The job's own events, as a process that died after its first batch left them.
        var stream = LedgerStreamNames.Recalculation($"{_prefix}-resumed");
        await Commit(stream, 1, new RecalculationStarted(city, 2025, "CN-2024.P1", entities, s_actor.Subject, s_actor.Role));
        await Commit(stream, 2, new RecalculationProgressed([city, children[0]], [], []));

        var job = Grains.GetGrain<IRecalculationJobGrain>($"{_prefix}-resumed");
        var view = await FinishedAsync(job);
        Assert.Equal((6, 6, 0), (view.Total, view.Recalculated, view.Failures.Count));
        Assert.DoesNotContain(nameof(Recalculated), await EventsAsync(children[0]));
        foreach (var child in children.Skip(1))
        {
            Assert.Single(await EventsAsync(child), e => e == nameof(Recalculated));
            Assert.Equal("CN-2024.P1", (await Grain(child).GetBalance(2025, 1, BalanceScope.Own)).FactorSetId);
        }
    }

    private async Task<RecalculationJobView> FinishedAsync(IRecalculationJobGrain job, string? root = null, int year = 0, string? set = null, string? deductionRuleSetId = null)
    {
        if (root is not null)
        {
            await job.Start(root, year, set!, s_actor, deductionRuleSetId);
        }

        RecalculationJobView? view = null;
        await Poll.UntilAsync(async () => (view = await job.GetView()) is { Status: RecalculationStatus.Finished }, TimeSpan.FromSeconds(60), "the recalculation job to finish");
        Assert.Equal(view!.Total, view.Done);
        return view;
    }

    private async Task<(string Province, string City, List<string> Children)> TreeAsync(int children)
    {
        var (province, city) = ($"{_prefix}-prov", $"{_prefix}-city");
        await Register(province, EntityKind.Province, null);
        await Register(city, EntityKind.City, province);
        var ids = Enumerable.Range(0, children).Select(i => $"{_prefix}-e{i:D2}").ToList();
        await Task.WhenAll(ids.Select(id => Register(id, EntityKind.Enterprise, city)));
        await Task.WhenAll(ids.Select(id => Grain(id).SubmitReport(new SubmitReport { Year = 2025, Month = 1, IdempotencyKey = "jan", Data = Data() }, s_actor)));
        return (province, city, ids);
    }

    private Task Commit(string stream, long version, LedgerEvent ledgerEvent) =>
        LedgerStreams.CommitAsync(fixture.Host.Writer, stream, version, ledgerEvent, DateTimeOffset.UtcNow, s_actor);

    private async Task<List<string>> EventsAsync(string stream) => [.. (await fixture.Host.Reader.EntityEventsAsync(stream, 0)).Select(e => e.Type)];

    private IEntityGrain Grain(string id) => Grains.GetGrain<IEntityGrain>(id);

    private Task Register(string id, EntityKind kind, string? parent) =>
        Grain(id).Register(new EntityRegistration { Id = id, Kind = kind, Name = id, NameZh = id, ParentId = parent }, s_actor);

    // 100 t of raw coal and 50,000 kWh from the national grid: the grid factor is where the sets differ.
    private static ReportData Data() => new()
    {
        Fuels = [new FuelLine("raw_coal", new QuantityInput(100m, "t"))],
        GridElectricity = new QuantityInput(50_000m, "kWh"),
    };

    private static MonthlyReport Expected() => new()
    {
        Year = 2025,
        Month = 1,
        Fuels = [new FuelConsumption("raw_coal", new Quantity(100m, Unit.Tonne))],
        GridElectricity = new Quantity(50_000m, Unit.KilowattHour),
    };
}

[Collection(SqliteRegistryCollection.Name)]
public sealed class SqliteRecalculationJobTests(SqliteRegistryFixture fixture) : RecalculationJobContract(fixture);

[Collection(PostgresRegistryCollection.Name)]
public sealed class PostgresRecalculationJobTests(PostgresRegistryFixture fixture) : RecalculationJobContract(fixture);

[Collection(PostgresCopyRegistryCollection.Name)]
public sealed class PostgresCopyRecalculationJobTests(PostgresCopyRegistryFixture fixture) : RecalculationJobContract(fixture);
