using CarbonRegistry.Abstractions.Projects;
using CarbonRegistry.Abstractions.Reports;
using Orleans.Concurrency;

namespace CarbonRegistry.Abstractions.Grains;

/// <summary>
/// One two-high project of the provincial ledger, keyed by its id: its stage, joint review rounds
/// and coal substitution plan. Every step is a ledger event (the project's history); domain errors
/// are <see cref="Errors.RegistryException"/>s with stable codes.
/// </summary>
public interface IProjectGrain : IGrainWithStringKey
{
    /// <summary>Registers the project under this grain's id.</summary>
    Task<ProjectView> Register(ProjectRegistration registration, Actor actor);

    /// <summary>The project, or null when not registered.</summary>
    [AlwaysInterleave]
    Task<ProjectView?> GetView();

    /// <summary>Opens a joint review round of the configured departments (proposed projects, no round open).</summary>
    Task<ProjectView> OpenReviewRound(Actor actor);

    /// <summary>Records a department's approval or rejection in the open round.</summary>
    Task<ProjectView> SignOff(SignOffInput signOff, Actor actor);

    /// <summary>Moves the project to another stage, if the rules allow it now.</summary>
    Task<ProjectView> Transition(ProjectTransition transition, string reason, Actor actor);

    /// <summary>Records a disposal decision (category, and a rectification deadline where the category needs one).</summary>
    Task<ProjectView> SetDisposal(DisposalInput disposal, Actor actor);

    /// <summary>Records a major national project's energy of a year accounted apart (能耗单列), as confirmed.</summary>
    Task<ProjectView> ConfirmSeparateEnergy(int year, decimal energyTce, string reference, Actor actor);

    /// <summary>Adds a source to the substitution plan; the source is claimed for this project across the cluster first.</summary>
    Task<ProjectView> AddSubstitutionSource(SubstitutionSourceInput source, Actor actor);

    /// <summary>The energy bureau verifies a claimed source.</summary>
    Task<ProjectView> VerifySubstitutionSource(string sourceId, Actor actor);

    /// <summary>A source this plan claimed was revoked (look-back): it stops counting and the plan reopens.</summary>
    Task<ProjectView> SourceRevoked(string sourceId, string reason, Actor actor);
}

/// <summary>
/// One source of coal substitution, keyed by its id. It holds the claim: a source counts for one
/// plan only, so two plans racing for it on different silos end with exactly one owner (one
/// activation per source, and the ledger's version check behind it).
/// </summary>
public interface ISubstitutionSourceGrain : IGrainWithStringKey
{
    /// <summary>Claims the source for <paramref name="projectId"/>; repeating the claim of the same project succeeds again.</summary>
    Task Claim(string projectId, SubstitutionSourceInput source, Actor actor);

    /// <summary>The project holding the source, or null.</summary>
    [AlwaysInterleave]
    Task<string?> GetClaimant();

    /// <summary>Revokes the source (false or double-counted) and tells the plan that claimed it; returns that project's id.</summary>
    Task<string?> Revoke(string reason, Actor actor);
}
