using CarbonRegistry.Abstractions.Entities;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Ledger;
using CarbonRegistry.Abstractions.Projects;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Assessment;
using CarbonRegistry.Accounting.DualControl;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Projects;
using CarbonRegistry.Grains.Ledger;
using CarbonRegistry.Storage.Ledger;
using CarbonRegistry.Storage.ReadModel;
using Microsoft.Extensions.Logging;

namespace CarbonRegistry.Grains.Projects;

/// <summary>
/// The shell around one project's <see cref="ProjectAggregate"/>: it replays the project's stream
/// on activation, asks the aggregate, commits the decision to the ledger (the acknowledgement) and
/// folds it in. What the rules need from elsewhere (the site's chain, the owner, a source's claim)
/// it looks up first.
/// </summary>
public sealed class ProjectGrain(
    FactorSetCatalog catalog,
    ProjectPolicy policy,
    AssessmentSchemes schemes,
    LedgerWriter writer,
    RegistryReader reader,
    TimeProvider clock,
    ILogger<ProjectGrain> logger) : Grain, IProjectGrain
{
    /// <summary>The assessment whose published grade may freeze approvals: the energy-saving one (policy.md section 4).</summary>
    private const string RestrictingScheme = "energy_saving";

    private ProjectAggregate _project = null!;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _project = new ProjectAggregate(Id, new ProjectState(), catalog, policy, clock);
        foreach (var (ledgerEvent, version, at) in await LedgerStreams.ReadAsync(reader, LedgerStreamNames.Project(Id), cancellationToken))
        {
            _project.Apply(ledgerEvent, version, at);
        }
    }

    public Task<ProjectView?> GetView() => Task.FromResult(_project.View());

    public async Task<ProjectView> Register(ProjectRegistration registration, Actor actor)
    {
        var chain = new List<EntityInfo>();
        await foreach (var info in EntityAncestry.UpFromAsync(id => GrainFactory.GetGrain<IEntityGrain>(id), registration.SiteEntityId))
        {
            chain.Add(info);
        }

        var owner = registration.OwnerEntityId is { } ownerId ? await EntityAncestry.InfoAsync(id => GrainFactory.GetGrain<IEntityGrain>(id), ownerId) : null;
        await CommitAsync(_project.Register(registration, chain, owner), actor);
        logger.LogInformation("Registered project {ProjectId} ({Sector}) at {Site}, {Stage}", Id, registration.Sector, registration.SiteEntityId, registration.Stage);
        return _project.View()!;
    }

    public Task<ProjectView> OpenReviewRound(Actor actor) => CommitAsync(_project.OpenReviewRound(), actor);

    public async Task<ProjectView> SignOff(SignOffInput signOff, Actor actor) =>
        await CommitAsync(_project.SignOff(signOff, actor.Subject, await RestrictionAsync(signOff)), actor);

    /// <summary>
    /// For an approval that would complete the round: what the regions of the site's chain (the
    /// site, its zone, its city, …) impose on it, or null. A region is frozen at early-warning
    /// level 1 in the year of the last month that can be reported (China time), read live, so the
    /// freeze lifts as soon as its figures or targets change the level; or when its grade in the
    /// latest published energy-saving assessment of the year before has the consequence "frozen"
    /// (a new version with another grade lifts it). A grade with the consequence "conditional"
    /// allows conditional approvals only. A freeze anywhere on the chain outweighs a condition. A
    /// major national project is exempt from freezes (policy.md section 4), not from conditions.
    /// </summary>
    private async Task<ApprovalRestriction?> RestrictionAsync(SignOffInput signOff)
    {
        var state = _project.State;
        if (!signOff.Approve || state.Registration is not { } registration
            || state.LatestRound is not { Status: ReviewStatus.Open } round || !ProjectAggregate.CompletesApproval(round, signOff.Department))
        {
            return null;
        }

        var chinaNow = ChinaTime.Now(clock);
        var year = new DateOnly(chinaNow.Year, chinaNow.Month, 1).AddMonths(-1).Year;
        ApprovalRestriction? conditional = null;
        await foreach (var region in EntityAncestry.UpFromAsync(id => GrainFactory.GetGrain<IEntityGrain>(id), registration.SiteEntityId))
        {
            var id = region.Registration.Id;
            var exempt = registration.NationalMajor;
            if (!exempt && EarlyWarning.FreezesApprovals((await GrainFactory.GetGrain<IEntityGrain>(id).GetDualControl(year)).WarningLevel))
            {
                logger.LogWarning("Approval of project {ProjectId} restricted: {Region} is at early-warning level 1 in {Year}", Id, id, year);
                return ApprovalRestriction.Freeze($"'{id}' is at early-warning level 1 (energy intensity rose) in {year}");
            }

            var approvals = schemes.Scheme(RestrictingScheme) is { } scheme
                && await GrainFactory.GetGrain<IAssessmentGrain>($"{RestrictingScheme}:{year - 1}").GetPublishedGrade(id) is { } grade
                ? (Grade: grade, Approvals: scheme.Grades.FirstOrDefault(g => g.Code == grade)?.Consequences?.Approvals)
                : default;
            var why = $"'{id}' was graded {approvals.Grade} in the published {year - 1} {RestrictingScheme} assessment";
            if (!exempt && approvals.Approvals == "frozen")
            {
                logger.LogWarning("Approval of project {ProjectId} restricted: {Region} was graded {Grade} in the {Year} assessment", Id, id, approvals.Grade, year - 1);
                return ApprovalRestriction.Freeze(why);
            }

            if (approvals.Approvals == "conditional")
            {
                conditional ??= ApprovalRestriction.ConditionalOnly(why);
            }
        }

        return conditional;
    }

    public Task<ProjectView> Transition(ProjectTransition transition, string reason, Actor actor) => CommitAsync(_project.Transition(transition, reason), actor);

    public Task<ProjectView> SetDisposal(DisposalInput disposal, Actor actor) => CommitAsync(_project.SetDisposal(disposal), actor);

    public Task<ProjectView> ConfirmSeparateEnergy(int year, decimal energyTce, string reference, Actor actor) =>
        CommitAsync(_project.ConfirmSeparateEnergy(year, energyTce, reference), actor);

    public async Task<ProjectView> AddSubstitutionSource(SubstitutionSourceInput source, Actor actor)
    {
        if (_project.CheckNewSource(source))
        {
            // The claim is exclusive across the cluster (one activation per source, and the ledger's
            // version check behind it); it is made before the plan records the source, and a retry
            // of the same claim by this project succeeds again.
            await GrainFactory.GetGrain<ISubstitutionSourceGrain>(source.Id).Claim(Id, source, actor);
        }

        return await CommitAsync(_project.AddSource(source), actor);
    }

    public Task<ProjectView> VerifySubstitutionSource(string sourceId, Actor actor) => CommitAsync(_project.VerifySource(sourceId), actor);

    public async Task<ProjectView> SourceRevoked(string sourceId, string reason, Actor actor)
    {
        var view = await CommitAsync(_project.RevokeSource(sourceId, reason), actor);
        logger.LogWarning("Substitution source {SourceId} of project {ProjectId} revoked: {Reason}; the plan is {Status}", sourceId, Id, reason, view.Substitution.Status);
        return view;
    }

    private async Task<ProjectView> CommitAsync(ProjectDecision decision, Actor actor)
    {
        if (decision.Event is { } ledgerEvent)
        {
            var version = _project.State.Version + 1;
            await LedgerStreams.CommitOrDeactivateAsync(this, writer, LedgerStreamNames.Project(Id), version, ledgerEvent, decision.At, actor);

            _project.Apply(ledgerEvent, version, decision.At);
        }

        return _project.View()!;
    }
}
