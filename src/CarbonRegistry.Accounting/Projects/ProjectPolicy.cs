namespace CarbonRegistry.Accounting.Projects;

/// <summary>A sector of the two-high catalogue (national six, or a provincial product row within one).</summary>
/// <param name="Code">Stable code, e.g. <c>coking</c>.</param>
/// <param name="Name">English name.</param>
/// <param name="NameZh">Chinese name.</param>
/// <param name="Gbt4754">GB/T 4754 industry codes the sector covers.</param>
/// <param name="Parent">The national sector a provincial row belongs to, if any.</param>
/// <param name="Status">verified, recalled or unknown (see <c>schema/policy</c>).</param>
public sealed record TwoHighSector(string Code, string Name, string NameZh, IReadOnlyList<string> Gbt4754, string? Parent, string Status);

/// <summary>
/// The benchmark (标杆水平) and baseline (基准水平) unit energy use of a product. Lower is better: a
/// project using more energy per unit than the benchmark is "below the benchmark".
/// </summary>
/// <param name="Product">Product code.</param>
/// <param name="Name">English name.</param>
/// <param name="NameZh">Chinese name.</param>
/// <param name="Sector">Catalogue sector code.</param>
/// <param name="Unit">Unit of the values, e.g. <c>kgce/t</c>.</param>
/// <param name="Benchmark">Benchmark level: proposed and under-construction projects must reach it.</param>
/// <param name="Baseline">Baseline level: existing plants above it must upgrade or exit.</param>
/// <param name="Demo">True for placeholder rows that are not the published values.</param>
public sealed record EfficiencyReference(string Product, string Name, string NameZh, string Sector, string Unit, decimal Benchmark, decimal Baseline, bool Demo);

/// <summary>The coal substitution ratio of a city; <see cref="Ratio"/> null where the rule gives none.</summary>
/// <param name="City">City entity id; null for the rule elsewhere.</param>
/// <param name="Ratio">Required substitute tonnes per tonne of new coal use, or null (unknown: a parameter to set).</param>
/// <param name="Status">verified, recalled or unknown.</param>
/// <param name="Note">What the source says.</param>
public sealed record SubstitutionRatio(string? City, decimal? Ratio, string Status, string Note);

/// <summary>A kind of coal substitution source, allowed or refused by the rule.</summary>
/// <param name="Code">Stable code.</param>
/// <param name="Name">English name.</param>
/// <param name="NameZh">Chinese name.</param>
/// <param name="Allowed">Whether the rule accepts it.</param>
/// <param name="Source">The text that refuses it, for refused kinds.</param>
public sealed record SubstitutionSourceKind(string Code, string Name, string NameZh, bool Allowed, string? Source);

/// <summary>A department that signs off a joint review.</summary>
/// <param name="Code">Stable code, carried in a reviewer's token.</param>
/// <param name="Name">English name.</param>
/// <param name="NameZh">Chinese name.</param>
public sealed record ReviewDepartment(string Code, string Name, string NameZh);

/// <summary>A disposal category (分类处置) of the project ledger.</summary>
/// <param name="Code">Stable code.</param>
/// <param name="Name">English name.</param>
/// <param name="NameZh">Chinese name.</param>
/// <param name="NeedsDeadline">Whether a rectification deadline (with yearly milestones) is required.</param>
/// <param name="Status">How far the category is verified.</param>
public sealed record DisposalCategory(string Code, string Name, string NameZh, bool NeedsDeadline, string Status);

/// <summary>
/// The rules the project ledger governs with, as versioned, cited data (<c>schema/policy</c>): the
/// two-high catalogue, the efficiency reference table, the coal substitution rule and the joint
/// review's departments and disposal categories. Each part keeps its id and source, and a number
/// the rules do not give stays null (unknown), never a made-up default.
/// </summary>
public sealed class ProjectPolicy
{
    /// <summary>The ids of the four parts, joined by '+', for the audit trail.</summary>
    public required string Id { get; init; }

    /// <summary>The two-high catalogue, by code.</summary>
    public required IReadOnlyDictionary<string, TwoHighSector> Sectors { get; init; }

    /// <summary>The id and source of the catalogue.</summary>
    public required (string Id, string Source) Catalogue { get; init; }

    /// <summary>The efficiency reference rows, by product code.</summary>
    public required IReadOnlyDictionary<string, EfficiencyReference> References { get; init; }

    /// <summary>The id and source of the reference table.</summary>
    public required (string Id, string Source) ReferenceTable { get; init; }

    /// <summary>The coal substitution rule's id and source.</summary>
    public required (string Id, string Source) SubstitutionRule { get; init; }

    /// <summary>Carrier codes whose tonnes count as coal use.</summary>
    public required IReadOnlySet<string> CountedCarriers { get; init; }

    /// <summary>Whether coal used as raw material counts (Shanxi: yes).</summary>
    public required bool CountsFeedstock { get; init; }

    /// <summary>Ratios by city id.</summary>
    public required IReadOnlyDictionary<string, SubstitutionRatio> Ratios { get; init; }

    /// <summary>The ratio where no city row applies.</summary>
    public required SubstitutionRatio RatioElsewhere { get; init; }

    /// <summary>Substitution source kinds, allowed and refused, by code.</summary>
    public required IReadOnlyDictionary<string, SubstitutionSourceKind> SourceKinds { get; init; }

    /// <summary>The departments a review round asks, in order.</summary>
    public required IReadOnlyList<ReviewDepartment> Departments { get; init; }

    /// <summary>New annual energy use (tce) from which a project goes to national window guidance.</summary>
    public required decimal WindowGuidanceTce { get; init; }

    /// <summary>The longest rectification deadline, in years.</summary>
    public required int RectificationMaxYears { get; init; }

    /// <summary>Disposal categories, by code.</summary>
    public required IReadOnlyDictionary<string, DisposalCategory> DisposalCategories { get; init; }

    /// <summary>The substitution ratio that applies in <paramref name="cityId"/>.</summary>
    public SubstitutionRatio RatioFor(string? cityId) =>
        cityId is not null && Ratios.TryGetValue(cityId, out var ratio) ? ratio : RatioElsewhere;
}
