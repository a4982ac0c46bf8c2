using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.DualControl;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Ledger;
using CarbonRegistry.Abstractions.Queries;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Assessment;
using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.DualControl;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Accounting.Units;
using CarbonRegistry.Accounting.ZeroCarbon;
using CarbonRegistry.Grains.Mapping;

namespace CarbonRegistry.Registry.Tests;

/// <summary>
/// The registry's behaviour through real grains on a real silo; the same suite runs on the
/// embedded SQLite configuration and on PostgreSQL (see <see cref="RegistryHostFixture"/>).
/// </summary>
public abstract class RegistryContract(RegistryHostFixture fixture)
{
    private static readonly Actor s_actor = new("tester", "admin");
    private FactorSetCatalog Factors => fixture.Factors;
    private readonly string _prefix = $"t{Guid.NewGuid():N}"[..12];

    private IGrainFactory Grains => fixture.Host.Grains;

    [Fact]
    public async Task A_report_is_computed_acknowledged_and_rolled_up_to_every_ancestor()
    {
        var (province, city, mine) = await TreeAsync();

        var result = await Grain(mine).SubmitReport(Report(2025, 3, coalTonnes: 1_000m), s_actor);

        var expected = BalanceCalculator.Compute(Expected(2025, 3, 1_000m), Factors);
        Assert.Equal(1, result.ReportVersion);
        Assert.True(result.Sequence > 0);
        Assert.False(result.Replayed);
        Assert.Equal(expected.EnergyTce, result.Balance.EnergyTce);
        Assert.Equal(expected.GrossTco2e, result.Balance.GrossTco2e);
        Assert.Equal("CN-2024.T2", result.Balance.FactorSetId);
        foreach (var id in new[] { mine, city, province })
        {
            var total = await Grain(id).GetBalance(2025, 3, BalanceScope.Total);
            Assert.Equal(expected.GrossTco2e, total.GrossTco2e);
            Assert.Equal(expected.EnergyTce, (await Grain(id).GetBalance(2025, null, BalanceScope.Total)).EnergyTce);
        }

        Assert.Equal(0m, (await Grain(city).GetBalance(2025, 3, BalanceScope.Own)).EnergyTce);
    }

    [Fact]
    public async Task Concurrent_reports_of_many_children_are_each_in_their_ancestors_figures_when_acknowledged()
    {
        // Many commits share a ledger transaction and their ancestors' notices are coalesced; each
        // acknowledgement must still find its own report in the city's and province's figures.
        var (province, city, _) = await TreeAsync();
        var periods = Enumerable.Range(0, 36).Select(i => (Year: 2022 + (i / 12), Month: (i % 12) + 1)).ToList();
        var children = periods.Select((_, i) => $"{_prefix}-c{i}").ToList();
        await Task.WhenAll(children.Select(child => Register(child, EntityKind.Enterprise, city)));

        await Task.WhenAll(children.Select(async (child, i) =>
        {
            var (year, month) = periods[i];
            var result = await Grain(child).SubmitReport(Report(year, month, 10m + i), s_actor);

            // Each child alone reports its month, so the ancestors' month is exactly its report.
            foreach (var ancestor in new[] { city, province })
            {
                var total = await Grain(ancestor).GetBalance(year, month, BalanceScope.Total);
                Assert.Equal(result.Balance.GrossTco2e, total.GrossTco2e);
                Assert.Equal(1, total.ReportCount);
            }
        }));
    }

    [Fact]
    public async Task Retrying_with_the_same_idempotency_key_changes_nothing()
    {
        var (_, city, mine) = await TreeAsync();
        var first = await Grain(mine).SubmitReport(Report(2025, 4, 500m), s_actor);
        var events = await EventCountAsync(mine);

        var again = await Grain(mine).SubmitReport(Report(2025, 4, 500m), s_actor);

        Assert.True(again.Replayed);
        Assert.Equal(first.Sequence, again.Sequence);
        Assert.Equal(first.Balance.GrossTco2e, again.Balance.GrossTco2e);
        Assert.Equal(events, await EventCountAsync(mine));
        Assert.Equal(1, (await Grain(city).GetBalance(2025, 4, BalanceScope.Total)).ReportCount);

        var error = await Assert.ThrowsAsync<RegistryException>(() => Grain(mine).SubmitReport(Report(2025, 4, 501m), s_actor));
        Assert.Equal(RegistryErrorCode.IdempotencyKeyReused, error.Code);
        Assert.Equal(events, await EventCountAsync(mine));
    }

    [Fact]
    public async Task A_month_far_from_the_entity_usual_energy_is_accepted_with_an_unusual_value_warning()
    {
        var (_, _, mine) = await TreeAsync();
        Assert.Empty((await Grain(mine).SubmitReport(Report(2025, 1, 100m), s_actor)).Warnings);
        Assert.Empty((await Grain(mine).SubmitReport(Report(2025, 2, 110m), s_actor)).Warnings);

        // Two other months are not enough to know what is usual.
        Assert.Empty((await Grain(mine).SubmitReport(Report(2025, 3, 5_000m), s_actor)).Warnings);

        // Usual now: the mean of 100, 110 and 5,000 t (1,736.7 t); more than three times that is unusual, and so is less than a third.
        Assert.Empty((await Grain(mine).SubmitReport(Report(2025, 4, 5_200m), s_actor)).Warnings);
        var high = await Grain(mine).SubmitReport(Report(2025, 5, 50_000m), s_actor);
        var low = await Grain(mine).SubmitReport(Report(2025, 6, 10m), s_actor);

        Assert.Equal("UNUSUAL_VALUE", Assert.Single(high.Warnings).Code);
        Assert.Equal("UNUSUAL_VALUE", Assert.Single(low.Warnings).Code);
        Assert.Equal(1, high.ReportVersion);
        Assert.Equal(6, (await Grain(mine).GetBalance(2025, null, BalanceScope.Own)).ReportCount);
    }

    [Fact]
    public async Task Bad_reports_are_rejected_with_stable_codes_and_nothing_is_written()
    {
        var (_, city, mine) = await TreeAsync();
        var now = DateTime.UtcNow.AddHours(8); // reporting months follow China Standard Time
        var cases = new (SubmitReport Report, string Code)[]
        {
            (Report(now.Year, now.Month, 1m), RegistryErrorCode.FuturePeriod),
            (Report(now.Year + 1, 1, 1m), RegistryErrorCode.FuturePeriod),
            (Report(2025, 13, 1m), "INVALID_PERIOD"),
            (Report(2025, 0, 1m), "INVALID_PERIOD"),
            (Report(2025, 5, -1m), "INVALID_QUANTITY"),
            (Report(2025, 5, 1e13m), "INVALID_QUANTITY"),
            (Report(2025, 5, 1m) with { Data = new ReportData { Fuels = [new FuelLine("raw_coal", new QuantityInput(1m, "kWh"))] } }, "UNIT_NOT_VALID"),
            (Report(2025, 5, 1m) with { Data = new ReportData { Fuels = [new FuelLine("raw_coal", new QuantityInput(1m, "barrel"))] } }, "UNKNOWN_UNIT"),
            (Report(2025, 5, 1m) with { Data = new ReportData { Fuels = [new FuelLine("moon_rock", new QuantityInput(1m, "t"))] } }, "UNKNOWN_CARRIER"),
            (Report(2019, 5, 1m), "NO_FACTOR_SET_FOR_YEAR"),
            (Report(2025, 5, 1m) with { IdempotencyKey = " " }, RegistryErrorCode.MissingField),
            (WithProducts(Report(2025, 5, 1m), ("moon_cheese", 1m, "t")), "UNKNOWN_PRODUCT"),
            (WithProducts(Report(2025, 5, 1m), ("coke", 1m, "t"), ("coke", 2m, "t")), "DUPLICATE_PRODUCT"),
            (WithProducts(Report(2025, 5, 1m), ("coke", 1m, "kWh")), "UNIT_NOT_VALID"),
            (WithProducts(Report(2025, 5, 1m), ("coke", 0m, "t")), "INVALID_QUANTITY"),
        };
        var events = await EventCountAsync(mine);

        foreach (var (report, code) in cases)
        {
            var error = await Assert.ThrowsAsync<RegistryException>(() => Grain(mine).SubmitReport(report, s_actor));
            Assert.Equal(code, error.Code);
        }

        Assert.Equal(events, await EventCountAsync(mine));
        Assert.Equal(0, (await Grain(city).GetBalance(2025, null, BalanceScope.Total)).ReportCount);
        var unknown = await Assert.ThrowsAsync<RegistryException>(() => Grain($"{_prefix}-nobody").SubmitReport(Report(2025, 5, 1m), s_actor));
        Assert.Equal(RegistryErrorCode.UnknownEntity, unknown.Code);
    }

    [Fact]
    public async Task Products_give_co2_per_unit_summed_over_a_subtree_and_amendments_replace_them()
    {
        var (_, city, _) = await TreeAsync();
        var (one, two) = ($"{_prefix}-coke1", $"{_prefix}-coke2");
        await Register(one, EntityKind.Enterprise, city);
        await Register(two, EntityKind.Enterprise, city);
        var queries = Grains.GetGrain<IRegistryQueryGrain>(0);

        // One: January 1,000 t of coal for 500 t of coke alone; February 2,000 t of coal for coke
        // (1,000,000 kg = 1,000 t) beside 200 t of methanol, which the rules give no way to split.
        // Two: January 3,000 t of coal for 2,000 t of coke alone.
        await Grain(one).SubmitReport(WithProducts(Report(2025, 1, 1_000m), ("coke", 500m, "t")), s_actor);
        await Grain(one).SubmitReport(WithProducts(Report(2025, 2, 2_000m), ("coke", 1_000_000m, "kg"), ("methanol", 200m, "t")), s_actor);
        await Grain(two).SubmitReport(WithProducts(Report(2025, 1, 3_000m), ("coke", 2_000m, "t")), s_actor);
        var gross = BalanceCalculator.Compute(Expected(2025, 1, 1_000m), Factors).GrossTco2e; // emissions are linear in the coal burned

        var ofOne = await queries.GetProduction(one, 2025);
        Assert.Equal(["coke", "methanol"], ofOne.Select(p => p.Code));
        Assert.Equal((1_500m, 500m, gross, "t"), (ofOne[0].Quantity, ofOne[0].AttributedQuantity, ofOne[0].AttributedTco2e, ofOne[0].Unit));
        Assert.Equal(gross / 500m, ofOne[0].Tco2ePerUnit);
        Assert.Equal((200m, 0m, (decimal?)null), (ofOne[1].Quantity, ofOne[1].AttributedQuantity, ofOne[1].Tco2ePerUnit));

        // The city: 3,500 t of coke, 2,500 t of it stated alone with 1 + 3 = 4 × the emissions of
        // 1,000 t of coal; the per-tonne figure is recomputed from those sums, not averaged.
        var coke = (await queries.GetProduction(city, 2025)).Single(p => p.Code == "coke");
        Assert.Equal((3_500m, 2_500m, 4m * gross, 2), (coke.Quantity, coke.AttributedQuantity, coke.AttributedTco2e, coke.Reporters));
        Assert.Equal(4m * gross / 2_500m, coke.Tco2ePerUnit);

        // An amendment without products takes two's January out of the sums.
        await Grain(two).AmendReport(Amend(2025, 1, 3_000m, "coke was counted by the parent company"), s_actor);
        coke = (await queries.GetProduction(city, 2025)).Single(p => p.Code == "coke");
        Assert.Equal((1_500m, 500m, gross, 1), (coke.Quantity, coke.AttributedQuantity, coke.AttributedTco2e, coke.Reporters));
        Assert.Empty(await queries.GetProduction(two, 2025));
    }

    [Fact]
    public async Task A_zero_carbon_park_is_accepted_on_its_recorded_indicators_and_its_record_replays_from_the_ledger()
    {
        var (_, city, _) = await TreeAsync();
        var park = $"{_prefix}-zcpark";
        await Grain(park).Register(new EntityRegistration { Id = park, Kind = EntityKind.Park, Name = park, NameZh = park, ParentId = city, Pilots = [PilotProgram.NationalZeroCarbonPark] }, s_actor);

        // 2,000,000 MWh of green-certified power: 245,800 tce and no CO2, so the core indicator is met.
        var power = new QuantityInput(2_000_000m, "MWh");
        await Grain(park).SubmitReport(new SubmitReport { Year = 2024, Month = 1, IdempotencyKey = "zc-1", Data = new ReportData { GridElectricity = power, GreenCertifiedElectricity = power } }, s_actor);
        var programme = Grains.GetGrain<IZeroCarbonProgrammeGrain>(LedgerStreamNames.ProgrammeKey(park, "national_zero_carbon_park"));
        await programme.EnterIndicator(2024, "product_energy_grade_2", 1m, "energy audit", s_actor);
        await programme.EnterIndicator(2024, "solid_waste_reuse", 0.9m, "park statistics", s_actor);
        await programme.EnterIndicator(2024, "industrial_water_reuse", 0.85m, "water bureau", s_actor);
        var gate = await Assert.ThrowsAsync<RegistryException>(() => programme.RecordAcceptance(2024, AcceptanceStep.ProvinceReviewed, "SX-1", s_actor));
        Assert.Equal(RegistryErrorCode.AcceptanceGateNotMet, gate.Code); // waste heat: no data, not waived
        await programme.WaiveIndicator(2024, "waste_heat_reuse", "no heat-intensive process", s_actor);
        var reviewed = await programme.RecordAcceptance(2024, AcceptanceStep.ProvinceReviewed, "SX-1", s_actor);
        Assert.Equal(0m, reviewed.Year(2024)!.Acceptance.Single().CoreValues["co2_per_tce"]);

        var management = Grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while ((await management.GetSimpleGrainStatistics()).Any(s => s.GrainType.Contains(nameof(CarbonRegistry.Grains.ZeroCarbon.ZeroCarbonProgrammeGrain), StringComparison.Ordinal) && s.ActivationCount > 0))
        {
            Assert.True(DateTime.UtcNow < deadline, "Programme grains were still active 20 s after a forced collection.");
            await Task.Delay(100);
        }

        var replayed = (await programme.GetRecord()).Year(2024)!;
        Assert.Equal(
            [("industrial_water_reuse", 0.85m, "water bureau"), ("product_energy_grade_2", 1m, "energy audit"), ("solid_waste_reuse", 0.9m, "park statistics")],
            replayed.Entered.Select(e => (e.Indicator, e.Value, e.Source)).Order());
        Assert.Equal(("waste_heat_reuse", "no heat-intensive process", "tester (admin)"), (replayed.Waivers.Single().Indicator, replayed.Waivers.Single().Reason, replayed.Waivers.Single().Actor));
        Assert.Equal((AcceptanceStep.ProvinceReviewed, "SX-1"), (replayed.Acceptance.Single().Step, replayed.Acceptance.Single().Reference));
        var closed = await Assert.ThrowsAsync<RegistryException>(() => programme.EnterIndicator(2024, "solid_waste_reuse", 0.95m, "late", s_actor));
        Assert.Equal(RegistryErrorCode.ProgrammeYearClosed, closed.Code);
        Assert.Equal(AcceptanceStep.NationallyAccepted, (await programme.RecordAcceptance(2024, AcceptanceStep.NationallyAccepted, "NDRC-1", s_actor)).Year(2024)!.Acceptance[^1].Step);
    }

    [Fact]
    public async Task An_assessment_is_published_once_per_set_of_results_and_its_versions_replay_from_the_ledger()
    {
        var (_, city, mine) = await TreeAsync();

        // 2023, twelve months of 100 t of raw coal and 300 × 10^4 yuan (Data): intensity 0.2381 tce
        // per 10^4 yuan against a target of 0.25 less 3% (0.2425), met (40); no cap: no target (0).
        for (var month = 1; month <= 12; month++)
        {
            await Grain(mine).SubmitReport(Report(2023, month, 100m), s_actor);
        }

        await Grain(city).SetTargets(new TargetsInput { Year = 2023, EnergyIntensity = new IntensityTargetInput(2020, 0.25m, 0.03m) }, s_actor);
        var assessment = Grains.GetGrain<IAssessmentGrain>("energy_saving:2023");
        await assessment.EnterJudgement(city, "measures", 45m, "measures reviewed", s_actor);
        var ours = (await assessment.Publish(s_actor)).Published[^1].Results.Single(r => r.EntityId == city);
        Assert.Equal((85m, "Met", false), (ours.Score, ours.Grade, ours.Complete));
        var again = await Assert.ThrowsAsync<RegistryException>(() => assessment.Publish(s_actor));
        Assert.Equal(RegistryErrorCode.AssessmentAlreadyPublished, again.Code);
        var notAssessed = await Assert.ThrowsAsync<RegistryException>(() => assessment.EnterJudgement(mine, "measures", 1m, "x", s_actor));
        Assert.Equal(RegistryErrorCode.NotAssessed, notAssessed.Code);

        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var replayed = await assessment.GetView();
        var published = replayed.Published.Single(p => p.Results.Any(r => r.EntityId == city && r.Score == 85m));
        Assert.Equal(("measures reviewed", 45m), (replayed.Judgements.Single(j => j.EntityId == city).Reason, replayed.Judgements.Single(j => j.EntityId == city).Points));
        Assert.Equal(ScoreStatus.Met, published.Results.Single(r => r.EntityId == city).Indicators[0].Status);
    }

    [Fact]
    public async Task Cities_carbon_budgets_never_add_up_to_more_than_their_provinces_even_when_set_at_once()
    {
        var (province, city, mine) = await TreeAsync();
        var other = $"{_prefix}-city2";
        await Register(other, EntityKind.City, province);
        var budgets = Grains.GetGrain<ICarbonBudgetGrain>($"{province}:2026");

        var missing = await Assert.ThrowsAsync<RegistryException>(() => budgets.SetBudget(city, 600m, "allocation 1", s_actor));
        Assert.Equal(RegistryErrorCode.ProvinceBudgetMissing, missing.Code);
        await budgets.SetBudget(province, 1_000m, "provincial allocation 2026", s_actor);

        // Two cities asking for 600 of 1,000 at once: one gets it, the other is refused.
        var asks = await Task.WhenAll(new[] { city, other }.Select(async id =>
        {
            try
            {
                await budgets.SetBudget(id, 600m, "allocation 1", s_actor);
                return null;
            }
            catch (RegistryException error)
            {
                return error.Code;
            }
        }));
        Assert.Equal([RegistryErrorCode.BudgetExceedsProvince], asks.OfType<string>());
        var after = await budgets.GetBudgets();
        Assert.Equal(600m, after.AllocatedTco2e);

        var loser = after.Cities.Single().EntityId == city ? other : city;
        await budgets.SetBudget(loser, 400m, "allocation 2", s_actor);
        var lower = await Assert.ThrowsAsync<RegistryException>(() => budgets.SetBudget(province, 999m, "cut", s_actor));
        Assert.Equal(RegistryErrorCode.BudgetExceedsProvince, lower.Code);
        var mineRefused = await Assert.ThrowsAsync<RegistryException>(() => budgets.SetBudget(mine, 1m, "x", s_actor));
        Assert.Equal(RegistryErrorCode.NotBudgeted, mineRefused.Code);

        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var replayed = await budgets.GetBudgets();
        Assert.Equal((1_000m, 1_000m, "provincial allocation 2026"), (replayed.Province!.BudgetTco2e, replayed.AllocatedTco2e, replayed.Province.Reason));
    }

    [Fact]
    public async Task Amendments_need_a_reason_keep_old_versions_and_locked_periods_refuse_writes()
    {
        var (_, city, mine) = await TreeAsync();
        await Grain(mine).SubmitReport(Report(2025, 6, 100m), s_actor);

        var noReason = await Assert.ThrowsAsync<RegistryException>(() => Grain(mine).AmendReport(Amend(2025, 6, 200m, " "), s_actor));
        Assert.Equal(RegistryErrorCode.MissingField, noReason.Code);
        var duplicate = await Assert.ThrowsAsync<RegistryException>(() => Grain(mine).SubmitReport(Report(2025, 6, 100m) with { IdempotencyKey = "other" }, s_actor));
        Assert.Equal(RegistryErrorCode.ReportExists, duplicate.Code);

        await Grain(mine).VerifyPeriod(2025, 6, s_actor);
        Assert.Equal(PeriodState.Verified, (await Grain(mine).GetPeriodStatus(2025, 6)).State);
        var amended = await Grain(mine).AmendReport(Amend(2025, 6, 200m, "meter misread"), s_actor);

        Assert.Equal(2, amended.ReportVersion);
        Assert.Equal(PeriodState.Open, (await Grain(mine).GetPeriodStatus(2025, 6)).State);
        var versions = await Grain(mine).GetReportVersions(2025, 6);
        Assert.Equal([1, 2], versions.Select(v => v.Version));
        Assert.Null(versions[0].Reason);
        Assert.Equal("meter misread", versions[1].Reason);
        Assert.Equal(100m, versions[0].Data.Fuels[0].Quantity.Value);
        var expected = BalanceCalculator.Compute(Expected(2025, 6, 200m), Factors);
        Assert.Equal(expected.EnergyTce, (await Grain(city).GetBalance(2025, 6, BalanceScope.Total)).EnergyTce);

        await Grain(mine).LockPeriod(2025, null, s_actor);
        var events = await EventCountAsync(mine);
        var locked = await Assert.ThrowsAsync<RegistryException>(() => Grain(mine).AmendReport(Amend(2025, 6, 300m, "late fix"), s_actor));
        var lockedNew = await Assert.ThrowsAsync<RegistryException>(() => Grain(mine).SubmitReport(Report(2025, 7, 1m), s_actor));
        var lockedRecalc = await Assert.ThrowsAsync<RegistryException>(() => Grain(mine).Recalculate(2025, "CN-2024.P1", s_actor));
        Assert.All(new[] { locked, lockedNew, lockedRecalc }, e => Assert.Equal(RegistryErrorCode.PeriodLocked, e.Code));
        Assert.Equal(events, await EventCountAsync(mine));
        Assert.Equal(PeriodState.Locked, (await Grain(mine).GetPeriodStatus(2025, null)).State);
    }

    [Fact]
    public async Task A_change_that_would_alter_a_locked_month_through_its_baseline_is_refused()
    {
        var (_, _, mine) = await TreeAsync();
        await Grain(mine).SubmitReport(Report(2024, 3, 100m) with { Data = Renewable(100m, 1_000_000m) }, s_actor);
        await Grain(mine).SubmitReport(Report(2025, 3, 100m) with { Data = Renewable(100m, 1_500_000m) }, s_actor);
        await Grain(mine).LockPeriod(2025, 3, s_actor);
        var locked = await Grain(mine).GetBalance(2025, 3, BalanceScope.Own);

        var error = await Assert.ThrowsAsync<RegistryException>(() => Grain(mine).AmendReport(Amend(2024, 3, 100m, "more green power") with { Data = Renewable(100m, 1_200_000m) }, s_actor));

        Assert.Equal(RegistryErrorCode.PeriodLocked, error.Code);
        Assert.Equal(locked, await Grain(mine).GetBalance(2025, 3, BalanceScope.Own));
    }

    [Fact]
    public async Task Each_year_follows_its_deduction_rule_set_and_renewable_growth_needs_a_reported_previous_year()
    {
        var (_, _, mine) = await TreeAsync();

        // 2023 (the 2022 rule): 2023-05 alone has no baseline, so nothing is deducted.
        var first = await Grain(mine).SubmitReport(Report(2023, 5, 100m) with { Data = Renewable(100m, 1_500_000m) }, s_actor);
        Assert.Equal(("NDRC-2022-1258", 0m), (first.Balance.DeductionRuleSetId, first.Balance.RenewableDeductionTce));
        Assert.Equal(first.Balance.EnergyTce, first.Balance.ControlledEnergyTce);

        // 2022-05 filed later with 1,000,000 kWh: 2023-05 now deducts its growth from the total,
        // 500,000 kWh × 0.1229 kgce/kWh = 61.45 tce, but not from intensity (1258号).
        await Grain(mine).SubmitReport(Report(2022, 5, 100m) with { Data = Renewable(100m, 1_000_000m) }, s_actor);
        var grown = await Grain(mine).GetBalance(2023, 5, BalanceScope.Own);
        Assert.Equal(61.45m, grown.RenewableDeductionTce);
        Assert.Equal(grown.EnergyTce - 61.45m, grown.ControlledEnergyTce);
        Assert.Equal(grown.EnergyTce / 300m, grown.EnergyIntensity);

        // 2025 (the 2024 rule): all non-fossil energy, 1,500,000 kWh × 0.1229 = 184.35 tce, from
        // the total and from intensity, with or without a previous year.
        var later = await Grain(mine).SubmitReport(Report(2025, 5, 100m) with { Data = Renewable(100m, 1_500_000m) }, s_actor);
        Assert.Equal(("NDRC-NBS-NEA-2024", 184.35m), (later.Balance.DeductionRuleSetId, later.Balance.NonFossilTce));
        Assert.Equal(later.Balance.EnergyTce - 184.35m, later.Balance.ControlledEnergyTce);
        Assert.Equal((later.Balance.EnergyTce - 184.35m) / 300m, later.Balance.EnergyIntensity);
    }

    [Fact]
    public async Task Texts_with_control_characters_or_over_length_are_refused()
    {
        var (_, city, mine) = await TreeAsync();
        await Grain(mine).SubmitReport(Report(2025, 8, 10m), s_actor);

        var reason = await Assert.ThrowsAsync<RegistryException>(() => Grain(mine).AmendReport(Amend(2025, 8, 11m, "bad\u0000reason"), s_actor));
        var name = await Assert.ThrowsAsync<RegistryException>(() => Register($"{_prefix}-long", EntityKind.Mine, city, new string('x', 201)));

        Assert.Equal(RegistryErrorCode.InvalidText, reason.Code);
        Assert.Equal(RegistryErrorCode.InvalidText, name.Code);
    }

    [Fact]
    public async Task Registration_and_moves_are_validated()
    {
        var (province, city, mine) = await TreeAsync();
        var otherCity = $"{_prefix}-city2";
        await Grain(otherCity).Register(new EntityRegistration { Id = otherCity, Kind = EntityKind.City, Name = "C2", NameZh = "市二", ParentId = province }, s_actor);

        async Task<string> Code(Func<Task> action) => (await Assert.ThrowsAsync<RegistryException>(action)).Code;

        Assert.Equal(RegistryErrorCode.DuplicateEntity, await Code(() => Grain(mine).Register(new EntityRegistration { Id = mine, Kind = EntityKind.Mine, Name = "M", NameZh = "矿", ParentId = city }, s_actor)));

        // A retry of the registration that succeeded succeeds again, writing nothing.
        var events = await EventCountAsync(mine);
        var retried = await Grain(mine).Register(new EntityRegistration { Id = mine, Kind = EntityKind.Mine, Name = mine, NameZh = mine, ParentId = city }, s_actor);
        Assert.Equal(1, retried.Version);
        Assert.Equal(events, await EventCountAsync(mine));
        Assert.Equal(RegistryErrorCode.UnknownParent, await Code(() => Register($"{_prefix}-m9", EntityKind.Mine, $"{_prefix}-ghost")));
        Assert.Equal(RegistryErrorCode.InvalidParentKind, await Code(() => Register($"{_prefix}-z9", EntityKind.Zone, province)));
        Assert.Equal(RegistryErrorCode.InvalidEntityId, await Code(() => Register("Bad Id!", EntityKind.Mine, city)));
        Assert.Equal(RegistryErrorCode.MoveCreatesCycle, await Code(() => Grain(otherCity).Move(otherCity, s_actor)));

        var zone = $"{_prefix}-zone";
        await Register(zone, EntityKind.Zone, city);
        var park = $"{_prefix}-park";
        await Register(park, EntityKind.Park, zone);
        Assert.Equal(RegistryErrorCode.MoveCreatesCycle, await Code(() => Grain(zone).Move(park, s_actor)));
        Assert.Equal(RegistryErrorCode.InvalidParentKind, await Code(() => Grain(otherCity).Move(mine, s_actor)));
        Assert.Null(await Grain($"{_prefix}-m9").GetInfo());

        await Grain(mine).SubmitReport(Report(2025, 2, 700m), s_actor);
        await Grain(mine).Move(otherCity, s_actor);

        Assert.Equal(otherCity, (await Grain(mine).GetInfo())!.Registration.ParentId);
        Assert.Equal(0m, (await Grain(city).GetBalance(2025, 2, BalanceScope.Total)).EnergyTce);
        Assert.Equal((await Grain(mine).GetBalance(2025, 2, BalanceScope.Total)).EnergyTce, (await Grain(otherCity).GetBalance(2025, 2, BalanceScope.Total)).EnergyTce);
        Assert.Contains(await fixture.Host.Reader.EntityEventsAsync(mine, 0), e => e.Type == "EntityMoved");
    }

    [Fact]
    public async Task Children_add_up_to_their_parents_after_random_reports_amendments_and_moves()
    {
        var (province, cityA, _) = await TreeAsync();
        var cityB = $"{_prefix}-cityb";
        await Register(cityB, EntityKind.City, province);
        var zone = $"{_prefix}-zone";
        await Register(zone, EntityKind.Zone, cityA);
        var leaves = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var leaf = $"{_prefix}-e{i}";
            await Register(leaf, EntityKind.Enterprise, (i % 3) switch { 0 => cityA, 1 => cityB, _ => zone });
            leaves.Add(leaf);
        }

        var random = new Random(7);
        var reported = new HashSet<(string, int, int)>();
        for (var step = 0; step < 60; step++)
        {
            var leaf = leaves[random.Next(leaves.Count)];
            var (year, month) = (2024 + random.Next(2), 1 + random.Next(12));
            var amount = random.Next(1, 5_000);
            if (random.Next(10) == 0)
            {
                var target = new[] { cityA, cityB, zone }[random.Next(3)];
                if (target != (await Grain(leaf).GetInfo())!.Registration.ParentId)
                {
                    await Grain(leaf).Move(target, s_actor);
                }
            }
            else if (reported.Add((leaf, year, month)))
            {
                await Grain(leaf).SubmitReport(Report(year, month, amount) with { IdempotencyKey = $"s{step}" }, s_actor);
            }
            else
            {
                await Grain(leaf).AmendReport(Amend(year, month, amount, $"fix {step}") with { IdempotencyKey = $"a{step}" }, s_actor);
            }
        }

        // Every component of every period: parent total = own + Σ children totals, in the read
        // model; and what the grains serve is exactly what the read model holds.
        var rows = (await fixture.Host.Reader.AllBalanceRowsAsync()).ToDictionary(r => (r.EntityId, r.Year, r.Month, r.Scope));
        BalanceComponents Row(string id, int year, int month, BalanceScope scope) =>
            rows.TryGetValue((id, year, month, scope), out var row) ? row.Components : BalanceComponents.Zero;
        foreach (var parent in new[] { province, cityA, cityB, zone })
        {
            var children = (await fixture.Host.Reader.EntitiesAsync()).Where(e => e.ParentId == parent).ToList();
            foreach (var year in new[] { 2024, 2025 })
            {
                foreach (var month in Enumerable.Range(0, 13))
                {
                    // A leaf's total is its own row (the read model keeps no total rows for it).
                    var sum = children.Aggregate(Row(parent, year, month, BalanceScope.Own), (acc, child) => acc.Plus(Row(child.Id, year, month, EntityHierarchy.TotalScope(child.Kind))));
                    var total = Row(parent, year, month, BalanceScope.Total);
                    Assert.Equal(sum with { FactorSetCounts = "" }, total with { FactorSetCounts = "" });
                    Assert.Equal(sum.FactorSetIds, total.FactorSetIds);
                    var served = await Grain(parent).GetBalance(year, month == 0 ? null : month, BalanceScope.Total);
                    Assert.Equal(BalanceMapping.ToView(parent, served.Period, BalanceScope.Total, total, served.Version, Factors.Deductions), served);
                }
            }
        }

        await LedgerReplay.AssertMatchesServedAsync(fixture.Host, Grains, Factors);
    }

    [Fact]
    public async Task Every_entity_deactivated_and_reactivated_from_its_snapshot_serves_what_the_ledger_holds()
    {
        var (_, city, mine) = await TreeAsync();
        var park = $"{_prefix}-park";

        // Collection expressions give the compiler's own list types (a one-element list, an array
        // behind IReadOnlyList): a snapshot must read them back on every engine.
        await Grain(park).Register(new EntityRegistration { Id = park, Kind = EntityKind.Park, Name = park, NameZh = park, ParentId = city, Pilots = [PilotProgram.NationalCarbonPeakPark] }, s_actor);
        await Grain(mine).SubmitReport(Report(2025, 1, 100m) with { Data = Data(100m) with { Fuels = [new FuelLine("raw_coal", new QuantityInput(100m, "t")), new FuelLine("diesel", new QuantityInput(2m, "t"))] } }, s_actor);
        await Grain(mine).SubmitReport(Report(2025, 2, 120m), s_actor);
        await Grain(mine).AmendReport(Amend(2025, 2, 110m, "meter corrected"), s_actor);
        await Grain(mine).SetTargets(new TargetsInput { Year = 2025, EnergyCapTce = 1_000m }, s_actor);
        await Grain(mine).LockPeriod(2025, 1, s_actor);
        var before = await Grain(mine).GetReportVersions(2025, 2);

        var management = Grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await EntityActivationsAsync(management) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "Entity grains were still active 20 s after a forced collection.");
            await Task.Delay(100);
        }

        Assert.Equal([PilotProgram.NationalCarbonPeakPark], (await Grain(park).GetInfo())!.Registration.Pilots);
        Assert.Equal(city, (await Grain(mine).GetInfo())!.Registration.ParentId);
        Assert.Equal(PeriodState.Locked, (await Grain(mine).GetPeriodStatus(2025, 1)).State);
        Assert.Equal(1_000m, (await Grain(mine).GetDualControl(2025)).Targets!.EnergyCapTce);
        var after = await Grain(mine).GetReportVersions(2025, 2);
        Assert.Equal(before.Select(v => (v.Version, v.Reason, v.Sequence, v.Data.Fuels.Count)), after.Select(v => (v.Version, v.Reason, v.Sequence, v.Data.Fuels.Count)));
        Assert.Equal(2, (await Grain(mine).GetReportVersions(2025, 1)).Single().Data.Fuels.Count);
        await LedgerReplay.AssertMatchesServedAsync(fixture.Host, Grains, Factors);
    }

    [Fact]
    public async Task A_zone_moved_with_its_children_while_they_report_keeps_every_rollup_equal_to_the_ledger()
    {
        var (province, cityA, _) = await TreeAsync();
        var cityB = $"{_prefix}-cityb";
        await Register(cityB, EntityKind.City, province);
        var zone = $"{_prefix}-mzone";
        await Register(zone, EntityKind.Zone, cityA);
        var mines = Enumerable.Range(0, 4).Select(i => $"{_prefix}-zm{i}").ToList();
        foreach (var mine in mines)
        {
            await Register(mine, EntityKind.Mine, zone);
            await Grain(mine).SubmitReport(Report(2024, 1, 100m) with { IdempotencyKey = $"{mine}-first" }, s_actor);
        }

        // The children file while the zone moves from city A to B, back to A, and to B for good.
        var reporting = mines.Select(mine => Task.Run(async () =>
        {
            for (var month = 2; month <= 12; month++)
            {
                // A report racing a move of its ancestors is refused whole and retriable; a client retries it, same key.
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await Grain(mine).SubmitReport(Report(2024, month, 50m + month) with { IdempotencyKey = $"{mine}-{month}" }, s_actor);
                        break;
                    }
                    catch (RegistryException error) when (error.Retriable && attempt < 10)
                    {
                        await Task.Delay(10);
                    }
                }
            }
        })).ToList();
        await Grain(zone).Move(cityB, s_actor);
        await Grain(zone).Move(cityA, s_actor);
        await Grain(zone).Move(cityB, s_actor);
        await Task.WhenAll(reporting);

        var zoneTotal = await Grain(zone).GetBalance(2024, null, BalanceScope.Total);
        Assert.Equal(mines.Count * 12, zoneTotal.ReportCount);
        Assert.Equal(zoneTotal.ReportCount, (await Grain(cityB).GetBalance(2024, null, BalanceScope.Total)).ReportCount);
        Assert.Equal(0, (await Grain(cityA).GetBalance(2024, null, BalanceScope.Total)).ReportCount);
        Assert.Equal(zoneTotal.ReportCount, (await Grain(province).GetBalance(2024, null, BalanceScope.Total)).ReportCount);
        await LedgerReplay.AssertMatchesServedAsync(fixture.Host, Grains, Factors);
    }

    [Fact]
    public async Task Targets_give_a_dual_control_status_on_the_rollup()
    {
        var (_, city, mine) = await TreeAsync();
        for (var month = 1; month <= 6; month++)
        {
            await Grain(mine).SubmitReport(Report(2025, month, 1_000m), s_actor);
        }

        var halfYear = await Grain(city).GetBalance(2025, null, BalanceScope.Total);
        var status = await Grain(city).SetTargets(new TargetsInput { Year = 2025, EnergyCapTce = halfYear.ControlledEnergyTce * 2m, CarbonCapTco2e = halfYear.GrossTco2e }, s_actor);

        Assert.Equal(6, status.MonthsReported);
        Assert.Equal(Rating.Green, status.EnergyRating);
        Assert.Equal(Rating.Red, status.CarbonRating);
        Assert.Equal(halfYear.ControlledEnergyTce, status.EnergyTotal!.Expected);
        var invalid = await Assert.ThrowsAsync<RegistryException>(() => Grain(city).SetTargets(new TargetsInput { Year = 2025, EnergyCapTce = -1m }, s_actor));
        Assert.Equal("INVALID_TARGET", invalid.Code);
    }

    [Fact]
    public async Task Recalculation_with_another_factor_set_is_explicit_and_recorded()
    {
        var (_, city, mine) = await TreeAsync();
        await Grain(mine).SubmitReport(Report(2025, 1, 1_000m) with { Data = Data(1_000m) with { GridElectricity = new QuantityInput(1_000_000m, "kWh") } }, s_actor);
        var before = await Grain(city).GetBalance(2025, 1, BalanceScope.Total);

        var wrongYear = await Assert.ThrowsAsync<RegistryException>(() => Grain(mine).Recalculate(2025, "CN-2022.1", s_actor));
        Assert.Equal("FACTOR_NOT_AVAILABLE", wrongYear.Code);
        var unknown = await Assert.ThrowsAsync<RegistryException>(() => Grain(mine).Recalculate(2025, "CN-1900.1", s_actor));
        Assert.Equal("UNKNOWN_FACTOR_SET", unknown.Code);

        var balances = await Grain(mine).Recalculate(2025, "CN-2024.P1", s_actor);

        // The test catalogue's current set for 2025, CN-2024.T2, has a national grid factor of
        // 0.6 kgCO2/kWh; CN-2024.P1 has 0.5306: 1,000,000 kWh × (0.5306 − 0.6) / 1000 = −69.4 t.
        Assert.Equal("CN-2024.P1", Assert.Single(balances).FactorSetId);
        Assert.Equal(before.GrossTco2e - 69.4m, (await Grain(city).GetBalance(2025, 1, BalanceScope.Total)).GrossTco2e);
        Assert.Equal("CN-2024.T2", before.FactorSetId);
        Assert.Contains(await fixture.Host.Reader.EntityEventsAsync(mine, 0), e => e.Type == "Recalculated" && e.Payload.Contains("CN-2024.P1", StringComparison.Ordinal));

        // Later reports of the year keep the set the recalculation chose.
        var later = await Grain(mine).SubmitReport(Report(2025, 2, 10m), s_actor);
        Assert.Equal("CN-2024.P1", later.Balance.FactorSetId);
    }

    [Fact]
    public async Task Listings_rankings_and_audit_trails_come_from_the_read_model()
    {
        var (province, city, mine) = await TreeAsync();
        var leaves = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var leaf = $"{_prefix}-ent{i}";
            await Grain(leaf).Register(new EntityRegistration { Id = leaf, Kind = EntityKind.Enterprise, Name = leaf, NameZh = leaf, ParentId = city, Pilots = i % 2 == 0 ? [PilotProgram.GreenMiningPilot] : [] }, s_actor);
            await Grain(leaf).SubmitReport(Report(2025, 1, 100m * (i + 1)), s_actor);
            leaves.Add(leaf);
        }

        var queries = Grains.GetGrain<IRegistryQueryGrain>(0);

        // Keyset pages of 2 over the 6 children of the city (the mine and 5 enterprises), in id order.
        var seen = new List<string>();
        string? after = null;
        do
        {
            var page = await queries.GetEntities(new EntityFilter { ParentId = city }, 2, after);
            seen.AddRange(page.Items.Select(e => e.Id));
            after = page.HasNextPage ? page.EndCursor : null;
        }
        while (after is not null);
        Assert.Equal(leaves.Append(mine).Order(StringComparer.Ordinal), seen);
        var pilots = await queries.GetEntities(new EntityFilter { ParentId = city, Pilot = PilotProgram.GreenMiningPilot }, 10, null);
        Assert.Equal([leaves[0], leaves[2], leaves[4]], pilots.Items.Select(e => e.Id));
        Assert.Equal([mine], (await queries.GetEntities(new EntityFilter { ParentId = city, Kind = EntityKind.Mine }, 10, null)).Items.Select(e => e.Id));

        // Ranking of the enterprises by gross emissions: the largest report first.
        var ranking = (await queries.GetRanking(2025, RankingMetric.GrossTco2e, EntityKind.Enterprise, 500)).Where(r => r.Entity.Id.StartsWith(_prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(leaves.AsEnumerable().Reverse(), ranking.Select(r => r.Entity.Id));
        Assert.Equal((await Grain(leaves[4]).GetBalance(2025, null, BalanceScope.Total)).GrossTco2e, ranking[0].Value);

        // The audit trail, in pages.
        await Grain(leaves[0]).AmendReport(Amend(2025, 1, 150m, "typo"), s_actor);
        var history = await queries.GetHistory(leaves[0], 2, 0);
        Assert.True(history.HasNextPage);
        Assert.Equal(["EntityRegistered", "ReportSubmitted"], history.Events.Select(e => e.Type));
        var rest = await queries.GetHistory(leaves[0], 10, history.Events[^1].Sequence);
        Assert.Equal("ReportAmended", Assert.Single(rest.Events).Type);
        Assert.Contains("typo", rest.Events[0].Payload, StringComparison.Ordinal);
        Assert.Equal("tester (admin)", rest.Events[0].Actor);

        Assert.Contains(await queries.GetFactorSets(), set => set.Id == "CN-2024.P1" && !set.Current && set.NationalGridFactor == 0.5306m);
        Assert.Equal(await Grain(city).GetBalance(2025, 1, BalanceScope.Total), await queries.GetStoredBalance(city, 2025, 1, BalanceScope.Total));
        Assert.Equal(await Grain(city).GetBalance(2025, null, BalanceScope.Own), await queries.GetStoredBalance(city, 2025, null, BalanceScope.Own));
        var badPage = await Assert.ThrowsAsync<RegistryException>(() => queries.GetEntities(new EntityFilter(), 501, null));
        Assert.Equal(RegistryErrorCode.InvalidPage, badPage.Code);
        var badCursor = await Assert.ThrowsAsync<RegistryException>(() => queries.GetEntities(new EntityFilter(), 5, "not-a-cursor"));
        Assert.Equal(RegistryErrorCode.InvalidPage, badCursor.Code);
        Assert.Equal(province, (await queries.GetEntities(new EntityFilter { Kind = EntityKind.Province }, 500, null)).Items.Single(e => e.Id == province).Id);
    }

    protected async Task<(string Province, string City, string Mine)> TreeAsync()
    {
        var province = $"{_prefix}-prov";
        var city = $"{_prefix}-city";
        var mine = $"{_prefix}-mine";
        await Register(province, EntityKind.Province, null);
        await Register(city, EntityKind.City, province);
        await Register(mine, EntityKind.Mine, city);
        return (province, city, mine);
    }

    protected Task Register(string id, EntityKind kind, string? parent, string? name = null) =>
        Grain(id).Register(new EntityRegistration { Id = id, Kind = kind, Name = name ?? id, NameZh = id, ParentId = parent }, s_actor);

    private static ReportData Renewable(decimal coalTonnes, decimal onSiteKwh) =>
        Data(coalTonnes) with { OnSiteRenewableElectricity = new QuantityInput(onSiteKwh, "kWh") };

    private static async Task<int> EntityActivationsAsync(IManagementGrain management) =>
        (await management.GetSimpleGrainStatistics()).Where(s => s.GrainType.Contains(nameof(CarbonRegistry.Grains.Entities.EntityGrain), StringComparison.Ordinal)).Sum(s => s.ActivationCount);

    protected IEntityGrain Grain(string id) => Grains.GetGrain<IEntityGrain>(id);

    private async Task<int> EventCountAsync(string id) => (await fixture.Host.Reader.EntityEventsAsync(id, 0)).Count;

    private static SubmitReport Report(int year, int month, decimal coalTonnes) =>
        new() { Year = year, Month = month, IdempotencyKey = $"k-{year}-{month}", Data = Data(coalTonnes) };

    private static AmendReport Amend(int year, int month, decimal coalTonnes, string reason) =>
        new() { Year = year, Month = month, IdempotencyKey = $"amend-{year}-{month}-{coalTonnes}", Reason = reason, Data = Data(coalTonnes) };

    private static ReportData Data(decimal coalTonnes) => new()
    {
        Fuels = [new FuelLine("raw_coal", new QuantityInput(coalTonnes, "t"))],
        ValueAdded = new QuantityInput(coalTonnes * 3m, "10^4 yuan"),
    };

    private static SubmitReport WithProducts(SubmitReport report, params (string Code, decimal Value, string Unit)[] products) =>
        report with { Data = report.Data with { Products = [.. products.Select(p => new ProductLine(p.Code, new QuantityInput(p.Value, p.Unit)))] } };

    private static MonthlyReport Expected(int year, int month, decimal coalTonnes) => new()
    {
        Year = year,
        Month = month,
        Fuels = [new FuelConsumption("raw_coal", new Quantity(coalTonnes, Unit.Tonne))],
        ValueAdded = new Quantity(coalTonnes * 3m, Unit.TenThousandYuan),
    };

}
