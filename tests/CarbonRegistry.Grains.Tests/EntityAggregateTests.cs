using CarbonRegistry.Abstractions.DualControl;
using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Accounting.Errors;
using CarbonRegistry.Grains.Ledger;
using CarbonRegistry.Grains.Mapping;
using static CarbonRegistry.Grains.Tests.EntityHarness;

namespace CarbonRegistry.Grains.Tests;

/// <summary>The entity's rules, decided without a silo, a database or a network.</summary>
public sealed class EntityAggregateTests
{
    // 1 t of raw coal is 0.7143 tce (GB/T 2589-2020, Annex A; schema/factors/tables/carriers.json).
    private const decimal TcePerTonneOfCoal = 0.7143m;

    [Fact]
    public void A_registration_is_decided_with_its_entities_row_and_repeating_it_changes_nothing()
    {
        var harness = new EntityHarness("zone-a");
        var registration = Registration("zone-a", EntityKind.Zone, "city-a");

        var decision = harness.Entity.Register(registration, Info(Registration("city-a", EntityKind.City, "shanxi")));

        var registered = Assert.IsType<EntityRegistered>(decision.Event);
        Assert.Equal(registration.Id, registered.Registration.Id);
        Assert.Equal("Zone", registered.Registration.Kind);
        Assert.Equal("zone-a", decision.Entity!.Id);
        Assert.Equal(1, decision.Entity.Version);
        Assert.Null(harness.Entity.Info()); // Deciding changes nothing.

        harness.Commit(decision);
        Assert.Equal(Json(registration), Json(harness.Entity.Info()!.Registration));
        Assert.Null(harness.Entity.Register(registration, null).Event);
        Assert.Equal(RegistryErrorCode.DuplicateEntity, Refused(() => harness.Entity.Register(registration with { Name = "Other" }, null)).Code);
    }

    [Theory]
    [InlineData("other-id", "zone-a", RegistryErrorCode.InvalidEntityId, "id")]
    [InlineData("mine-a", null, RegistryErrorCode.MissingField, "parentId")]
    [InlineData("mine-a", "nowhere", RegistryErrorCode.UnknownParent, "parentId")]
    public void A_registration_with_a_bad_id_or_parent_is_refused(string id, string? parentId, string code, string field)
    {
        var harness = new EntityHarness("mine-a");
        var parent = parentId == "zone-a" ? Info(Registration("zone-a", EntityKind.Zone, "city-a")) : null;

        var error = Refused(() => harness.Entity.Register(Registration(id, EntityKind.Mine, parentId), parent));

        Assert.Equal((code, field), (error.Code, error.Field));
    }

    [Fact]
    public void A_registration_is_refused_under_the_wrong_kind_of_parent_with_a_bad_grid_region_or_with_control_characters()
    {
        var harness = new EntityHarness("mine-a");
        var province = Info(Registration("shanxi", EntityKind.Province, null));
        var zone = Info(Registration("zone-a", EntityKind.Zone, "city-a"));
        var mine = Registration("mine-a", EntityKind.Mine, "shanxi");

        Assert.Equal(RegistryErrorCode.InvalidParentKind, Refused(() => harness.Entity.Register(mine, province)).Code);
        Assert.Equal("gridRegion", Refused(() => harness.Entity.Register(mine with { ParentId = "zone-a", GridRegion = "mars" }, zone)).Field);
        Assert.Equal(RegistryErrorCode.InvalidText, Refused(() => harness.Entity.Register(mine with { ParentId = "zone-a", Name = "a\u0000b" }, zone)).Code);
        Assert.Equal(AccountingErrorCode.InvalidPeriod, Refused(() => harness.Entity.Register(mine with { ParentId = "zone-a", BaseYear = 1900 }, zone)).Code);
    }

    [Fact]
    public void A_first_report_is_decided_with_the_years_factor_set_and_its_own_balance_as_the_delta()
    {
        var harness = Mine();

        var decision = harness.Entity.Submit(Submit(2026, 3, 1_000m));

        var submitted = Assert.IsType<ReportSubmitted>(decision.Event);
        Assert.Equal("CN-2024.P1", submitted.FactorSetId);
        var delta = Assert.Single(decision.Deltas);
        Assert.Equal((2026, 3), (delta.Year, delta.Month));
        Assert.Equal(1_000m * TcePerTonneOfCoal, BalanceMapping.EnergyTce(delta.Change));
        Assert.Equal(delta.Change, decision.OwnBalances!["2026-03"]);
        Assert.Empty(decision.Warnings);
        Assert.Empty(harness.Entity.State.Reports); // Deciding changes nothing.

        harness.Commit(decision);
        Assert.Equal(1_000m * TcePerTonneOfCoal, BalanceMapping.EnergyTce(harness.Entity.State.OwnBalances["2026-03"]));
        Assert.Equal(1, Assert.Single(harness.Entity.ReportVersions(2026, 3)).Version);
    }

    [Fact]
    public void A_month_can_be_reported_once_it_has_ended_in_china_standard_time()
    {
        // 2026-11-30 16:00 UTC is midnight at the start of 1 December in China (UTC+8).
        var harness = Mine(now: new DateTimeOffset(2026, 11, 30, 15, 59, 59, TimeSpan.Zero));
        Assert.Equal(RegistryErrorCode.FuturePeriod, Refused(() => harness.Entity.Submit(Submit(2026, 11, 10m))).Code);

        harness.Clock.Now = new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero);
        Assert.NotNull(harness.Entity.Submit(Submit(2026, 11, 10m)).Event);
        Assert.Equal(RegistryErrorCode.FuturePeriod, Refused(() => harness.Entity.Submit(Submit(2026, 12, 10m))).Code);
        Assert.Equal(AccountingErrorCode.InvalidPeriod, Refused(() => harness.Entity.Submit(Submit(2026, 13, 10m))).Code);
    }

    [Fact]
    public void A_reported_month_takes_amendments_only_and_an_amendment_needs_a_report_and_a_reason()
    {
        var harness = Mine();
        Assert.Equal(RegistryErrorCode.NoReport, Refused(() => harness.Entity.Amend(Amend(2026, 3, 900m))).Code);
        harness.Commit(harness.Entity.Submit(Submit(2026, 3, 1_000m)));

        Assert.Equal(RegistryErrorCode.ReportExists, Refused(() => harness.Entity.Submit(Submit(2026, 3, 900m, key: "again"))).Code);
        Assert.Equal(("MISSING_FIELD", "reason"), Codes(Refused(() => harness.Entity.Amend(Amend(2026, 3, 900m, reason: "  ")))));

        var amended = harness.Commit(harness.Entity.Amend(Amend(2026, 3, 900m, reason: " meter corrected ")));

        Assert.Equal("meter corrected", Assert.IsType<ReportAmended>(amended.Event).Reason);
        Assert.Equal(-100m * TcePerTonneOfCoal, BalanceMapping.EnergyTce(Assert.Single(amended.Deltas).Change));
        Assert.Equal([1, 2], harness.Entity.ReportVersions(2026, 3).Select(v => v.Version));
        Assert.Equal(900m * TcePerTonneOfCoal, BalanceMapping.EnergyTce(harness.Entity.State.OwnBalances["2026-03"]));
    }

    [Fact]
    public void An_amendment_changes_the_same_month_of_the_next_year_through_its_renewable_baseline()
    {
        var harness = Mine();
        harness.Commit(harness.Entity.Submit(Submit(2025, 3, 1_000m)));
        harness.Commit(harness.Entity.Submit(Submit(2026, 3, 1_000m)));

        var amended = harness.Entity.Amend(Amend(2025, 3, 1_000m) with
        {
            Data = Coal(1_000m) with { GridElectricity = new Abstractions.Reports.QuantityInput(100m, "MWh"), OnSiteRenewableElectricity = new Abstractions.Reports.QuantityInput(50m, "MWh") },
        });

        Assert.Equal(["2025-03", "2026-03"], amended.OwnBalances!.Keys.Order());
        Assert.Equal([(2025, 3), (2026, 3)], amended.Deltas.Select(d => (d.Year, d.Month)).Order());
    }

    [Fact]
    public void A_repeated_submission_is_answered_as_the_first_and_a_reused_key_is_refused()
    {
        var harness = Mine();
        var first = harness.Commit(harness.Entity.Submit(Submit(2026, 3, 1_000m, key: "k-1")));

        var again = harness.Entity.Submit(Submit(2026, 3, 1_000m, key: "k-1"));

        Assert.Null(again.Event);
        var replayed = harness.Entity.ReplayedResult(again.Replay!);
        Assert.True(replayed.Replayed);
        Assert.Equal((2026, 3, 1, harness.Committed[^1].Meta.Sequence), (replayed.Year, replayed.Month, replayed.ReportVersion, replayed.Sequence));
        Assert.Equal(BalanceMapping.EnergyTce(first.OwnBalances!["2026-03"]), replayed.Balance.EnergyTce);
        Assert.Equal(RegistryErrorCode.IdempotencyKeyReused, Refused(() => harness.Entity.Submit(Submit(2026, 3, 999m, key: "k-1"))).Code);
        Assert.Equal(RegistryErrorCode.IdempotencyKeyReused, Refused(() => harness.Entity.Submit(Submit(2026, 4, 1_000m, key: "k-1"))).Code);
    }

    [Fact]
    public void A_report_far_from_the_usual_month_is_accepted_with_a_warning_once_three_months_make_a_usual()
    {
        var harness = Mine(unusualFactor: 3m);
        harness.Commit(harness.Entity.Submit(Submit(2026, 1, 1_000m)));
        harness.Commit(harness.Entity.Submit(Submit(2026, 2, 1_000m)));
        Assert.Empty(harness.Entity.Submit(Submit(2026, 3, 10_000m)).Warnings); // Two months are no usual yet.
        harness.Commit(harness.Entity.Submit(Submit(2026, 3, 1_000m)));

        Assert.Empty(harness.Entity.Submit(Submit(2026, 4, 2_999m)).Warnings);
        var high = harness.Entity.Submit(Submit(2026, 4, 3_001m));
        var low = harness.Entity.Submit(Submit(2026, 4, 333m));

        Assert.Equal(("UNUSUAL_VALUE", "energyTce"), (Assert.Single(high.Warnings).Code, high.Warnings[0].Field));
        Assert.Equal(high.Warnings, Assert.IsType<ReportSubmitted>(high.Event).Warnings!.Select(w => w.ToWarning()));
        Assert.Equal("UNUSUAL_VALUE", Assert.Single(low.Warnings).Code);
    }

    [Fact]
    public void A_locked_month_and_a_month_whose_next_year_is_locked_cannot_change()
    {
        var harness = Mine();
        harness.Commit(harness.Entity.Submit(Submit(2025, 3, 1_000m)));
        harness.Commit(harness.Entity.Submit(Submit(2026, 3, 1_000m)));
        harness.Commit(harness.Entity.LockPeriod(2026, 3));

        Assert.Equal(RegistryErrorCode.PeriodLocked, Refused(() => harness.Entity.Amend(Amend(2026, 3, 900m))).Code);
        Assert.Equal(RegistryErrorCode.PeriodLocked, Refused(() => harness.Entity.Amend(Amend(2025, 3, 900m))).Code);
        Assert.Equal(RegistryErrorCode.PeriodLocked, Refused(() => harness.Entity.VerifyPeriod(2026, null)).Code);
        Assert.Equal(RegistryErrorCode.PeriodLocked, Refused(() => harness.Entity.Recalculate(2025, "CN-2024.P1")).Code);
        Assert.Null(harness.Entity.LockPeriod(2026, 3).Event); // Locked already.
        Assert.NotNull(harness.Entity.Submit(Submit(2026, 4, 1_000m)).Event);
        Assert.Equal(PeriodState.Open, harness.Entity.PeriodStatus(2026, null).State);
        Assert.Equal(PeriodState.Locked, harness.Entity.PeriodStatus(2026, 3).State);
    }

    [Fact]
    public void Verifying_a_year_marks_every_month_and_a_year_is_as_far_along_as_its_least_advanced_month()
    {
        var harness = Mine();
        harness.Commit(harness.Entity.VerifyPeriod(2026, null));
        harness.Commit(harness.Entity.LockPeriod(2026, 1));

        Assert.Equal(PeriodState.Verified, harness.Entity.PeriodStatus(2026, null).State);
        Assert.Equal(PeriodState.Locked, harness.Entity.PeriodStatus(2026, 1).State);
        Assert.Equal(PeriodState.Verified, harness.Entity.PeriodStatus(2026, 2).State);
    }

    [Fact]
    public void Targets_are_checked_by_the_accounting_rules_before_they_are_set()
    {
        var harness = Mine();

        var bad = Refused(() => harness.Entity.SetTargets(new TargetsInput { Year = 2026, EnergyCapTce = -1m }));
        var good = harness.Commit(harness.Entity.SetTargets(new TargetsInput { Year = 2026, EnergyCapTce = 10_000m }));

        Assert.Equal((AccountingErrorCode.InvalidTarget, "energyCapTce"), Codes(bad));
        Assert.IsType<TargetsSet>(good.Event);
        Assert.Equal(10_000m, harness.Entity.State.Targets[2026].EnergyCapTce);
    }

    [Theory]
    [InlineData(9999)]
    [InlineData(2032)]
    [InlineData(2019)]
    [InlineData(1900)]
    [InlineData(-1)]
    public void Targets_are_refused_for_a_year_before_the_base_year_or_more_than_five_years_ahead(int year)
    {
        var harness = Mine(); // Base year 2020; the clock is in 2026.

        var error = Refused(() => harness.Entity.SetTargets(new TargetsInput { Year = year, EnergyCapTce = 10_000m }));

        Assert.Equal((AccountingErrorCode.InvalidPeriod, "year"), Codes(error));
        Assert.NotNull(harness.Entity.SetTargets(new TargetsInput { Year = 2031, EnergyCapTce = 10_000m }).Event);
        Assert.NotNull(harness.Entity.SetTargets(new TargetsInput { Year = 2020, EnergyCapTce = 10_000m }).Event);
    }

    [Fact]
    public void A_recalculation_needs_a_known_set_that_covers_the_year_and_pins_the_year_to_it()
    {
        var harness = Mine();
        harness.Commit(harness.Entity.Submit(Submit(2026, 3, 1_000m)));

        Assert.Equal((AccountingErrorCode.UnknownFactorSet, "factorSetId"), Codes(Refused(() => harness.Entity.Recalculate(2026, "XX-1"))));
        Assert.Equal((AccountingErrorCode.FactorNotAvailable, "factorSetId"), Codes(Refused(() => harness.Entity.Recalculate(2026, "CN-2023.1"))));

        var recalculated = harness.Commit(harness.Entity.Recalculate(2026, "CN-2024.P1"));

        Assert.IsType<Recalculated>(recalculated.Event);
        Assert.Empty(recalculated.Deltas); // The same set: nothing changes but the pin.
        Assert.Equal("CN-2024.P1", harness.Entity.State.FactorSetPins[2026]);
        Assert.Equal([3], harness.Entity.ReportedMonths(2026));
    }

    [Fact]
    public void A_move_needs_a_registered_parent_of_the_right_kind_outside_the_entitys_own_subtree()
    {
        var harness = new EntityHarness("zone-a");
        harness.Commit(harness.Entity.Register(Registration("zone-a", EntityKind.Zone, "city-a"), Info(Registration("city-a", EntityKind.City, "shanxi"))));
        var province = Info(Registration("shanxi", EntityKind.Province, null));
        var cityB = Info(Registration("city-b", EntityKind.City, "shanxi"));
        var parkUnderZone = Info(Registration("park-x", EntityKind.Park, "zone-a"));
        var zoneA = Info(Registration("zone-a", EntityKind.Zone, "city-a"));
        var cityA = Info(Registration("city-a", EntityKind.City, "shanxi"));

        Assert.Null(harness.Entity.Move("city-a", []).Event);
        Assert.Equal(RegistryErrorCode.UnknownParent, Refused(() => harness.Entity.Move("city-c", [])).Code);
        Assert.Equal(RegistryErrorCode.MoveCreatesCycle, Refused(() => harness.Entity.Move("park-x", [parkUnderZone, zoneA, cityA, province])).Code);
        Assert.Equal(RegistryErrorCode.InvalidParentKind, Refused(() => harness.Entity.Move("shanxi", [province])).Code);

        var moved = harness.Commit(harness.Entity.Move("city-b", [cityB, province]));

        Assert.Equal(("city-b", "city-a"), (Assert.IsType<EntityMoved>(moved.Event).ToParentId, moved.MovedFromParentId));
        Assert.Equal("city-b", moved.Entity!.ParentId);
        Assert.Equal("city-b", harness.Entity.Info()!.Registration.ParentId);
    }

    [Fact]
    public void The_filing_check_lists_the_ended_months_since_registration_without_a_report()
    {
        var harness = Mine(now: new DateTimeOffset(2026, 8, 20, 0, 0, 0, TimeSpan.Zero));
        harness.Clock.Now = new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero);
        harness.Commit(harness.Entity.Submit(Submit(2026, 9, 1_000m)));

        var overdue = harness.Entity.CheckFiling();

        // July had ended before registration in August: it is not asked for.
        Assert.Equal(3, overdue);
        Assert.Equal(["2026-08", "2026-10", "2026-11"], harness.Entity.FilingStatus().OverduePeriods);
        Assert.Equal(harness.Clock.Now, harness.Entity.FilingStatus().LastCheckedAt);
    }

    [Fact]
    public void Replaying_the_committed_events_from_their_json_rebuilds_the_same_state()
    {
        var harness = Mine();
        harness.Commit(harness.Entity.Submit(Submit(2025, 3, 1_000m)));
        harness.Commit(harness.Entity.Submit(Submit(2026, 3, 1_200m)));
        harness.Commit(harness.Entity.Amend(Amend(2025, 3, 800m)));
        harness.Commit(harness.Entity.SetTargets(new TargetsInput { Year = 2026, CarbonCapTco2e = 5_000m }));
        harness.Commit(harness.Entity.LockPeriod(2025, 3));
        harness.Commit(harness.Entity.Recalculate(2026, "CN-2024.P1"));

        var replayed = harness.Replayed();

        Assert.Equal(harness.Entity.State.Version, replayed.State.Version);
        Assert.Equal(harness.Entity.State.OwnBalances, replayed.State.OwnBalances);
        Assert.Equal(harness.Entity.State.Periods, replayed.State.Periods);
        Assert.Equal(harness.Entity.State.FactorSetPins, replayed.State.FactorSetPins);
        Assert.Equal(harness.Entity.State.Targets, replayed.State.Targets);
        Assert.Equal(Json(harness.Entity.ReportVersions(2025, 3)), Json(replayed.ReportVersions(2025, 3)));
    }

    [Fact]
    public void An_unregistered_entity_refuses_reads_and_writes()
    {
        var harness = new EntityHarness("mine-z");

        Assert.Equal(RegistryErrorCode.UnknownEntity, Refused(() => harness.Entity.Submit(Submit(2026, 3, 1m))).Code);
        Assert.Equal(RegistryErrorCode.UnknownEntity, Refused(() => harness.Entity.CheckRead(2026, 3)).Code);
        Assert.Equal(RegistryErrorCode.UnknownEntity, Refused(() => harness.Entity.Move("zone-a", [])).Code);
        Assert.Null(harness.Entity.Info());
    }

    private static RegistryException Refused(Func<object> decide) => Assert.Throws<RegistryException>(decide);

    private static RegistryException Refused(Action decide) => Assert.Throws<RegistryException>(decide);

    private static string Json(object value) => System.Text.Json.JsonSerializer.Serialize(value, LedgerEvent.Json);

    private static (string Code, string? Field) Codes(RegistryException error) => (error.Code, error.Field);

    [Fact]
    public void A_switch_of_deduction_rule_set_is_replayed_refused_in_a_locked_year_and_reopens_verified_months()
    {
        var catalog = EntityHarness.Catalog.WithDeductions(Accounting.DualControl.DeductionRules.Load(Accounting.Projects.ProjectPolicyLoader.DefaultDirectory));
        var harness = EntityHarness.Mine("mine-s", catalog: catalog);
        harness.Commit(harness.Entity.Submit(Submit(2025, 1, 10m)));
        harness.Commit(harness.Entity.VerifyPeriod(2025, null));
        Assert.Equal("NDRC-NBS-NEA-2024", harness.Entity.DeductionRules().ForYear(2025).Id);

        Assert.Equal(RegistryErrorCode.UnknownDeductionRuleSet, Refused(() => harness.Entity.SwitchDeductionRuleSet(2025, "NO-SUCH-RULE", "why")).Code);
        Assert.Equal(RegistryErrorCode.MissingField, Refused(() => harness.Entity.SwitchDeductionRuleSet(2025, "NDRC-2022-1258", " ")).Code);
        var switched = harness.Commit(harness.Entity.SwitchDeductionRuleSet(2025, "NDRC-2022-1258", " assessed under the 2022 rule "));
        Assert.Equal(new Storage.Ledger.DeductionSwitch(2025, "NDRC-2022-1258"), switched.ToCommit("mine-s", 9, new Abstractions.Reports.Actor("t", "admin"), true).DeductionSwitch);
        Assert.Null(harness.Entity.SwitchDeductionRuleSet(2025, "NDRC-2022-1258", "again").Event);

        // The switch changes the year's figures: its verified month is open again, as after a recalculation.
        Assert.Equal(PeriodState.Open, harness.Entity.PeriodStatus(2025, 1).State);
        var replayed = harness.Replayed();
        Assert.Equal(("NDRC-2022-1258", "NDRC-NBS-NEA-2024"), (replayed.DeductionRules().ForYear(2025).Id, replayed.DeductionRules().ForYear(2026).Id));
        Assert.Equal(PeriodState.Open, replayed.PeriodStatus(2025, 1).State);

        harness.Commit(harness.Entity.LockPeriod(2025, 1));
        Assert.Equal(RegistryErrorCode.PeriodLocked, Refused(() => harness.Entity.SwitchDeductionRuleSet(2025, "NDRC-NBS-NEA-2024", "back")).Code);
        Assert.Null(harness.Entity.SwitchDeductionRuleSet(2025, "NDRC-2022-1258", "as it is").Event); // a locked year already on the set: nothing to do
    }
}
