using System.Text.Json;
using System.Text.Json.Serialization;
using CarbonRegistry.Accounting.Factors;

namespace CarbonRegistry.Accounting.Projects;

/// <summary>
/// Reads the project ledger's rules from <c>schema/policy</c>. A file that is malformed or
/// inconsistent (a duplicate code, a ratio ≤ 0, a baseline better than its benchmark, a
/// provincial row under a sector that does not exist) stops the load with a message naming the file.
/// </summary>
public static class ProjectPolicyLoader
{
    /// <summary>Where the build puts the rules: beside the binaries.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "policy");

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Loads the four files of <paramref name="directory"/>.</summary>
    public static ProjectPolicy LoadDirectory(string directory)
    {
        var catalogue = Read<CatalogueFile>(directory, "two-high-catalogue.json");
        var references = Read<ReferenceFile>(directory, "efficiency-reference.json");
        var substitution = Read<SubstitutionFile>(directory, "coal-substitution.json");
        var review = Read<ReviewFile>(directory, "joint-review.json");

        var sectors = Unique("two-high-catalogue.json", catalogue.Sectors, s => s.Code);
        foreach (var sector in sectors.Values.Where(s => s.Parent is not null && !sectors.ContainsKey(s.Parent)))
        {
            throw Invalid("two-high-catalogue.json", $"sector '{sector.Code}' names parent '{sector.Parent}', which is not in the catalogue");
        }

        var rows = Unique("efficiency-reference.json", references.Rows, r => r.Product);
        foreach (var row in rows.Values)
        {
            if (!sectors.ContainsKey(row.Sector))
            {
                throw Invalid("efficiency-reference.json", $"product '{row.Product}' names sector '{row.Sector}', which is not in the catalogue");
            }

            if (row.Baseline < row.Benchmark)
            {
                throw Invalid("efficiency-reference.json", $"product '{row.Product}': the baseline ({row.Baseline}) is better than the benchmark ({row.Benchmark}); lower unit energy use is better");
            }
        }

        var ratios = Unique("coal-substitution.json", substitution.Ratios, r => r.City ?? "");
        foreach (var ratio in ratios.Values.Append(substitution.RatioElsewhere).Where(r => r.Ratio is <= 0m))
        {
            throw Invalid("coal-substitution.json", $"the ratio of '{ratio.City ?? "elsewhere"}' must be greater than zero, or null where the rule gives none");
        }

        var kinds = Unique(
            "coal-substitution.json",
            [.. substitution.AllowedSources.Select(s => new SubstitutionSourceKind(s.Code, s.Name, s.NameZh, true, null)),
             .. substitution.RefusedSources.Select(s => new SubstitutionSourceKind(s.Code, s.Name, s.NameZh, false, s.Source))],
            k => k.Code);
        var departments = Unique("joint-review.json", review.Departments, d => d.Code);
        if (departments.Count == 0)
        {
            throw Invalid("joint-review.json", "a review needs at least one department");
        }

        return new ProjectPolicy
        {
            Id = string.Join('+', catalogue.Id, references.Id, substitution.Id, review.Id),
            Sectors = sectors,
            Catalogue = (catalogue.Id, catalogue.Source),
            References = rows,
            ReferenceTable = (references.Id, references.Source),
            SubstitutionRule = (substitution.Id, substitution.Source),
            CountedCarriers = substitution.CountedCarriers.ToHashSet(StringComparer.Ordinal),
            CountsFeedstock = substitution.CountsFeedstock,
            Ratios = ratios,
            RatioElsewhere = substitution.RatioElsewhere,
            SourceKinds = kinds,
            Departments = review.Departments,
            WindowGuidanceTce = review.WindowGuidanceTce,
            RectificationMaxYears = review.RectificationMaxYears,
            DisposalCategories = Unique("joint-review.json", review.DisposalCategories, c => c.Code),
        };
    }

    private static T Read<T>(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), s_json) ?? throw Invalid(name, "the file is empty");
        }
        catch (Exception error) when (error is JsonException or IOException)
        {
            throw new FactorFileException(name, "(file)", error.Message);
        }
    }

    private static Dictionary<string, T> Unique<T>(string file, IEnumerable<T> items, Func<T, string> key)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!result.TryAdd(key(item), item))
            {
                throw Invalid(file, $"'{key(item)}' is listed twice");
            }
        }

        return result;
    }

    private static FactorFileException Invalid(string file, string message) => new(file, "(rules)", message);

    private sealed record CatalogueFile(string Id, string Source, IReadOnlyList<TwoHighSector> Sectors);

    private sealed record ReferenceFile(string Id, string Source, IReadOnlyList<EfficiencyReference> Rows);

    private sealed record NamedSource(string Code, string Name, string NameZh, string? Source);

    private sealed record SubstitutionFile(
        string Id,
        string Source,
        IReadOnlyList<string> CountedCarriers,
        bool CountsFeedstock,
        IReadOnlyList<SubstitutionRatio> Ratios,
        SubstitutionRatio RatioElsewhere,
        IReadOnlyList<NamedSource> AllowedSources,
        IReadOnlyList<NamedSource> RefusedSources);

    private sealed record ReviewFile(
        string Id,
        IReadOnlyList<ReviewDepartment> Departments,
        decimal WindowGuidanceTce,
        int RectificationMaxYears,
        IReadOnlyList<DisposalCategory> DisposalCategories);
}
