using System.Text.Json;
using System.Text.Json.Serialization;
using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.Factors;

namespace CarbonRegistry.Accounting.ZeroCarbon;

/// <summary>A threshold of an energy band: for parks using from <see cref="FromTce"/> up to (not including) <see cref="ToTce"/> tce a year.</summary>
/// <param name="FromTce">Lower bound, tce a year.</param>
/// <param name="ToTce">Upper bound, or null for no bound.</param>
/// <param name="Max">The most the indicator may be, or null where the rule gives none.</param>
/// <param name="Status">verified, recalled or unknown.</param>
/// <param name="Note">What the source says.</param>
public sealed record EnergyBand(decimal FromTce, decimal? ToTce, decimal? Max, string Status, string? Note);

/// <summary>
/// One indicator of a programme: a figure of the annual balance (<see cref="Measure"/>) held to a
/// maximum, a minimum, a maximum by energy band, or a reduction from the entity's baseline, by
/// <see cref="ByYear"/> where the rule sets a year.
/// </summary>
public sealed record ZeroCarbonIndicator
{
    /// <summary>Stable code.</summary>
    public required string Code { get; init; }

    /// <summary>English name.</summary>
    public required string Name { get; init; }

    /// <summary>Chinese name.</summary>
    public required string NameZh { get; init; }

    /// <summary>
    /// The balance figure: co2OnlyPerEnergy, cleanEnergyShare, co2PerTonneRawCoal,
    /// energyPerTonneRawCoalKgce, gasUseRate, netTco2e or grossTco2e; or <see cref="ZeroCarbonRules.Entered"/>
    /// for a figure the balance does not hold, entered per year with its source.
    /// </summary>
    public required string Measure { get; init; }

    /// <summary>Whether the value is entered per year rather than computed from the balance.</summary>
    public bool IsEntered => Measure == ZeroCarbonRules.Entered;

    /// <summary>Unit of the figure.</summary>
    public required string Unit { get; init; }

    /// <summary>The programme's core indicator (a hard gate), as against guiding ones.</summary>
    public bool Core { get; init; }

    /// <summary>The most the figure may be.</summary>
    public decimal? Max { get; init; }

    /// <summary>The least the figure must be.</summary>
    public decimal? Min { get; init; }

    /// <summary>Thresholds by annual energy use.</summary>
    public IReadOnlyList<EnergyBand>? Bands { get; init; }

    /// <summary>The fraction the figure must fall below the baseline's.</summary>
    public decimal? Reduction { get; init; }

    /// <summary>The year by which the target is due, if the rule sets one.</summary>
    public int? ByYear { get; init; }

    /// <summary>verified, recalled or unknown.</summary>
    public required string Status { get; init; }

    /// <summary>A note on how the rule is read.</summary>
    public string? Note { get; init; }
}

/// <summary>A step of a programme's acceptance, in the order the programme's rules take them.</summary>
public enum AcceptanceStep
{
    /// <summary>The province reviewed the entity and recommended it.</summary>
    ProvinceReviewed,

    /// <summary>The national authority accepted it.</summary>
    NationallyAccepted,
}

/// <summary>How a programme accepts an entity: its steps in order, where the rule comes from.</summary>
/// <param name="Steps">The steps, each after the one before.</param>
/// <param name="Status">verified, recalled or unknown.</param>
/// <param name="Source">The text the steps come from.</param>
public sealed record AcceptanceRule(IReadOnlyList<AcceptanceStep> Steps, string Status, string Source);

/// <summary>Which entities a programme applies to: those in any of its pilot programmes, or of any of its kinds.</summary>
/// <param name="Pilots">Pilot programme names.</param>
/// <param name="Kinds">Entity kind names.</param>
public sealed record ProgrammeScope(IReadOnlyList<string>? Pilots, IReadOnlyList<string>? Kinds);

/// <summary>A zero-carbon programme and its indicators.</summary>
public sealed record ZeroCarbonProgramme
{
    /// <summary>Stable code.</summary>
    public required string Code { get; init; }

    /// <summary>English name.</summary>
    public required string Name { get; init; }

    /// <summary>Chinese name.</summary>
    public required string NameZh { get; init; }

    /// <summary>verified, recalled or unknown.</summary>
    public required string Status { get; init; }

    /// <summary>The text the programme comes from.</summary>
    public required string Source { get; init; }

    /// <summary>Which entities it applies to.</summary>
    public required ProgrammeScope AppliesTo { get; init; }

    /// <summary>Its indicators.</summary>
    public required IReadOnlyList<ZeroCarbonIndicator> Indicators { get; init; }

    /// <summary>Its acceptance steps, or null where the rules the registry knows give none.</summary>
    public AcceptanceRule? Acceptance { get; init; }

    /// <summary>The indicator with <paramref name="code"/>, or null.</summary>
    public ZeroCarbonIndicator? Indicator(string code) => Indicators.FirstOrDefault(i => i.Code == code);

    /// <summary>Whether the programme applies to an entity of <paramref name="kind"/> in <paramref name="pilots"/>.</summary>
    public bool AppliesToEntity(string kind, IEnumerable<string> pilots) =>
        (AppliesTo.Kinds?.Contains(kind, StringComparer.Ordinal) ?? false) || pilots.Any(p => AppliesTo.Pilots?.Contains(p, StringComparer.Ordinal) ?? false);
}

/// <summary>The zero-carbon programmes, as versioned data (<c>schema/policy/zero-carbon.json</c>).</summary>
public sealed record ZeroCarbonRules(string Id, IReadOnlyList<ZeroCarbonProgramme> Programmes)
{
    /// <summary>The measure of an indicator entered per year instead of computed.</summary>
    public const string Entered = "entered";

    /// <summary>The programme with <paramref name="code"/>, or null.</summary>
    public ZeroCarbonProgramme? Programme(string code) => Programmes.FirstOrDefault(p => p.Code == code);

    /// <summary>The balance figures an indicator may name.</summary>
    public static IReadOnlyDictionary<string, Func<Balance, decimal?>> Measures { get; } = new Dictionary<string, Func<Balance, decimal?>>(StringComparer.Ordinal)
    {
        ["co2OnlyPerEnergy"] = b => b.Co2OnlyPerEnergy,
        ["cleanEnergyShare"] = b => b.CleanEnergyShare,
        ["co2PerTonneRawCoal"] = b => b.Co2PerTonneRawCoal,
        ["energyPerTonneRawCoalKgce"] = b => b.EnergyPerTonneRawCoalKgce,
        ["gasUseRate"] = b => b.GasUseRate,
        ["netTco2e"] = b => b.NetTco2e,
        ["grossTco2e"] = b => b.GrossTco2e,
    };

    /// <summary>Loads <c>zero-carbon.json</c> of <paramref name="directory"/>; a malformed or inconsistent file stops the load naming it.</summary>
    public static ZeroCarbonRules Load(string directory)
    {
        const string File = "zero-carbon.json";
        ZeroCarbonRules rules;
        try
        {
            rules = JsonSerializer.Deserialize<ZeroCarbonRules>(System.IO.File.ReadAllText(Path.Combine(directory, File)), s_json)
                ?? throw new FactorFileException(File, "(file)", "the file is empty");
        }
        catch (Exception error) when (error is JsonException or IOException)
        {
            throw new FactorFileException(File, "(file)", error.Message);
        }

        foreach (var programme in rules.Programmes)
        {
            if (programme.Acceptance is { } acceptance && (acceptance.Steps.Count == 0 || acceptance.Steps.Distinct().Count() != acceptance.Steps.Count))
            {
                throw new FactorFileException(File, programme.Code, "acceptance steps are listed once each, at least one");
            }

            foreach (var indicator in programme.Indicators)
            {
                var key = $"{programme.Code}.{indicator.Code}";
                if (!indicator.IsEntered && !Measures.ContainsKey(indicator.Measure))
                {
                    throw new FactorFileException(File, key, $"measure '{indicator.Measure}' is not a figure the registry computes ({string.Join(", ", Measures.Keys)}) nor '{Entered}'");
                }

                if (indicator.IsEntered && (indicator.Min ?? indicator.Max) is null)
                {
                    throw new FactorFileException(File, key, "an entered indicator is held to a min or a max");
                }

                var targets = new[] { indicator.Max is not null, indicator.Min is not null, indicator.Bands is not null, indicator.Reduction is not null }.Count(x => x);
                if (targets != 1)
                {
                    throw new FactorFileException(File, key, "an indicator has exactly one of max, min, bands or reduction");
                }

                if (indicator.Reduction is not (null or (> 0m and < 1m)))
                {
                    throw new FactorFileException(File, key, "a reduction is a fraction between 0 and 1");
                }

                if (indicator.Bands is { } bands && bands.Zip(bands.Skip(1)).Any(pair => pair.First.ToTce != pair.Second.FromTce))
                {
                    throw new FactorFileException(File, key, "energy bands must follow each other without gap or overlap");
                }
            }
        }

        return rules;
    }

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        Converters = { new JsonStringEnumConverter() },
    };
}
