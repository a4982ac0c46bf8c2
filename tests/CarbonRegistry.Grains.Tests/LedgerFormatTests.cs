using System.Text.Json;
using System.Text.Json.Nodes;
using CarbonRegistry.Grains.Entities;
using CarbonRegistry.Grains.Ledger;

namespace CarbonRegistry.Grains.Tests;

/// <summary>The ledger's JSON is a format of its own: what one build wrote, every later build reads.</summary>
public sealed class LedgerFormatTests
{
    [Fact]
    public void The_ledger_written_on_2026_12_02_replays_to_the_state_it_built()
    {
        var fixture = JsonNode.Parse(File.ReadAllText(LedgerFixture.Path("ledger-2026-12-02.json")))!;
        var clock = new TestClock(new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero));
        var entities = new Dictionary<string, EntityAggregate>();
        foreach (var stored in fixture["events"]!.AsArray())
        {
            var id = (string)stored!["entityId"]!;
            if (!entities.TryGetValue(id, out var entity))
            {
                entity = new EntityAggregate(id, new EntityState(), EntityHarness.Catalog, EntityHarness.Products, clock, 3m);
                entities[id] = entity;
            }

            var ledgerEvent = LedgerEvent.FromJson((string)stored["payload"]!);
            Assert.Equal((string)stored["type"]!, ledgerEvent.Type);
            entity.Apply(ledgerEvent, new EventMeta(
                (long)stored["sequence"]!, (long)stored["version"]!, (string)stored["actor"]!, DateTimeOffset.Parse((string)stored["recordedAt"]!, System.Globalization.CultureInfo.InvariantCulture), (string?)stored["idempotencyKey"]));
        }

        var expected = fixture["expected"]!.AsObject();
        Assert.Equal(expected.Select(e => e.Key).Order(), entities.Keys.Order());
        foreach (var (id, summary) in expected)
        {
            Assert.Equal(LedgerFixture.Write(summary!), LedgerFixture.Write(LedgerFixture.Summary(entities[id])));
        }
    }

    [Fact]
    public void A_retry_of_a_report_the_committed_ledger_holds_is_still_recognised_as_a_retry()
    {
        var fixture = JsonNode.Parse(File.ReadAllText(LedgerFixture.Path("ledger-2026-12-02.json")))!;
        var clock = new TestClock(new DateTimeOffset(2026, 12, 2, 4, 0, 0, TimeSpan.Zero));
        var mine = new EntityAggregate("mine-a", new EntityState(), EntityHarness.Catalog, EntityHarness.Products, clock, 3m);
        var events = fixture["events"]!.AsArray().Where(e => (string)e!["entityId"]! == "mine-a").ToList();
        foreach (var stored in events)
        {
            mine.Apply(LedgerEvent.FromJson((string)stored!["payload"]!), new EventMeta((long)stored["sequence"]!, (long)stored["version"]!, "tester (admin)", clock.GetUtcNow(), (string?)stored["idempotencyKey"]));
        }

        var first = events.Single(e => (string?)e!["idempotencyKey"] == "r-2025-01")!;
        var data = ((ReportSubmitted)LedgerEvent.FromJson((string)first["payload"]!)).Data.ToData();

        // The key's hash is of the request in the ledger's names: the same request matches after a rebuild.
        var retry = mine.Submit(new Abstractions.Reports.SubmitReport { Year = 2025, Month = 1, IdempotencyKey = "r-2025-01", Data = data });

        Assert.Null(retry.Event);
        Assert.Equal((long)first["sequence"]!, retry.Replay!.Sequence);
    }

    [Fact]
    public void The_committed_baselines_of_2026_12_07_replay_to_the_baseline_they_left()
    {
        var fixture = JsonNode.Parse(File.ReadAllText(LedgerFixture.Path("ledger-baselines-2026-12-07.json")))!;
        var entity = new Entities.EntityAggregate("mine-b", new Entities.EntityState(), EntityHarness.Catalog, EntityHarness.Products, TimeProvider.System, 3m);

        foreach (var stored in fixture["events"]!.AsArray())
        {
            entity.Apply(
                LedgerEvent.FromJson((string)stored!["payload"]!),
                new Entities.EventMeta((long)stored["sequence"]!, (long)stored["version"]!, (string)stored["actor"]!, DateTimeOffset.Parse((string)stored["recordedAt"]!, System.Globalization.CultureInfo.InvariantCulture), null));
        }

        var b = entity.State.Baseline!;
        var summary = fixture["summary"]!;
        Assert.Equal((int)summary["year"]!, b.Year);
        Assert.Equal((string)summary["source"]!, b.Source);
        Assert.Equal((bool)summary["computed"]!, b.Computed);
        Assert.Equal((decimal?)summary["grossTco2e"], b.GrossTco2e);
        Assert.Equal((decimal?)summary["co2PerTonneRawCoal"], b.Co2PerTonneRawCoal);
        Assert.Equal((decimal?)summary["energyPerTonneRawCoalKgce"], b.EnergyPerTonneRawCoalKgce);
    }

    [Fact]
    public void The_committed_programme_record_of_2026_12_07_replays_and_is_written_the_same_way()
    {
        var fixture = JsonNode.Parse(File.ReadAllText(LedgerFixture.Path("ledger-programmes-2026-12-07.json")))!;
        var rules = Accounting.ZeroCarbon.ZeroCarbonRules.Load(Accounting.Projects.ProjectPolicyLoader.DefaultDirectory);
        var programme = new ZeroCarbon.ProgrammeAggregate("park-z", rules.Programme("national_zero_carbon_park")!, TimeProvider.System);

        foreach (var stored in fixture["events"]!.AsArray())
        {
            var payload = (string)stored!["payload"]!;
            var read = LedgerEvent.FromJson(payload);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(payload), JsonNode.Parse(read.ToJson())), $"{read.Type} is written differently now: {read.ToJson()}");
            programme.Apply(read, (long)stored["version"]!, (string)stored["actor"]!, DateTimeOffset.Parse((string)stored["recordedAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        }

        var summary = fixture["summary"]!;
        var year = programme.View().Year((int)summary["year"]!)!;
        var solid = year.Entered.Single(e => e.Indicator == "solid_waste_reuse");
        Assert.Equal(((decimal)summary["solidWasteReuse"]!, (string)summary["solidWasteSource"]!), (solid.Value, solid.Source));
        Assert.Equal((string)summary["waiver"]!, year.Waivers.Single().Indicator);
        Assert.Equal((string)summary["acceptance"]!, year.Acceptance.Single().Step.ToString());
        Assert.Equal((decimal)summary["coreValue"]!, year.Acceptance.Single().CoreValues["co2_per_tce"]);
    }

    [Fact]
    public void The_committed_assessment_publication_of_2026_12_07_reads_back_every_result()
    {
        var fixture = JsonNode.Parse(File.ReadAllText(LedgerFixture.Path("ledger-assessments-2026-12-07.json")))!;

        var events = fixture["events"]!.AsArray().Select(stored => (Payload: (string)stored!["payload"]!, Event: LedgerEvent.FromJson((string)stored!["payload"]!))).ToList();

        var published = Assert.IsType<AssessmentPublished>(events[1].Event);
        var city = published.Results[0].ToView();
        Assert.Equal((90m, "Met", Accounting.Assessment.ScoreStatus.Entered, "rectification plans delivered on time"), (city.Score, city.Grade, city.Indicators[2].Status, city.Indicators[2].Reason));
        Assert.Equal(Accounting.Assessment.ScoreStatus.NoTarget, published.Results[1].ToView().Indicators[0].Status);
    }

    [Theory]
    [InlineData("ledger-assessments-2026-12-07.json")]
    [InlineData("ledger-budgets-2026-12-07.json")]
    [InlineData("ledger-rectification-2026-12-07.json")]
    [InlineData("ledger-recalculation-2026-12-07.json")]
    [InlineData("ledger-plans-conditions-2026-12-07.json")]
    [InlineData("ledger-separate-energy-2026-12-07.json")]
    [InlineData("ledger-deduction-switch-2026-12-07.json")]
    public void Committed_events_of_streams_are_read_and_written_the_same_way(string file)
    {
        var fixture = JsonNode.Parse(File.ReadAllText(LedgerFixture.Path(file)))!;

        foreach (var payload in fixture["events"]!.AsArray().Select(stored => (string)stored!["payload"]!))
        {
            var read = LedgerEvent.FromJson(payload);
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(payload), JsonNode.Parse(read.ToJson())), $"{read.Type} is written differently now: {read.ToJson()}");
        }
    }

    [Fact]
    public void Plans_conditions_energy_accounted_apart_and_switches_read_back_with_their_members()
    {
        var plans = Events("ledger-plans-conditions-2026-12-07.json");
        var plan = Assert.IsType<PlanTargetsSet>(plans[0]).ToInput();
        Assert.Equal((2021, 2025, Abstractions.DualControl.TargetBinding.Plan, 1200m, 0.15m, 2025), (plan.FromYear, plan.ToYear, plan.Binding, plan.Targets.EnergyCapTce, plan.Targets.EnergyIntensity!.IncentiveReduction, plan.Targets.Year));
        Assert.Equal("coke oven gas recovered from the first day", Assert.IsType<ReviewSignedOff>(plans[1]).Conditions);

        var separate = Events("ledger-separate-energy-2026-12-07.json");
        var confirmed = Assert.IsType<SeparateEnergyConfirmed>(separate[0]);
        Assert.Equal((2023, 100m), (confirmed.Year, confirmed.EnergyTce));
        Assert.Equal(100m, Assert.IsType<AssessmentPublished>(separate[1]).Results[0].ToView().SeparateEnergyTce);

        var switches = Events("ledger-deduction-switch-2026-12-07.json");
        Assert.Equal("NDRC-NBS-NEA-2024", Assert.IsType<RecalculationStarted>(switches[0]).DeductionRuleSetId);
        var switched = Assert.IsType<DeductionRuleSetSwitched>(switches[1]);
        Assert.Equal((2023, "NDRC-NBS-NEA-2024", "assessed under the 2024 rule"), (switched.Year, switched.RuleSetId, switched.Reason));
    }

    [Fact]
    public void The_event_types_the_api_names_are_the_events_of_the_ledger_format()
    {
        var formatted = typeof(LedgerEvent).GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonDerivedTypeAttribute), false)
            .Cast<System.Text.Json.Serialization.JsonDerivedTypeAttribute>()
            .Select(a => (string)a.TypeDiscriminator!);

        Assert.Equal(formatted, Abstractions.Ledger.LedgerEventTypes.All);
    }

    [Fact]
    public void Every_event_type_is_in_the_committed_ledger()
    {
        // The entities' ledger of 2026-12-02 and the project ledger of 2026-12-07 (new event types
        // come with a fixture of their own; committed fixtures are never edited).
        var written = Directory.GetFiles(LedgerFixture.Path(""), "ledger-*.json")
            .SelectMany(file => JsonNode.Parse(File.ReadAllText(file))!["events"]!.AsArray().Select(e => (string)e!["type"]!))
            .ToHashSet();
        var types = typeof(LedgerEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(LedgerEvent)) && !t.IsAbstract).Select(t => t.Name);

        Assert.Empty(types.Except(written));
    }

    [Fact]
    public void An_event_with_a_member_the_format_does_not_have_is_refused()
    {
        var refused = Assert.ThrowsAny<JsonException>(() => LedgerEvent.FromJson("""{"type":"PeriodLocked","year":2025,"month":3,"monht":4}"""));
        Assert.Contains("monht", refused.Message, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => LedgerEvent.FromJson(
            """{"type":"ReportSubmitted","year":2025,"month":1,"data":{"fuels":[],"gridElectrcity":{"value":1,"unit":"MWh"}},"factorSetId":"CN-2024.P1","contentHash":"00"}"""));
    }

    [Fact]
    public void An_event_of_a_later_format_version_is_refused_with_the_version_named()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => LedgerEvent.FromJson("""{"type":"PeriodLocked","v":2,"year":2025,"month":3}"""));

        Assert.Contains("version 2", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void New_events_are_written_with_the_format_version()
    {
        var json = JsonNode.Parse(new PeriodLocked(2025, 3).ToJson())!;

        Assert.Equal(1, (int)json["v"]!);
        Assert.Equal(new PeriodLocked(2025, 3), LedgerEvent.FromJson(json.ToJsonString()));
    }

    private static List<LedgerEvent> Events(string file) =>
        [.. JsonNode.Parse(File.ReadAllText(LedgerFixture.Path(file)))!["events"]!.AsArray().Select(e => LedgerEvent.FromJson((string)e!["payload"]!))];
}
