using System.Text.Json.Serialization;
using CarbonRegistry.Abstractions.Projects;

namespace CarbonRegistry.Grains.Ledger;

// The events of the two-high project ledger and of substitution sources, in the same ledger as the
// entities' (one sequence, one feed) under streams of their own: "project:<id>" and "source:<id>".
// Like every ledger record, each JSON name is pinned and enums are written as their members' names.

/// <summary>
/// A project entered the ledger. <paramref name="CityId"/> is the city its site belonged to then,
/// <paramref name="GridRegion"/> the site's grid region and <paramref name="FactorSetId"/> the factor
/// set of the planned start year: what its figures are computed with from then on.
/// </summary>
public sealed record ProjectRegistered(
    [property: JsonPropertyName("project")] LedgerProject Project,
    [property: JsonPropertyName("cityId")] string? CityId,
    [property: JsonPropertyName("gridRegion")] string GridRegion,
    [property: JsonPropertyName("factorSetId")] string FactorSetId,
    [property: JsonPropertyName("registeredAt")] DateTimeOffset RegisteredAt) : LedgerEvent;

/// <summary>A joint review round was opened with these departments.</summary>
public sealed record ReviewRoundOpened(
    [property: JsonPropertyName("round")] int Round,
    [property: JsonPropertyName("departments")] IReadOnlyList<string> Departments) : LedgerEvent;

/// <summary>A department approved or rejected in a round.</summary>
public sealed record ReviewSignedOff(
    [property: JsonPropertyName("round")] int Round,
    [property: JsonPropertyName("department")] string Department,
    [property: JsonPropertyName("approve")] bool Approve,
    [property: JsonPropertyName("comment")] string Comment,
    [property: JsonPropertyName("reviewer")] string Reviewer,
    [property: JsonPropertyName("conditions")] string? Conditions = null) : LedgerEvent;

/// <summary>A major national project's energy of a year accounted apart (能耗单列) was confirmed; the latest of a year counts.</summary>
public sealed record SeparateEnergyConfirmed(
    [property: JsonPropertyName("year")] int Year,
    [property: JsonPropertyName("energyTce")] decimal EnergyTce,
    [property: JsonPropertyName("reference")] string Reference) : LedgerEvent;

/// <summary>The project moved between stages.</summary>
public sealed record ProjectStageChanged(
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("reason")] string Reason) : LedgerEvent;

/// <summary>A disposal decision was recorded.</summary>
public sealed record DisposalDecided(
    [property: JsonPropertyName("category")] string Category,
    [property: JsonPropertyName("deadline")] DateOnly? Deadline,
    [property: JsonPropertyName("milestones")] IReadOnlyList<LedgerMilestone> Milestones) : LedgerEvent;

/// <summary>A source was added to the project's substitution plan (after it was claimed on its own stream).</summary>
public sealed record SubstitutionSourceAdded([property: JsonPropertyName("source")] LedgerSource Source) : LedgerEvent;

/// <summary>The energy bureau verified a source of the plan.</summary>
public sealed record SubstitutionSourceVerified([property: JsonPropertyName("sourceId")] string SourceId) : LedgerEvent;

/// <summary>A source of the plan was revoked: it no longer counts.</summary>
public sealed record SubstitutionSourceRevoked(
    [property: JsonPropertyName("sourceId")] string SourceId,
    [property: JsonPropertyName("reason")] string Reason) : LedgerEvent;

/// <summary>On a source's own stream: the source was claimed by a project.</summary>
public sealed record SourceClaimed(
    [property: JsonPropertyName("projectId")] string ProjectId,
    [property: JsonPropertyName("source")] LedgerSource Source) : LedgerEvent;

/// <summary>On a source's own stream: the source was revoked (false, double-counted or non-compliant).</summary>
public sealed record SourceRevoked([property: JsonPropertyName("reason")] string Reason) : LedgerEvent;

/// <summary>A milestone as the ledger stores it.</summary>
public sealed record LedgerMilestone([property: JsonPropertyName("due")] DateOnly Due, [property: JsonPropertyName("description")] string Description)
{
    public static LedgerMilestone From(MilestoneInput input) => new(input.Due, input.Description);

    public MilestoneInput ToInput() => new(Due, Description);
}

/// <summary>A substitution source as the ledger stores it.</summary>
public sealed record LedgerSource(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("originEntityId")] string OriginEntityId,
    [property: JsonPropertyName("tonnes")] decimal Tonnes,
    [property: JsonPropertyName("date")] DateOnly? Date,
    [property: JsonPropertyName("achieved")] bool Achieved,
    [property: JsonPropertyName("evidence")] string Evidence)
{
    public static LedgerSource From(SubstitutionSourceInput input) =>
        new(input.Id, input.Kind, input.OriginEntityId, input.Tonnes, input.Date, input.Achieved, input.Evidence);

    public SubstitutionSourceInput ToInput() => new()
    {
        Id = Id,
        Kind = Kind,
        OriginEntityId = OriginEntityId,
        Tonnes = Tonnes,
        Date = Date,
        Achieved = Achieved,
        Evidence = Evidence,
    };
}

/// <summary>A product line as the ledger stores it.</summary>
public sealed record LedgerProduct(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("capacity")] decimal Capacity,
    [property: JsonPropertyName("unit")] string Unit);

/// <summary>A project registration as the ledger stores it.</summary>
public sealed record LedgerProject
{
    [JsonPropertyName("id")] public required string Id { get; init; }

    [JsonPropertyName("siteEntityId")] public required string SiteEntityId { get; init; }

    [JsonPropertyName("ownerEntityId")] public string? OwnerEntityId { get; init; }

    [JsonPropertyName("name")] public required string Name { get; init; }

    [JsonPropertyName("nameZh")] public required string NameZh { get; init; }

    [JsonPropertyName("sector")] public required string Sector { get; init; }

    [JsonPropertyName("industryCode")] public required string IndustryCode { get; init; }

    [JsonPropertyName("products")] public IReadOnlyList<LedgerProduct> Products { get; init; } = [];

    [JsonPropertyName("plannedStartYear")] public required int PlannedStartYear { get; init; }

    [JsonPropertyName("annualUse")] public required LedgerReport AnnualUse { get; init; }

    [JsonPropertyName("unitEnergyProduct")] public string? UnitEnergyProduct { get; init; }

    [JsonPropertyName("unitEnergyValue")] public decimal? UnitEnergyValue { get; init; }

    [JsonPropertyName("stage")] public required string Stage { get; init; }

    [JsonPropertyName("energyReview")] public string? EnergyReview { get; init; }

    [JsonPropertyName("carbonEvaluation")] public string? CarbonEvaluation { get; init; }

    [JsonPropertyName("eia")] public string? Eia { get; init; }

    [JsonPropertyName("capacityReplacement")] public string? CapacityReplacement { get; init; }

    /// <summary>Set (true) only for an approved major national project; absent otherwise, as in registrations written before it existed.</summary>
    [JsonPropertyName("nationalMajor")] public bool? NationalMajor { get; init; }

    public static LedgerProject From(ProjectRegistration r) => new()
    {
        Id = r.Id,
        SiteEntityId = r.SiteEntityId,
        OwnerEntityId = r.OwnerEntityId,
        Name = r.Name,
        NameZh = r.NameZh,
        Sector = r.Sector,
        IndustryCode = r.IndustryCode,
        Products = [.. r.Products.Select(p => new LedgerProduct(p.Code, p.Name, p.Capacity, p.Unit))],
        PlannedStartYear = r.PlannedStartYear,
        AnnualUse = LedgerReport.From(r.AnnualUse),
        UnitEnergyProduct = r.UnitEnergy?.Product,
        UnitEnergyValue = r.UnitEnergy?.Value,
        Stage = r.Stage.ToString(),
        EnergyReview = r.Documents.EnergyReview,
        CarbonEvaluation = r.Documents.CarbonEvaluation,
        Eia = r.Documents.Eia,
        CapacityReplacement = r.Documents.CapacityReplacement,
        NationalMajor = r.NationalMajor ? true : null,
    };

    public ProjectRegistration ToRegistration() => new()
    {
        Id = Id,
        SiteEntityId = SiteEntityId,
        OwnerEntityId = OwnerEntityId,
        Name = Name,
        NameZh = NameZh,
        Sector = Sector,
        IndustryCode = IndustryCode,
        Products = [.. Products.Select(p => new ProductCapacity(p.Code, p.Name, p.Capacity, p.Unit))],
        PlannedStartYear = PlannedStartYear,
        AnnualUse = AnnualUse.ToData(),
        UnitEnergy = UnitEnergyProduct is { } product && UnitEnergyValue is { } value ? new UnitEnergyUse(product, value) : null,
        Stage = LedgerNames.Parse<ProjectStage>(Stage, "stage"),
        Documents = new ProjectDocuments { EnergyReview = EnergyReview, CarbonEvaluation = CarbonEvaluation, Eia = Eia, CapacityReplacement = CapacityReplacement },
        NationalMajor = NationalMajor ?? false,
    };
}
