using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Serialization;
using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.Factors;

namespace CarbonRegistry.Accounting.DualControl;

/// <summary>What a deduction is taken out of.</summary>
public enum DeductionScope
{
    /// <summary>The controlled total only; the energy still counts in intensity.</summary>
    Total,

    /// <summary>Intensity only.</summary>
    Intensity,

    /// <summary>The controlled total and intensity.</summary>
    Both,
}

/// <summary>One deduction of a rule set: which energy (<see cref="Code"/>) and what it is taken out of.</summary>
/// <param name="Code">renewable_increment, non_fossil, feedstock or national_major_projects (see <see cref="DeductionRules.Amounts"/>).</param>
/// <param name="AppliesTo">Total, intensity or both.</param>
/// <param name="Status">verified, recalled or unknown.</param>
/// <param name="Source">The text it comes from.</param>
public sealed record Deduction(string Code, DeductionScope AppliesTo, string Status, string Source)
{
    /// <summary>Whether it is taken out of the controlled total.</summary>
    public bool FromTotal => AppliesTo is DeductionScope.Total or DeductionScope.Both;

    /// <summary>Whether it is taken out of the energy of intensity.</summary>
    public bool FromIntensity => AppliesTo is DeductionScope.Intensity or DeductionScope.Both;
}

/// <summary>The deductions of the years a rule applied.</summary>
public sealed record DeductionRuleSet
{
    /// <summary>
    /// What a balance built without a rule set applies: the renewable increment and feedstock,
    /// both from the total and from intensity (the registry's behaviour before rule sets were data).
    /// </summary>
    public static DeductionRuleSet Unspecified { get; } = new()
    {
        Id = "unspecified",
        FromYear = 1990,
        Status = "unknown",
        Source = "no rule set given",
        Deductions = [new("renewable_increment", DeductionScope.Both, "unknown", "no rule set given"), new("feedstock", DeductionScope.Both, "unknown", "no rule set given")],
    };

    /// <summary>A year no rule set covers: nothing is deducted.</summary>
    public static DeductionRuleSet NoneKnown { get; } = new() { Id = "none", FromYear = 1990, Status = "verified", Source = "no deduction rule covers the year", Deductions = [] };

    /// <summary>Stable id.</summary>
    public required string Id { get; init; }

    /// <summary>First year.</summary>
    public required int FromYear { get; init; }

    /// <summary>Last year, or null while in force.</summary>
    public int? ToYear { get; init; }

    /// <summary>verified, recalled or unknown.</summary>
    public required string Status { get; init; }

    /// <summary>The texts it comes from.</summary>
    public required string Source { get; init; }

    /// <summary>Its deductions.</summary>
    public required IReadOnlyList<Deduction> Deductions { get; init; }

    /// <summary>Whether it covers <paramref name="year"/>.</summary>
    public bool Covers(int year) => year >= FromYear && (ToYear is null || year <= ToYear);

    /// <summary>
    /// The reduction of energy intensity from <paramref name="baseYear"/> to <paramref name="year"/>
    /// with this rule set applied to both years, so what it deducts from intensity (feedstock above
    /// all) is deducted in the base year as in the year assessed: 1 − intensity / base intensity;
    /// null without value added in either year.
    /// </summary>
    public decimal? IntensityReduction(Balance baseYear, Balance year) =>
        (baseYear with { Deductions = this }).EnergyIntensity is > 0m and var @base && (year with { Deductions = this }).EnergyIntensity is { } now
            ? 1m - (now / @base)
            : null;

    /// <summary>The energy taken out of the controlled total, tce.</summary>
    public decimal FromTotal(Balance balance) => Deductions.Where(d => d.FromTotal).Sum(d => DeductionRules.Amount(d.Code, balance));

    /// <summary>The energy taken out of the energy of intensity, tce.</summary>
    public decimal FromIntensity(Balance balance) => Deductions.Where(d => d.FromIntensity).Sum(d => DeductionRules.Amount(d.Code, balance));
}

/// <summary>
/// The deduction rule sets by year, as versioned data (<c>schema/policy/deductions.json</c>): a
/// period's controlled energy and the energy of its intensity follow the rule set of its year.
/// </summary>
public sealed record DeductionRules(string Id, IReadOnlyList<DeductionRuleSet> RuleSets)
{
    /// <summary>Rules for a catalogue built without them: <see cref="DeductionRuleSet.Unspecified"/> every year.</summary>
    public static DeductionRules Unconfigured { get; } = new("unconfigured", []);

    /// <summary>The energy each deduction code takes, from a balance's components.</summary>
    public static IReadOnlyDictionary<string, Func<Balance, decimal>> Amounts { get; } = new Dictionary<string, Func<Balance, decimal>>(StringComparer.Ordinal)
    {
        ["renewable_increment"] = b => b.RenewableDeductionTce,
        ["non_fossil"] = b => b.NonFossilTce,
        ["feedstock"] = b => b.FeedstockDeductionTce,
        ["national_major_projects"] = b => b.SeparateEnergyTce,
    };

    /// <summary>The energy of deduction <paramref name="code"/> in <paramref name="balance"/>, tce.</summary>
    public static decimal Amount(string code, Balance balance) => Amounts[code](balance);

    /// <summary>Rule sets chosen for years by a recorded switch (year → rule set id), which replace the ones covering them.</summary>
    public IReadOnlyDictionary<int, string> Pins { get; private init; } = new Dictionary<int, string>();

    /// <summary>These rules with <paramref name="pins"/> (copied) as the recorded switches.</summary>
    public DeductionRules WithPins(IReadOnlyDictionary<int, string> pins) =>
        pins.Count == 0 && Pins.Count == 0 ? this : this with { Pins = pins.ToFrozenDictionary() };

    /// <summary>Whether a loaded rule set has <paramref name="ruleSetId"/> (a recorded switch may name only those).</summary>
    public bool IsLoaded(string ruleSetId) => RuleSets.Any(r => r.Id == ruleSetId);

    /// <summary>
    /// The rule set of <paramref name="year"/>: the one a recorded switch chose, otherwise the one
    /// covering it, <see cref="DeductionRuleSet.NoneKnown"/> when none does, or
    /// <see cref="DeductionRuleSet.Unspecified"/> for unconfigured rules.
    /// </summary>
    public DeductionRuleSet ForYear(int year) =>
        Pins.TryGetValue(year, out var pinned) && ById(pinned) is { } chosen ? chosen
        : RuleSets.Count == 0 && Id == Unconfigured.Id ? DeductionRuleSet.Unspecified
        : RuleSets.FirstOrDefault(r => r.Covers(year)) ?? DeductionRuleSet.NoneKnown;

    /// <summary>The rule set with <paramref name="id"/> (a loaded one, or none / unspecified), or null.</summary>
    public DeductionRuleSet? ById(string? id) =>
        RuleSets.FirstOrDefault(r => r.Id == id) ?? (id == DeductionRuleSet.NoneKnown.Id ? DeductionRuleSet.NoneKnown : id == DeductionRuleSet.Unspecified.Id ? DeductionRuleSet.Unspecified : null);

    /// <summary>
    /// Loads <c>deductions.json</c> of <paramref name="directory"/>: rule sets whose years overlap,
    /// an unknown code, or energy deducted twice (the renewable increment beside all non-fossil
    /// energy) stop the load naming the file.
    /// </summary>
    public static DeductionRules Load(string directory)
    {
        const string File = "deductions.json";
        DeductionRules rules;
        try
        {
            rules = JsonSerializer.Deserialize<DeductionRules>(System.IO.File.ReadAllText(Path.Combine(directory, File)), s_json)
                ?? throw new FactorFileException(File, "(file)", "the file is empty");
        }
        catch (Exception error) when (error is JsonException or IOException)
        {
            throw new FactorFileException(File, "(file)", error.Message);
        }

        var ordered = rules.RuleSets.OrderBy(r => r.FromYear).ToList();
        foreach (var (earlier, later) in ordered.Zip(ordered.Skip(1)))
        {
            if (earlier.ToYear is null || earlier.ToYear >= later.FromYear)
            {
                throw new FactorFileException(File, later.Id, $"its years overlap those of '{earlier.Id}'");
            }
        }

        // A recorded switch names its rule set by id: each id is one set, and none is a name the
        // registry gives the years no set covers.
        foreach (var set in rules.RuleSets.GroupBy(r => r.Id).Where(g => g.Count() > 1 || g.Key == DeductionRuleSet.NoneKnown.Id || g.Key == DeductionRuleSet.Unspecified.Id).Select(g => g.First()))
        {
            throw new FactorFileException(File, set.Id, "its id is repeated, or reserved for years no rule set covers");
        }

        foreach (var set in rules.RuleSets)
        {
            if (set.ToYear < set.FromYear)
            {
                throw new FactorFileException(File, set.Id, "its years are backwards");
            }

            foreach (var deduction in set.Deductions.Where(d => !Amounts.ContainsKey(d.Code)))
            {
                throw new FactorFileException(File, $"{set.Id}.{deduction.Code}", $"not a deduction the registry computes ({string.Join(", ", Amounts.Keys)})");
            }

            var codes = set.Deductions.Select(d => d.Code).ToList();
            if (codes.Distinct().Count() != codes.Count || (codes.Contains("renewable_increment") && codes.Contains("non_fossil")))
            {
                throw new FactorFileException(File, set.Id, "energy would be deducted twice (a code repeated, or the renewable increment beside all non-fossil energy)");
            }
        }

        return rules with { RuleSets = ordered };
    }

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        Converters = { new JsonStringEnumConverter() },
    };
}
