using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Projects;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Errors;
using CarbonRegistry.Accounting.Projects;
using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Grains.Ledger;
using CarbonRegistry.Grains.Projects;

namespace CarbonRegistry.Grains.Tests;

/// <summary>The rules of the two-high project ledger (policy.md sections 1 and 2), without a silo or a database.</summary>
public sealed class ProjectAggregateTests
{
    private static readonly ProjectPolicy s_policy = ProjectPolicyLoader.LoadDirectory(ProjectPolicyLoader.DefaultDirectory);

    private static readonly EntityInfo[] s_linfenChain = [Info("linfen", EntityKind.City, "shanxi"), Info("shanxi", EntityKind.Province, null)];

    private static readonly EntityInfo[] s_datongChain = [Info("datong", EntityKind.City, "shanxi"), Info("shanxi", EntityKind.Province, null)];

    private readonly TestClock _clock = new(new DateTimeOffset(2026, 12, 7, 4, 0, 0, TimeSpan.Zero));
    private readonly List<(LedgerEvent Event, long Version, DateTimeOffset At)> _committed = [];

    [Fact]
    public void Figures_are_computed_as_a_report_is_and_coal_is_counted_in_physical_tonnes()
    {
        // 100,000 t of raw coal burned and 50,000 t as feedstock: 150,000 t counted (Shanxi counts
        // raw material); energy 150,000 t × 0.7143 tce/t = 107,145 tce, at or above 50,000 tce:
        // national window guidance. Linfen is a Fen-Wei city: ratio 1.0, so 150,000 t required.
        var project = Registered("p-coal", s_linfenChain, Proposed(raw: 100_000m, feedstock: 50_000m));

        var view = project.View()!;

        Assert.Equal(107_145m, view.Figures.EnergyTce);
        Assert.Equal(100_000m, view.Figures.CoalFuelTonnes);
        Assert.Equal(50_000m, view.Figures.CoalFeedstockTonnes);
        Assert.True(view.Figures.Co2Tco2e > 0m);
        Assert.True(view.Flags.NationalWindowGuidance);
        Assert.Equal("linfen", view.CityId);
        Assert.Equal(SubstitutionStatus.Open, view.Substitution.Status);
        Assert.Equal(1.0m, view.Substitution.Ratio);
        Assert.Equal(150_000m, view.Substitution.RequiredTonnes);
    }

    [Fact]
    public void Below_the_window_guidance_threshold_no_flag_is_raised()
    {
        // 60,000 t × 0.7143 = 42,858 tce < 50,000.
        var project = Registered("p-small", s_linfenChain, Proposed(raw: 60_000m));

        Assert.False(project.View()!.Flags.NationalWindowGuidance);
    }

    [Fact]
    public void Outside_the_Fen_Wei_cities_the_ratio_is_unknown_and_production_cannot_be_checked()
    {
        var project = Registered("p-datong", s_datongChain, Proposed(raw: 10_000m) with { Stage = ProjectStage.UnderConstruction });

        Assert.Equal(SubstitutionStatus.RatioUnknown, project.View()!.Substitution.Status);
        Assert.Null(project.View()!.Substitution.RequiredTonnes);
        Assert.Equal(RegistryErrorCode.SubstitutionRatioUnknown, Refused(() => project.Transition(ProjectTransition.StartProduction, "ready")));
    }

    [Fact]
    public void A_project_without_counted_coal_needs_no_substitution()
    {
        var registration = Proposed(raw: 0m) with { AnnualUse = new ReportData { Fuels = [new FuelLine("natural_gas", new QuantityInput(1_000_000m, "m3"))] }, Stage = ProjectStage.UnderConstruction };
        var project = Registered("p-gas", s_linfenChain, registration);

        Assert.Equal(SubstitutionStatus.NotRequired, project.View()!.Substitution.Status);
        Commit(project, project.Transition(ProjectTransition.StartProduction, "commissioned"));
        Assert.Equal(ProjectStage.Existing, project.State.Stage);
    }

    [Theory]
    [InlineData(ProjectStage.Proposed, ProjectTransition.StartConstruction, RegistryErrorCode.ReviewNotApproved)]
    [InlineData(ProjectStage.Proposed, ProjectTransition.StartProduction, RegistryErrorCode.TransitionNotAllowed)]
    [InlineData(ProjectStage.Proposed, ProjectTransition.Reject, null)]
    [InlineData(ProjectStage.Proposed, ProjectTransition.Close, RegistryErrorCode.TransitionNotAllowed)]
    [InlineData(ProjectStage.UnderConstruction, ProjectTransition.StartConstruction, RegistryErrorCode.TransitionNotAllowed)]
    [InlineData(ProjectStage.UnderConstruction, ProjectTransition.StartProduction, RegistryErrorCode.SubstitutionNotVerified)]
    [InlineData(ProjectStage.UnderConstruction, ProjectTransition.Reject, RegistryErrorCode.TransitionNotAllowed)]
    [InlineData(ProjectStage.UnderConstruction, ProjectTransition.Close, null)]
    [InlineData(ProjectStage.Existing, ProjectTransition.StartConstruction, RegistryErrorCode.TransitionNotAllowed)]
    [InlineData(ProjectStage.Existing, ProjectTransition.StartProduction, RegistryErrorCode.TransitionNotAllowed)]
    [InlineData(ProjectStage.Existing, ProjectTransition.Reject, RegistryErrorCode.TransitionNotAllowed)]
    [InlineData(ProjectStage.Existing, ProjectTransition.Close, null)]
    [InlineData(ProjectStage.Rejected, ProjectTransition.StartConstruction, RegistryErrorCode.TransitionNotAllowed)]
    [InlineData(ProjectStage.Rejected, ProjectTransition.StartProduction, RegistryErrorCode.TransitionNotAllowed)]
    [InlineData(ProjectStage.Rejected, ProjectTransition.Reject, RegistryErrorCode.TransitionNotAllowed)]
    [InlineData(ProjectStage.Rejected, ProjectTransition.Close, RegistryErrorCode.TransitionNotAllowed)]
    [InlineData(ProjectStage.Closed, ProjectTransition.StartConstruction, RegistryErrorCode.TransitionNotAllowed)]
    [InlineData(ProjectStage.Closed, ProjectTransition.StartProduction, RegistryErrorCode.TransitionNotAllowed)]
    [InlineData(ProjectStage.Closed, ProjectTransition.Reject, RegistryErrorCode.TransitionNotAllowed)]
    [InlineData(ProjectStage.Closed, ProjectTransition.Close, RegistryErrorCode.TransitionNotAllowed)]
    public void Every_stage_by_every_transition(ProjectStage stage, ProjectTransition transition, string? refusedWith)
    {
        // A project in each stage, reached through the ledger; it burns 1,000 t of coal in Linfen,
        // with no source verified, so production is refused for the substitution.
        var project = InStage(stage);
        var version = project.State.Version;

        if (refusedWith is null)
        {
            Commit(project, project.Transition(transition, "as decided"));
            Assert.Equal(version + 1, project.State.Version);
        }
        else
        {
            Assert.Equal(refusedWith, Refused(() => project.Transition(transition, "as decided")));
            Assert.Equal(stage, project.State.Stage);
            Assert.Equal(version, project.State.Version);
        }
    }

    [Fact]
    public void A_round_is_approved_only_when_every_department_approves_and_construction_may_then_start()
    {
        var project = Registered("p-review", s_linfenChain, Proposed(raw: 1_000m));
        Commit(project, project.OpenReviewRound());
        var departments = s_policy.Departments.Select(d => d.Code).ToList();

        foreach (var department in departments.SkipLast(1))
        {
            Commit(project, project.SignOff(new SignOffInput(department, true, "fine"), $"reviewer-{department}"));
            Assert.Equal(ReviewStatus.Open, project.State.LatestRound!.Status);
            Assert.Equal(RegistryErrorCode.ReviewNotApproved, Refused(() => project.Transition(ProjectTransition.StartConstruction, "go")));
        }

        Commit(project, project.SignOff(new SignOffInput(departments[^1], true, "fine"), "last"));

        Assert.Equal(ReviewStatus.Approved, project.State.LatestRound!.Status);
        Commit(project, project.Transition(ProjectTransition.StartConstruction, "approved by the joint review"));
        Assert.Equal(ProjectStage.UnderConstruction, project.State.Stage);
    }

    [Fact]
    public void In_a_frozen_region_only_the_approval_that_would_complete_the_round_is_refused()
    {
        var project = Registered("p-frozen", s_linfenChain, Proposed(raw: 1_000m));
        Commit(project, project.OpenReviewRound());
        var departments = s_policy.Departments.Select(d => d.Code).ToList();

        // Approvals before the last, and any rejection, are not approvals of the project.
        foreach (var department in departments.SkipLast(1))
        {
            Commit(project, project.SignOff(new SignOffInput(department, true, "fine"), department, restriction: ApprovalRestriction.Freeze("linfen")));
        }

        Assert.Equal(RegistryErrorCode.ApprovalsFrozen, Refused(() => project.SignOff(new SignOffInput(departments[^1], true, "fine"), "last", restriction: ApprovalRestriction.Freeze("linfen"))));
        Commit(project, project.SignOff(new SignOffInput(departments[^1], true, "fine"), "last", restriction: null));
        Assert.Equal(ReviewStatus.Approved, project.State.LatestRound!.Status);

        var major = Registered("p-major", s_linfenChain, Proposed(raw: 1_000m) with { NationalMajor = true });
        Commit(major, major.OpenReviewRound());
        foreach (var department in departments)
        {
            Commit(major, major.SignOff(new SignOffInput(department, true, "fine"), department, restriction: ApprovalRestriction.Freeze("linfen")));
        }

        Assert.Equal(ReviewStatus.Approved, major.State.LatestRound!.Status);
    }

    [Fact]
    public void Where_approvals_are_conditional_only_the_completing_approval_needs_its_conditions_and_records_them()
    {
        var conditional = ApprovalRestriction.ConditionalOnly("linfen was graded BasicallyMet");
        var departments = s_policy.Departments.Select(d => d.Code).ToList();
        foreach (var major in new[] { false, true })
        {
            // Major national projects are exempt from freezes only: conditions apply to them too.
            var project = Registered($"p-conditional-{major}", s_linfenChain, Proposed(raw: 1_000m) with { NationalMajor = major });
            Commit(project, project.OpenReviewRound());
            foreach (var department in departments.SkipLast(1))
            {
                Commit(project, project.SignOff(new SignOffInput(department, true, "fine"), department, conditional));
            }

            Assert.Equal(RegistryErrorCode.ApprovalConditionsRequired, Refused(() => project.SignOff(new SignOffInput(departments[^1], true, "fine", "  "), "last", conditional)));
            Commit(project, project.SignOff(new SignOffInput(departments[^1], true, "fine", " energy use within the city's 2026 headroom; report quarterly "), "last", conditional));

            Assert.Equal(ReviewStatus.Approved, project.State.LatestRound!.Status);
            Assert.Equal("energy use within the city's 2026 headroom; report quarterly", project.State.LatestRound.SignOffs[^1].Conditions);
            Assert.All(project.State.LatestRound.SignOffs.SkipLast(1), s => Assert.Null(s.Conditions));
        }
    }

    [Fact]
    public void Conditions_belong_to_an_approval_not_a_rejection()
    {
        var project = Registered("p-conditions-rejected", s_linfenChain, Proposed(raw: 1_000m));
        Commit(project, project.OpenReviewRound());

        Assert.Equal(RegistryErrorCode.ConditionsOnRejection, Refused(() => project.SignOff(new SignOffInput("energy", false, "outside the plan", "none"), "e")));
        Assert.Equal(RegistryErrorCode.InvalidText, Refused(() => project.SignOff(new SignOffInput("energy", true, "fine", new string('x', 2_001)), "e")));
        Commit(project, project.SignOff(new SignOffInput("energy", true, "fine", "monitoring of the coke oven gas"), "e"));
        Assert.Equal("monitoring of the coke oven gas", project.State.LatestRound!.SignOffs[0].Conditions);
    }

    [Fact]
    public void Energy_accounted_apart_is_confirmed_for_an_approved_major_national_project_only_and_the_latest_of_a_year_counts()
    {
        var ordinary = Registered("p-ordinary", s_linfenChain, Proposed(raw: 1_000m) with { Stage = ProjectStage.UnderConstruction });
        Assert.Equal(RegistryErrorCode.NotNationalMajor, Refused(() => ordinary.ConfirmSeparateEnergy(2026, 100m, "doc 1")));

        var major = Registered("p-national", s_linfenChain, Proposed(raw: 1_000m) with { NationalMajor = true });
        Assert.Equal(RegistryErrorCode.ReviewNotApproved, Refused(() => major.ConfirmSeparateEnergy(2026, 100m, "doc 1")));
        Commit(major, major.OpenReviewRound());
        foreach (var department in s_policy.Departments.Select(d => d.Code))
        {
            Commit(major, major.SignOff(new SignOffInput(department, true, "fine"), department));
        }

        Assert.Equal(AccountingErrorCode.InvalidPeriod, Refused(() => major.ConfirmSeparateEnergy(2025, 100m, "doc 1"))); // before the planned start
        Assert.Equal(AccountingErrorCode.InvalidQuantity, Refused(() => major.ConfirmSeparateEnergy(2026, -1m, "doc 1")));
        Assert.Equal(RegistryErrorCode.MissingField, Refused(() => major.ConfirmSeparateEnergy(2026, 100m, " ")));

        Commit(major, major.ConfirmSeparateEnergy(2026, 100m, " doc 1 "));
        Assert.Null(major.ConfirmSeparateEnergy(2026, 100m, "doc 1").Event);
        Commit(major, major.ConfirmSeparateEnergy(2026, 80m, "doc 2"));

        var confirmed = Assert.Single(major.View()!.SeparateEnergy);
        Assert.Equal((2026, 80m, "doc 2"), (confirmed.Year, confirmed.EnergyTce, confirmed.Reference));
    }

    [Fact]
    public void A_rejection_ends_the_round_and_a_resubmission_opens_a_new_one()
    {
        var project = Registered("p-reject", s_linfenChain, Proposed(raw: 1_000m));
        Commit(project, project.OpenReviewRound());
        Commit(project, project.SignOff(new SignOffInput("energy", true, "fine"), "e"));
        Commit(project, project.SignOff(new SignOffInput("ecology_environment", false, "outside the zoning"), "x"));

        Assert.Equal(ReviewStatus.Rejected, project.State.LatestRound!.Status);
        Assert.Equal(RegistryErrorCode.NoOpenReview, Refused(() => project.SignOff(new SignOffInput("industry_it", true, "late"), "i")));

        Commit(project, project.OpenReviewRound());
        Assert.Equal(2, project.State.LatestRound!.Number);
        Assert.Equal(ReviewStatus.Open, project.State.LatestRound.Status);
        Assert.Empty(project.State.LatestRound.SignOffs);
    }

    [Fact]
    public void Sign_offs_are_refused_with_a_code_each_and_nothing_is_decided()
    {
        var project = Registered("p-signoff", s_linfenChain, Proposed(raw: 1_000m));
        Assert.Equal(RegistryErrorCode.NoOpenReview, Refused(() => project.SignOff(new SignOffInput("energy", true, "early"), "e")));

        Commit(project, project.OpenReviewRound());
        Assert.Equal(RegistryErrorCode.ReviewRoundOpen, Refused(project.OpenReviewRound));
        Assert.Equal(RegistryErrorCode.DepartmentNotInRound, Refused(() => project.SignOff(new SignOffInput("finance", true, "not asked"), "f")));
        Assert.Equal(RegistryErrorCode.MissingField, Refused(() => project.SignOff(new SignOffInput("energy", true, " "), "e")));
        Commit(project, project.SignOff(new SignOffInput("energy", true, "fine"), "e"));
        Assert.Equal(RegistryErrorCode.AlreadySignedOff, Refused(() => project.SignOff(new SignOffInput("energy", false, "changed my mind"), "e")));
        Assert.Single(project.State.LatestRound!.SignOffs);
    }

    [Fact]
    public void A_project_worse_than_the_benchmark_cannot_be_approved_but_may_be_rejected()
    {
        // Demo row cement_clinker: benchmark 100, baseline 117 kgce/t; 121 is worse than both.
        var project = Registered("p-cement", s_linfenChain, Proposed(raw: 1_000m) with { Sector = "building_materials", UnitEnergy = new UnitEnergyUse("cement_clinker", 121m) });
        Assert.True(project.View()!.Flags.BelowBenchmark);
        Assert.True(project.View()!.Flags.ReferenceIsDemo);
        Assert.False(project.View()!.Flags.BelowBaseline); // the baseline is for existing plants
        Commit(project, project.OpenReviewRound());

        Assert.Equal(RegistryErrorCode.BelowBenchmark, Refused(() => project.SignOff(new SignOffInput("energy", true, "fine"), "e")));
        Commit(project, project.SignOff(new SignOffInput("energy", false, "worse than the benchmark"), "e"));
        Assert.Equal(ReviewStatus.Rejected, project.State.LatestRound!.Status);
    }

    [Fact]
    public void An_existing_plant_worse_than_the_baseline_is_flagged_and_gets_a_deadline_of_at_most_three_years()
    {
        var project = Registered("p-power", s_datongChain, Proposed(raw: 1_000m) with { Sector = "coal_power", Stage = ProjectStage.Existing, UnitEnergy = new UnitEnergyUse("coal_power_supply", 305m) });
        Assert.True(project.View()!.Flags.BelowBaseline);
        Assert.False(project.View()!.Flags.BelowBenchmark);

        var today = new DateOnly(2026, 12, 7);
        Assert.Equal(RegistryErrorCode.InvalidDeadline, Refused(() => project.SetDisposal(new DisposalInput("rectify_upgrade", null, []))));
        Assert.Equal(RegistryErrorCode.InvalidDeadline, Refused(() => project.SetDisposal(new DisposalInput("rectify_upgrade", today.AddYears(3).AddDays(1), []))));
        Assert.Equal(RegistryErrorCode.InvalidDeadline, Refused(() => project.SetDisposal(new DisposalInput("rectify_upgrade", today.AddYears(2), [new MilestoneInput(today.AddYears(2).AddDays(1), "after the deadline")]))));
        Assert.Equal(RegistryErrorCode.UnknownDisposalCategory, Refused(() => project.SetDisposal(new DisposalInput("forgive", null, []))));

        Commit(project, project.SetDisposal(new DisposalInput("rectify_upgrade", today.AddYears(3), [new MilestoneInput(today.AddYears(1), "unit 1"), new MilestoneInput(today.AddYears(2), "unit 2")])));
        Assert.Equal(today.AddYears(3), project.State.Disposal!.Deadline);
        Assert.Equal(2, project.State.Disposal.Milestones.Count);
    }

    [Fact]
    public void Production_starts_only_when_verified_achieved_sources_cover_the_requirement()
    {
        // 1,000 t counted × 1.0 = 1,000 t required.
        var project = InStage(ProjectStage.UnderConstruction);
        Commit(project, project.AddSource(Source("s-closure", 600m, achieved: true)));
        Commit(project, project.AddSource(Source("s-switch", 400m, achieved: false)));
        Commit(project, project.VerifySource("s-closure"));
        Commit(project, project.VerifySource("s-switch"));

        // 400 t are verified but still to come: only the achieved 600 t count.
        Assert.Equal(600m, project.View()!.Substitution.VerifiedTonnes);
        Assert.Equal(RegistryErrorCode.SubstitutionNotVerified, Refused(() => project.Transition(ProjectTransition.StartProduction, "ready")));

        Commit(project, project.AddSource(Source("s-retrofit", 400m, achieved: true)));
        Assert.Equal(RegistryErrorCode.SubstitutionNotVerified, Refused(() => project.Transition(ProjectTransition.StartProduction, "ready")));
        Commit(project, project.VerifySource("s-retrofit"));

        Assert.Equal(SubstitutionStatus.Covered, project.View()!.Substitution.Status);
        Commit(project, project.Transition(ProjectTransition.StartProduction, "substitution verified"));
        Assert.Equal(ProjectStage.Existing, project.State.Stage);
    }

    [Fact]
    public void Sources_are_refused_with_a_code_each()
    {
        var project = InStage(ProjectStage.UnderConstruction);

        Assert.Equal(RegistryErrorCode.SourceRefused, Refused(() => project.AddSource(Source("s-coke", 10m, kind: "petroleum_coke_or_coke_substitute"))));
        Assert.Equal(RegistryErrorCode.SourceRefused, Refused(() => project.AddSource(Source("s-heating", 10m, kind: "non_industrial_13th_fyp"))));
        Assert.Equal(RegistryErrorCode.UnknownSourceKind, Refused(() => project.AddSource(Source("s-x", 10m, kind: "wishful_thinking"))));
        Assert.Equal("INVALID_QUANTITY", Refused(() => project.AddSource(Source("s-zero", 0m))));
        Assert.Equal("INVALID_QUANTITY", Refused(() => project.AddSource(Source("s-neg", -5m))));
        Assert.Equal(RegistryErrorCode.MissingField, Refused(() => project.AddSource(Source("s-noevidence", 5m) with { Evidence = "" })));
        Assert.Equal(RegistryErrorCode.UnknownSource, Refused(() => project.VerifySource("s-never")));

        Commit(project, project.AddSource(Source("s-ok", 5m)));
        Assert.Null(project.AddSource(Source("s-ok", 5m)).Event); // the same source again: a retry
        Assert.Equal(RegistryErrorCode.SourceAlreadyClaimed, Refused(() => project.AddSource(Source("s-ok", 6m))));
    }

    [Fact]
    public void Revoking_a_verified_source_reopens_a_covered_plan()
    {
        var project = InStage(ProjectStage.UnderConstruction);
        Commit(project, project.AddSource(Source("s-all", 1_000m, achieved: true)));
        Commit(project, project.VerifySource("s-all"));
        Assert.Equal(SubstitutionStatus.Covered, project.View()!.Substitution.Status);

        Commit(project, project.RevokeSource("s-all", "double-counted with another project (look-back 2024)"));

        var plan = project.View()!.Substitution;
        Assert.Equal(SubstitutionStatus.Open, plan.Status);
        Assert.Equal(0m, plan.VerifiedTonnes);
        Assert.Equal(SourceStatus.Revoked, plan.Sources.Single().Status);
        Assert.Equal(RegistryErrorCode.SourceRevoked, Refused(() => project.VerifySource("s-all")));
        Assert.Null(project.RevokeSource("s-all", "again").Event);
    }

    [Fact]
    public void Registration_is_refused_with_a_code_each_and_repeating_it_changes_nothing()
    {
        var project = new ProjectAggregate("p-bad", new ProjectState(), EntityHarness.Catalog, s_policy, _clock);
        Assert.Equal(RegistryErrorCode.UnknownSector, Refused(() => project.Register(Proposed(raw: 1m, id: "p-bad") with { Sector = "bakeries" }, s_linfenChain, null)));
        Assert.Equal(RegistryErrorCode.UnknownEntity, Refused(() => project.Register(Proposed(raw: 1m, id: "p-bad"), [], null)));
        Assert.Equal(RegistryErrorCode.InvalidParentKind, Refused(() => project.Register(Proposed(raw: 1m, id: "p-bad"), [Info("mine", EntityKind.Mine, "linfen"), .. s_linfenChain], null)));
        Assert.Equal(RegistryErrorCode.UnknownEntity, Refused(() => project.Register(Proposed(raw: 1m, id: "p-bad") with { OwnerEntityId = "nobody" }, s_linfenChain, null)));
        Assert.Equal(RegistryErrorCode.TransitionNotAllowed, Refused(() => project.Register(Proposed(raw: 1m, id: "p-bad") with { Stage = ProjectStage.Closed }, s_linfenChain, null)));
        Assert.Equal("INVALID_QUANTITY", Refused(() => project.Register(Proposed(raw: -1m, id: "p-bad"), s_linfenChain, null)));
        Assert.Equal(RegistryErrorCode.InvalidEntityId, Refused(() => project.Register(Proposed(raw: 1m, id: "p-other"), s_linfenChain, null)));

        Commit(project, project.Register(Proposed(raw: 1m, id: "p-bad"), s_linfenChain, null));
        Assert.Null(project.Register(Proposed(raw: 1m, id: "p-bad"), s_linfenChain, null).Event);
        Assert.Equal(RegistryErrorCode.DuplicateProject, Refused(() => project.Register(Proposed(raw: 2m, id: "p-bad"), s_linfenChain, null)));
    }

    [Fact]
    public void Replaying_the_committed_events_from_their_json_gives_the_served_state()
    {
        var project = InStage(ProjectStage.UnderConstruction);
        Commit(project, project.AddSource(Source("s-a", 700m, achieved: true)));
        Commit(project, project.VerifySource("s-a"));
        Commit(project, project.AddSource(Source("s-b", 300m, achieved: true)));
        Commit(project, project.RevokeSource("s-b", "false"));
        Commit(project, project.SetDisposal(new DisposalInput("complete_procedures", null, [])));

        var replayed = new ProjectAggregate(project.State.Registration!.Id, new ProjectState(), EntityHarness.Catalog, s_policy, _clock);
        foreach (var (ledgerEvent, version, at) in _committed)
        {
            replayed.Apply(LedgerEvent.FromJson(ledgerEvent.ToJson()), version, at);
        }

        var served = project.View()!;
        var rebuilt = replayed.View()!;
        Assert.Equal(served.Stage, rebuilt.Stage);
        Assert.Equal(served.Figures, rebuilt.Figures);
        Assert.Equal(served.Flags, rebuilt.Flags);
        Assert.Equal(served.Version, rebuilt.Version);
        Assert.Equal(served.Disposal! with { Milestones = [] }, rebuilt.Disposal! with { Milestones = [] });
        Assert.Equal(served.Disposal.Milestones, rebuilt.Disposal.Milestones);
        Assert.Equal(served.Substitution.Sources, rebuilt.Substitution.Sources);
        Assert.Equal(served.Substitution with { Sources = [] }, rebuilt.Substitution with { Sources = [] });
        Assert.Equal(served.Rounds.Count, rebuilt.Rounds.Count);
        for (var i = 0; i < served.Rounds.Count; i++)
        {
            Assert.Equal(served.Rounds[i] with { Departments = [], SignOffs = [] }, rebuilt.Rounds[i] with { Departments = [], SignOffs = [] });
            Assert.Equal(served.Rounds[i].SignOffs, rebuilt.Rounds[i].SignOffs);
        }
    }

    [Fact]
    public void The_committed_project_ledger_of_2026_12_07_replays_to_its_summary()
    {
        var fixture = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(LedgerFixture.Path(ProjectLedgerFixture.Name)))!;
        var project = new ProjectAggregate("p-fixture", new ProjectState(), EntityHarness.Catalog, s_policy, _clock);
        var sourceEvents = 0;
        foreach (var stored in fixture["events"]!.AsArray())
        {
            var ledgerEvent = LedgerEvent.FromJson((string)stored!["payload"]!);
            if ((string)stored["entityId"]! == "project:p-fixture")
            {
                project.Apply(ledgerEvent, (long)stored["version"]!, DateTimeOffset.Parse((string)stored["recordedAt"]!, System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                Assert.True(ledgerEvent is SourceClaimed or SourceRevoked, $"{ledgerEvent.Type} on {stored["entityId"]}");
                sourceEvents++;
            }
        }

        Assert.Equal(3, sourceEvents);
        Assert.Equal(fixture["summary"]!.ToJsonString(), ProjectLedgerFixture.Summary(project.View()!).ToJsonString());
    }

    /// <summary>A Linfen project burning 1,000 t of coal a year, brought to <paramref name="stage"/> through the ledger.</summary>
    private ProjectAggregate InStage(ProjectStage stage)
    {
        var id = $"p-{stage.ToString().ToLowerInvariant()}";
        var entry = stage is ProjectStage.Rejected or ProjectStage.Closed ? ProjectStage.Proposed : stage;
        var project = Registered(id, s_linfenChain, Proposed(raw: 1_000m, id: id) with { Stage = entry == ProjectStage.Closed ? ProjectStage.Existing : entry });
        if (stage == ProjectStage.Rejected)
        {
            Commit(project, project.Transition(ProjectTransition.Reject, "refused"));
        }
        else if (stage == ProjectStage.Closed)
        {
            Commit(project, project.Transition(ProjectTransition.Reject, "refused"));
            project = Registered($"{id}-x", s_linfenChain, Proposed(raw: 1_000m, id: $"{id}-x") with { Stage = ProjectStage.Existing });
            Commit(project, project.Transition(ProjectTransition.Close, "exited"));
        }

        Assert.Equal(stage, project.State.Stage);
        return project;
    }

    private ProjectAggregate Registered(string id, IReadOnlyList<EntityInfo> chain, ProjectRegistration registration)
    {
        _committed.Clear();
        var project = new ProjectAggregate(id, new ProjectState(), EntityHarness.Catalog, s_policy, _clock);
        Commit(project, project.Register(registration with { Id = id }, chain, null));
        return project;
    }

    private void Commit(ProjectAggregate project, ProjectDecision decision)
    {
        if (decision.Event is { } ledgerEvent)
        {
            var version = project.State.Version + 1;
            project.Apply(ledgerEvent, version, decision.At);
            _committed.Add((ledgerEvent, version, decision.At));
        }
    }

    private static string Refused(Func<ProjectDecision> decide) => Assert.Throws<RegistryException>(() => decide()).Code;

    private static string Refused(Func<bool> check) => Assert.Throws<RegistryException>(() => check()).Code;

    private static SubstitutionSourceInput Source(string id, decimal tonnes, bool achieved = true, string kind = "closure") => new()
    {
        Id = id,
        Kind = kind,
        OriginEntityId = "linfen",
        Tonnes = tonnes,
        Achieved = achieved,
        Evidence = $"order {id}",
    };

    private static ProjectRegistration Proposed(decimal raw, decimal feedstock = 0m, string id = "p") => new()
    {
        Id = id,
        SiteEntityId = "linfen",
        Name = "Test project",
        NameZh = "测试项目",
        Sector = "coking",
        IndustryCode = "2521",
        PlannedStartYear = 2026,
        AnnualUse = new ReportData
        {
            Fuels = [new FuelLine("raw_coal", new QuantityInput(raw, "t")), .. feedstock > 0m ? [new FuelLine("raw_coal", new QuantityInput(feedstock, "t"), FuelUse.Feedstock)] : Array.Empty<FuelLine>()],
        },
    };

    private static EntityInfo Info(string id, EntityKind kind, string? parent) => new()
    {
        Registration = new EntityRegistration { Id = id, Kind = kind, Name = id, NameZh = id, ParentId = parent, GridRegion = "north_china" },
        Status = EntityStatus.Active,
        Version = 1,
        RegisteredAt = DateTimeOffset.UnixEpoch,
    };
}
