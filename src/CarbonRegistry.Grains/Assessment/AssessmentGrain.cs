using System.Globalization;
using System.Text.Json;
using CarbonRegistry.Abstractions.Assessment;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.DualControl;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Ledger;
using CarbonRegistry.Abstractions.Projects;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Assessment;
using CarbonRegistry.Accounting.DualControl;
using CarbonRegistry.Accounting.Errors;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Grains.Entities;
using CarbonRegistry.Grains.Ledger;
using CarbonRegistry.Storage.Ledger;
using CarbonRegistry.Storage.ReadModel;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CarbonRegistry.Grains.Assessment;

/// <summary>
/// One scheme's assessment of one year. It replays its stream on activation; the results are
/// computed on each read from the regions' figures and targets as the entity grains serve them and
/// the judgements recorded here, so they follow every amendment until published. While a
/// rectification report is open, a daily reminder records those past their due date (the alert).
/// </summary>
public sealed class AssessmentGrain(
    AssessmentSchemes schemes,
    FactorSetCatalog catalog,
    LedgerWriter writer,
    RegistryReader reader,
    TimeProvider clock,
    IOptions<RegistryOptions> options,
    ILogger<AssessmentGrain> logger) : Grain, IAssessmentGrain, IRemindable
{
    private const string CheckReminder = "rectification-check";
    private const int MaxReason = 2_000;
    private readonly Dictionary<(string EntityId, string Indicator), JudgementView> _judgements = [];
    private readonly List<PublishedAssessmentView> _published = [];
    private readonly RectificationObligations _obligations = new();
    private AssessmentScheme? _scheme;
    private string _code = "";
    private int _year;
    private long _version;

    private string Stream => LedgerStreamNames.Assessment(this.GetPrimaryKeyString());

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var key = this.GetPrimaryKeyString();
        var colon = key.LastIndexOf(':');
        _code = key[..colon];
        _year = int.Parse(key[(colon + 1)..], CultureInfo.InvariantCulture);
        _scheme = schemes.Scheme(_code) is { } scheme && scheme.Covers(_year) ? scheme : null;
        foreach (var stored in await reader.EntityEventsAsync(Stream, 0, cancellationToken))
        {
            Apply(LedgerEvent.FromJson(stored.Payload), stored.Version, stored.Sequence, stored.Actor, stored.RecordedAt);
        }

        // In-memory reminders (the embedded default) do not survive a restart.
        if (_obligations.AnyOpen && await this.GetReminder(CheckReminder) is null)
        {
            await this.RegisterOrUpdateReminder(CheckReminder, options.Value.FilingCheckDueTime, options.Value.FilingCheckPeriod);
        }
    }

    public async Task<AssessmentView> GetView() => View(await CurrentAsync());

    public Task<string?> GetPublishedGrade(string entityId) =>
        Task.FromResult(_published.Count > 0 && _published[^1].Results.FirstOrDefault(r => r.EntityId == entityId) is { Complete: true } result ? result.Grade : null);

    public async Task<AssessmentView> EnterJudgement(string entityId, string indicator, decimal points, string reason, Actor actor)
    {
        var scheme = Scheme();
        var entity = await reader.EntityAsync(entityId)
            ?? throw new RegistryException(RegistryErrorCode.UnknownEntity, $"Entity '{entityId}' is not registered.", "entityId");
        if (entity.Kind is not ("City" or "Zone"))
        {
            throw new RegistryException(RegistryErrorCode.NotAssessed, $"'{entityId}' is a {entity.Kind}: only cities and zones are assessed.", "entityId");
        }

        var item = scheme.Indicator(indicator)
            ?? throw new RegistryException(RegistryErrorCode.UnknownIndicator, $"{scheme.Code} has no indicator '{indicator}' ({string.Join(", ", scheme.Indicators.Select(i => i.Code))}).", "indicator");
        if (!item.IsJudgement)
        {
            throw new RegistryException(RegistryErrorCode.IndicatorComputed, $"'{indicator}' is computed from the year's figures ({item.Measure}); only judgements are entered.", "indicator");
        }

        if (points < 0m || points > item.Points)
        {
            throw new RegistryException(AccountingErrorCode.InvalidQuantity, $"'{indicator}' gives from 0 to {item.Points} points, not {points}.", "points");
        }

        LedgerText.Require(reason, "reason", MaxReason);
        var trimmed = reason.Trim();
        if (_judgements.GetValueOrDefault((entityId, indicator)) is { } earlier && earlier.Points == points && earlier.Reason == trimmed)
        {
            return await GetView();
        }

        await CommitAsync(new AssessmentJudgementEntered(entityId, indicator, points, trimmed), actor);
        return await GetView();
    }

    public async Task<AssessmentView> Publish(Actor actor)
    {
        var current = await CurrentAsync();
        if (_published.Count > 0 && Same(_published[^1].Results, current))
        {
            throw new RegistryException(RegistryErrorCode.AssessmentAlreadyPublished, $"The {_year} {_code} assessment as it stands is version {_published[^1].Version}, published already; a new version needs changed figures or judgements.", "year");
        }

        var version = _published.Count + 1;
        await CommitAsync(new AssessmentPublished(version, schemes.Id, [.. current.Select(LedgerRegionResult.From)], catalog.Deductions.Id), actor);
        logger.LogInformation("Published the {Year} {Scheme} assessment, version {Version}, of {Regions} regions", _year, _code, version, current.Count);
        if (_obligations.AnyOpen)
        {
            await this.RegisterOrUpdateReminder(CheckReminder, options.Value.FilingCheckDueTime, options.Value.FilingCheckPeriod);
        }

        return View(current);
    }

    public async Task<AssessmentView> SubmitRectificationReport(string entityId, string reference, Actor actor)
    {
        Scheme();
        var obligation = _obligations.Of(entityId)
            ?? throw new RegistryException(RegistryErrorCode.NoObligation, $"'{entityId}' owes no rectification report under the {_year} {_code} assessment.", "entityId");
        LedgerText.Require(reference, "reference", MaxReason);
        if (obligation.Status != ObligationStatus.Submitted || obligation.Reference != reference.Trim())
        {
            await CommitAsync(new RectificationReportSubmitted(entityId, reference.Trim()), actor);
        }

        return await GetView();
    }

    /// <summary>The daily check: each open report past its due date is recorded overdue, which raises the alert.</summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        foreach (var late in _obligations.PastDue(clock.GetUtcNow()))
        {
            await CommitAsync(new RectificationOverdue(late.EntityId, late.Due), new Actor("registry", "system"));
            logger.LogWarning("Rectification report of {EntityId} under the {Year} {Scheme} assessment is overdue (due {Due})", late.EntityId, _year, _code, late.Due);
        }

        if (!_obligations.AnyOpen && await this.GetReminder(reminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    /// <summary>Every city and zone assessed on its figures, targets and judgements as they stand.</summary>
    private async Task<IReadOnlyList<RegionAssessmentView>> CurrentAsync()
    {
        var scheme = Scheme();
        var regions = new List<string>();
        foreach (var kind in new[] { "City", "Zone" })
        {
            regions.AddRange((await reader.EntitiesAsync(kind, null, null, null, int.MaxValue)).Select(e => e.Id));
        }

        regions.Sort(StringComparer.Ordinal);
        var separate = await SeparateEnergyAsync();
        var results = await Task.WhenAll(regions.Select(async id =>
        {
            var inputs = await InputsAsync(scheme, id, separate.GetValueOrDefault(id));
            return RegionAssessmentView.From(id, Assessor.Assess(scheme, _year, inputs)) with { SeparateEnergyTce = separate.TryGetValue(id, out var tce) ? tce : (decimal?)null };
        }));
        return results;
    }

    /// <summary>
    /// The energy accounted apart in each region for the year (能耗单列): each major national
    /// project's confirmed amount, counted in every region of its site's chain. Every project is
    /// read, as the project listings do (fine for hundreds).
    /// </summary>
    private async Task<Dictionary<string, decimal>> SeparateEnergyAsync()
    {
        var totals = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var ids = await GrainFactory.GetGrain<IRegistryQueryGrain>(0).GetProjectIds();
        foreach (var project in await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IProjectGrain>(id).GetView())))
        {
            // A project rejected after its confirmation no longer counts as an approved one.
            if (project is null || project.Stage == ProjectStage.Rejected || project.SeparateEnergy.FirstOrDefault(s => s.Year == _year) is not { } confirmed)
            {
                continue;
            }

            await foreach (var region in EntityAncestry.UpFromAsync(id => GrainFactory.GetGrain<IEntityGrain>(id), project.Registration.SiteEntityId))
            {
                totals[region.Registration.Id] = totals.GetValueOrDefault(region.Registration.Id) + confirmed.EnergyTce;
            }
        }

        return totals;
    }

    /// <summary>
    /// A region's inputs: the year's status recomputed from its total balance (with the energy
    /// accounted apart, which the year's rule set deducts) and targets (where
    /// the plan binds, its caps hold in its last year), progress towards the five-year intensity
    /// targets of the plan the year is in, and its judgements. Without a five-year carbon-intensity
    /// target, the annual one of the plan's last year stands for it (plans end in years divisible
    /// by the plan's length: 2025, 2030).
    /// </summary>
    private async Task<AssessmentInputs> InputsAsync(AssessmentScheme scheme, string id, decimal separateEnergyTce)
    {
        var entity = GrainFactory.GetGrain<IEntityGrain>(id);
        var dualControl = await entity.GetDualControl(_year);
        var view = await entity.GetBalance(_year, null, BalanceScope.Total);
        var balance = view.ToBalance(catalog.Deductions) with { SeparateEnergyTce = separateEnergyTce };
        var plan = dualControl.Plan;
        var binds = plan is { Binding: TargetBinding.Plan };
        var status = Effective(dualControl.Targets, binds ? plan : null) is { } targets
            ? DualControlEvaluator.Evaluate(EntityViews.ToTargets(targets), balance, dualControl.MonthsReported)
            : new DualControlStatus { Year = _year, MonthsReported = dualControl.MonthsReported };

        PlanProgress? carbonPlan;
        if (plan?.Targets.CarbonIntensity is { } planned)
        {
            carbonPlan = Progress(plan.FromYear - 1, planned, balance.CarbonIntensity);
        }
        else
        {
            var planEnd = (_year + scheme.PlanYears - 1) / scheme.PlanYears * scheme.PlanYears;
            var planTarget = planEnd == _year ? dualControl.Targets?.CarbonIntensity : (await entity.GetDualControl(planEnd)).Targets?.CarbonIntensity;
            carbonPlan = Progress(planTarget?.BaseYear ?? 0, planTarget, balance.CarbonIntensity);
        }

        var judgements = _judgements.Values.Where(j => j.EntityId == id).ToDictionary(j => j.Indicator, j => new Judgement(j.Points, j.Reason));
        return new AssessmentInputs(status, carbonPlan, judgements)
        {
            EnergyPlan = plan is null ? null : Progress(plan.FromYear - 1, plan.Targets.EnergyIntensity, balance.EnergyIntensity),
            PlanBinds = binds,
        };

        static PlanProgress? Progress(int baseYear, IntensityTargetInput? target, decimal? intensity) => target is null
            ? null
            : new PlanProgress(baseYear, target.Reduction, intensity is { } now ? 1m - (now / target.BaseIntensity) : null, target.IncentiveReduction);
    }

    /// <summary>The year's targets, with a binding plan's caps in the plan's last year.</summary>
    private TargetsInput? Effective(TargetsInput? annual, PlanTargetsInput? bindingPlan) =>
        bindingPlan is null || bindingPlan.ToYear != _year
            ? annual
            : (annual ?? new TargetsInput { Year = _year }) with
            {
                EnergyCapTce = bindingPlan.Targets.EnergyCapTce ?? annual?.EnergyCapTce,
                CarbonCapTco2e = bindingPlan.Targets.CarbonCapTco2e ?? annual?.CarbonCapTco2e,
            };

    private AssessmentScheme Scheme() => _scheme
        ?? throw new RegistryException(RegistryErrorCode.UnknownScheme, $"No assessment scheme '{_code}' covers {_year} ({string.Join(", ", schemes.Schemes.Select(s => $"{s.Code} {s.FromYear}–{s.ToYear?.ToString(CultureInfo.InvariantCulture) ?? ""}"))}).", "scheme");

    private AssessmentView View(IReadOnlyList<RegionAssessmentView> current) => new()
    {
        Scheme = _code,
        Year = _year,
        Current = current,
        Judgements = [.. _judgements.Values.OrderBy(j => j.EntityId, StringComparer.Ordinal).ThenBy(j => j.Indicator, StringComparer.Ordinal)],
        Published = [.. _published],
        Obligations = _obligations.All,
    };

    private static bool Same(IReadOnlyList<RegionAssessmentView> a, IReadOnlyList<RegionAssessmentView> b) =>
        JsonSerializer.Serialize(a.Select(LedgerRegionResult.From), LedgerEvent.Json) == JsonSerializer.Serialize(b.Select(LedgerRegionResult.From), LedgerEvent.Json);

    private async Task CommitAsync(LedgerEvent ledgerEvent, Actor actor)
    {
        var at = LedgerStreams.Now(clock);
        var version = _version + 1;
        var outcome = await LedgerStreams.CommitOrDeactivateAsync(this, writer, Stream, version, ledgerEvent, at, actor);

        Apply(ledgerEvent, version, outcome.Sequence, actor.ToString(), at);
    }

    private void Apply(LedgerEvent ledgerEvent, long version, long sequence, string actor, DateTimeOffset at)
    {
        switch (ledgerEvent)
        {
            case AssessmentJudgementEntered e:
                _judgements[(e.EntityId, e.Indicator)] = new JudgementView { EntityId = e.EntityId, Indicator = e.Indicator, Points = e.Points, Reason = e.Reason, Actor = actor, At = at };
                break;
            case AssessmentPublished e:
                _published.Add(new PublishedAssessmentView { Version = e.Version, Actor = actor, At = at, Sequence = sequence, Results = [.. e.Results.Select(r => r.ToView())], DeductionsId = e.DeductionsId });
                if (_scheme is { } scheme)
                {
                    _obligations.Impose(scheme, e.Version, e.Results.Select(r => (r.EntityId, r.Grade, r.Complete)), at);
                }

                break;
            case RectificationReportSubmitted e:
                _obligations.Submitted(e.EntityId, e.Reference, at);
                break;
            case RectificationOverdue e:
                _obligations.Overdue(e.EntityId);
                break;
            default:
                throw new InvalidOperationException($"A {ledgerEvent.Type} event is not an assessment event.");
        }

        _version = version;
    }
}
