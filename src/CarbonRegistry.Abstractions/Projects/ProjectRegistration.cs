using CarbonRegistry.Abstractions.Reports;

namespace CarbonRegistry.Abstractions.Projects;

/// <summary>Where a project stands in the two-high ledger (拟建, 在建, 存量), or how it ended.</summary>
public enum ProjectStage
{
    /// <summary>Proposed (拟建): may be reviewed; not yet approved to build.</summary>
    Proposed,

    /// <summary>Under construction (在建).</summary>
    UnderConstruction,

    /// <summary>Existing (存量): in production.</summary>
    Existing,

    /// <summary>Rejected: a proposed project that may not proceed.</summary>
    Rejected,

    /// <summary>Closed and exited (关停退出).</summary>
    Closed,
}

/// <summary>A move between stages.</summary>
public enum ProjectTransition
{
    /// <summary>Proposed → under construction: needs an approved joint review.</summary>
    StartConstruction,

    /// <summary>Under construction → existing: needs the coal substitution verified in full.</summary>
    StartProduction,

    /// <summary>Proposed → rejected.</summary>
    Reject,

    /// <summary>Under construction or existing → closed and exited.</summary>
    Close,
}

/// <summary>A product and its capacity.</summary>
/// <param name="Code">Product code (an efficiency reference row, where one applies).</param>
/// <param name="Name">Name as the project states it.</param>
/// <param name="Capacity">Annual capacity.</param>
/// <param name="Unit">Unit of the capacity, e.g. <c>10^4 t/a</c>.</param>
[GenerateSerializer, Immutable]
public sealed record ProductCapacity([property: Id(0)] string Code, [property: Id(1)] string Name, [property: Id(2)] decimal Capacity, [property: Id(3)] string Unit);

/// <summary>The project's unit energy use of one product, in the unit of that product's efficiency reference row.</summary>
/// <param name="Product">Product code of the reference table.</param>
/// <param name="Value">Energy per unit of product.</param>
[GenerateSerializer, Immutable]
public sealed record UnitEnergyUse([property: Id(0)] string Product, [property: Id(1)] decimal Value);

/// <summary>References to the documents behind a project; null where there is none yet.</summary>
[GenerateSerializer, Immutable]
public sealed record ProjectDocuments
{
    /// <summary>Energy-saving review (节能审查), which since 2025-09-01 includes the carbon evaluation.</summary>
    [Id(0)] public string? EnergyReview { get; init; }

    /// <summary>Carbon evaluation (碳排放评价).</summary>
    [Id(1)] public string? CarbonEvaluation { get; init; }

    /// <summary>Environmental impact assessment (环评).</summary>
    [Id(2)] public string? Eia { get; init; }

    /// <summary>Capacity replacement plan (产能置换).</summary>
    [Id(3)] public string? CapacityReplacement { get; init; }
}

/// <summary>What a project is registered with.</summary>
[GenerateSerializer, Immutable]
public sealed record ProjectRegistration
{
    /// <summary>Stable id, the same pattern as entity ids.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The city, zone or park the project is sited in.</summary>
    [Id(1)] public required string SiteEntityId { get; init; }

    /// <summary>The owning enterprise, if registered.</summary>
    [Id(2)] public string? OwnerEntityId { get; init; }

    /// <summary>English name.</summary>
    [Id(3)] public required string Name { get; init; }

    /// <summary>Chinese name.</summary>
    [Id(4)] public required string NameZh { get; init; }

    /// <summary>Sector code of the two-high catalogue.</summary>
    [Id(5)] public required string Sector { get; init; }

    /// <summary>GB/T 4754 industry code.</summary>
    [Id(6)] public required string IndustryCode { get; init; }

    /// <summary>Products and capacities.</summary>
    [Id(7)] public IReadOnlyList<ProductCapacity> Products { get; init; } = [];

    /// <summary>The year production is planned to start; its factor set prices the project's CO2.</summary>
    [Id(8)] public required int PlannedStartYear { get; init; }

    /// <summary>The new annual energy use, as a year's report would state it (fuels with their use, electricity, heat, process CO2).</summary>
    [Id(9)] public required ReportData AnnualUse { get; init; }

    /// <summary>Unit energy use of the main product, checked against the efficiency reference table.</summary>
    [Id(10)] public UnitEnergyUse? UnitEnergy { get; init; }

    /// <summary>The stage it enters the ledger at: proposed, under construction or existing.</summary>
    [Id(11)] public ProjectStage Stage { get; init; } = ProjectStage.Proposed;

    /// <summary>Document references.</summary>
    [Id(12)] public ProjectDocuments Documents { get; init; } = new();

    /// <summary>An approved major national project (国家重大项目): its energy is accounted apart, and a level-1 early warning does not freeze its approval.</summary>
    [Id(13)] public bool NationalMajor { get; init; }
}

/// <summary>A department's decision in a review round.</summary>
/// <param name="Department">Department code (the reviewer's token must carry it).</param>
/// <param name="Approve">Approve, or reject.</param>
/// <param name="Comment">Why; required.</param>
/// <param name="Conditions">
/// The conditions an approval is given on (附条件审批), or null. Required of the approval that
/// would complete a round where a region of the site is restricted to conditional approvals.
/// </param>
[GenerateSerializer, Immutable]
public sealed record SignOffInput([property: Id(0)] string Department, [property: Id(1)] bool Approve, [property: Id(2)] string Comment, [property: Id(3)] string? Conditions = null);

/// <summary>A disposal decision (处置意见) for the project.</summary>
/// <param name="Category">Category code of the joint-review rules.</param>
/// <param name="Deadline">Rectification deadline, where the category needs one: at most the rules' maximum years ahead.</param>
/// <param name="Milestones">Yearly milestones up to the deadline.</param>
[GenerateSerializer, Immutable]
public sealed record DisposalInput([property: Id(0)] string Category, [property: Id(1)] DateOnly? Deadline, [property: Id(2)] IReadOnlyList<MilestoneInput> Milestones);

/// <summary>A yearly milestone of a rectification.</summary>
/// <param name="Due">When.</param>
/// <param name="Description">What is to be done by then.</param>
[GenerateSerializer, Immutable]
public sealed record MilestoneInput([property: Id(0)] DateOnly Due, [property: Id(1)] string Description);

/// <summary>A source of coal substitution a plan claims.</summary>
[GenerateSerializer, Immutable]
public sealed record SubstitutionSourceInput
{
    /// <summary>Stable id of the source; a source can be claimed by one plan only.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>Kind code of the substitution rule (closure, fuel switch, …).</summary>
    [Id(1)] public required string Kind { get; init; }

    /// <summary>The entity where the coal use is cut.</summary>
    [Id(2)] public required string OriginEntityId { get; init; }

    /// <summary>Physical tonnes of coal a year the source cuts.</summary>
    [Id(3)] public required decimal Tonnes { get; init; }

    /// <summary>When the cut was achieved, or is due.</summary>
    [Id(4)] public DateOnly? Date { get; init; }

    /// <summary>Whether the cut has happened (false: still to come).</summary>
    [Id(5)] public bool Achieved { get; init; }

    /// <summary>Reference to the evidence (closure order, retrofit acceptance, …).</summary>
    [Id(6)] public required string Evidence { get; init; }
}
