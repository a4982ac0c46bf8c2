using CarbonRegistry.Abstractions.Projects;

namespace CarbonRegistry.Grains.Projects;

/// <summary>
/// What a project's events built up. Not snapshotted: a project's stream is short (registration,
/// review rounds, a few sources), so activation replays it from the ledger.
/// </summary>
public sealed class ProjectState
{
    /// <summary>The registration, or null before the project is registered.</summary>
    public ProjectRegistration? Registration { get; set; }

    /// <summary>The city the site belonged to when the project was registered.</summary>
    public string? CityId { get; set; }

    /// <summary>The grid region of the site, which prices the project's electricity.</summary>
    public string GridRegion { get; set; } = "";

    /// <summary>The factor set the project's CO2 is computed with (its planned start year's).</summary>
    public string FactorSetId { get; set; } = "";

    /// <summary>The new annual use worked out from the registration when it was folded in (it depends on nothing else).</summary>
    public ProjectFigures? Figures { get; set; }

    /// <summary>Current stage.</summary>
    public ProjectStage Stage { get; set; }

    /// <summary>Ledger version of the project's stream.</summary>
    public long Version { get; set; }

    /// <summary>When it was registered.</summary>
    public DateTimeOffset RegisteredAt { get; set; }

    /// <summary>Review rounds, oldest first.</summary>
    public List<ReviewRoundView> Rounds { get; } = [];

    /// <summary>The latest disposal decision.</summary>
    public DisposalView? Disposal { get; set; }

    /// <summary>The plan's sources, in the order they were added.</summary>
    public List<SubstitutionSourceView> Sources { get; } = [];

    /// <summary>The confirmed energy accounted apart, by year (the latest confirmation of each).</summary>
    public SortedDictionary<int, SeparateEnergyView> SeparateEnergy { get; } = [];

    /// <summary>The latest round, or null.</summary>
    public ReviewRoundView? LatestRound => Rounds.Count > 0 ? Rounds[^1] : null;
}
