using System.Text.Json.Serialization;
using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.DualControl;

namespace CarbonRegistry.Abstractions.Balances;

/// <summary>
/// The additive components of a balance, as stored in the read model and exchanged between
/// grains: one exact decimal per <see cref="BalanceComponent"/>, the value added and the counts
/// that say what contributes, all of which add across months and across children. Headline
/// figures are derived from them by the accounting library.
/// <para>
/// Serialized by <see cref="BalanceComponentsCodec"/> (Orleans) and
/// <see cref="BalanceComponentsJsonConverter"/> (snapshots), which follow the component list and
/// keep the formats earlier builds wrote.
/// </para>
/// </summary>
[Immutable]
[JsonConverter(typeof(BalanceComponentsJsonConverter))]
public sealed record BalanceComponents
{
    /// <summary>An empty set of components.</summary>
    public static BalanceComponents Zero { get; } = new();

    /// <summary>The decimal components, one per <see cref="BalanceComponent"/>.</summary>
    public ComponentVector Values { get; init; } = ComponentVector.Zero;

    /// <summary>The value of one component.</summary>
    public decimal this[BalanceComponent component] => Values[component];

    /// <summary>Sum of value added over the parts that have it, 10^4 yuan.</summary>
    public decimal ValueAddedWanYuan { get; init; }

    /// <summary>How many contributing reports lack value added (intensities are null while any does).</summary>
    public int PartsWithoutValueAdded { get; init; }

    /// <summary>How many monthly reports contribute.</summary>
    public int ReportCount { get; init; }

    /// <summary>
    /// How many contributing reports used each factor set, as <c>id=count</c> pairs joined by ';'
    /// in id order. Counts add and subtract like every other component, so a rollup always knows
    /// exactly which sets it mixes.
    /// </summary>
    public string FactorSetCounts { get; init; } = "";

    /// <summary>The factor sets used, sorted, '+'-joined; empty when nothing contributes.</summary>
    public string FactorSetIds => string.Join('+', ParseCounts(FactorSetCounts).Keys);

    /// <summary>
    /// The accounting balance of these components, so headline figures are derived by the one rule
    /// book; <paramref name="deductions"/> is the rule set of the period's year (see
    /// <see cref="DeductionRules.ForYear"/>). Required, so that no caller leaves controlled energy
    /// without its deductions by omission; <see cref="DeductionRuleSet.Unspecified"/> says so on purpose.
    /// </summary>
    public Balance ToBalance(string period, DeductionRuleSet deductions) => new()
    {
        Period = period,
        Deductions = deductions,
        FactorSetId = FactorSetIds,
        Components = Values,
        ValueAddedWanYuan = PartsWithoutValueAdded > 0 || ReportCount == 0 ? null : ValueAddedWanYuan,
    };

    /// <summary>Component-wise sum.</summary>
    public BalanceComponents Plus(BalanceComponents other) => Combine(other, 1);

    /// <summary>Component-wise difference (this − other).</summary>
    public BalanceComponents Minus(BalanceComponents other) => Combine(other, -1);

    /// <summary>Whether every component is zero (a delta that changes nothing).</summary>
    public bool IsZero => Equals(Zero);

    /// <summary>Parses <c>id=count;…</c>.</summary>
    public static SortedDictionary<string, int> ParseCounts(string counts)
    {
        var result = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var pair in counts.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.LastIndexOf('=');
            result[pair[..at]] = int.Parse(pair[(at + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        }

        return result;
    }

    /// <summary>Formats counts, dropping ids whose count is zero.</summary>
    public static string FormatCounts(IEnumerable<KeyValuePair<string, int>> counts) =>
        string.Join(';', counts.Where(pair => pair.Value != 0).OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{pair.Key}={pair.Value}")));

    /// <summary>
    /// <paramref name="a"/> + <paramref name="sign"/> × <paramref name="b"/>, formatted as
    /// <see cref="FormatCounts"/> does. Nearly every period has one factor set, and the rollups on
    /// the write path combine such counts hundreds of times per ledger transaction, so a zero or
    /// single-set operand is merged without building sorted maps (that was 6% of a submission's CPU).
    /// </summary>
    public static string MergeCounts(string a, string b, int sign)
    {
        if (b.Length == 0 && (a.Length == 0 || OneSet(a) is (_, not 0)))
        {
            return a;
        }

        if (OneSet(a) is var (aKey, aCount) && OneSet(b) is var (bKey, bCount))
        {
            var oneSet = a.Length == 0 || b.Length == 0 || a.AsSpan(0, aKey).SequenceEqual(b.AsSpan(0, bKey));
            if (oneSet)
            {
                var (key, total) = a.Length == 0 ? (b[..bKey], sign * bCount) : (a[..aKey], aCount + (sign * bCount));
                return total == 0 ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{key}={total}");
            }
        }

        var counts = ParseCounts(a);
        foreach (var (id, count) in ParseCounts(b))
        {
            counts[id] = counts.GetValueOrDefault(id) + (sign * count);
        }

        return FormatCounts(counts);
    }

    /// <summary>The key length and count of a one-pair, canonical <c>id=count</c> ((0, 0) for ""), or null.</summary>
    private static (int KeyLength, int Count)? OneSet(string counts)
    {
        if (counts.Length == 0)
        {
            return (0, 0);
        }

        var at = counts.LastIndexOf('=');
        var digits = counts.AsSpan(at + 1);
        Span<char> canonical = stackalloc char[11];
        return at > 0 && !counts.AsSpan(0, at).Contains(';')
            && int.TryParse(digits, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var count)
            && count.TryFormat(canonical, out var written, default, System.Globalization.CultureInfo.InvariantCulture)
            && digits.SequenceEqual(canonical[..written])
            ? (at, count)
            : null;
    }

    private BalanceComponents Combine(BalanceComponents o, int sign) => new()
    {
        Values = sign > 0 ? Values.Plus(o.Values) : Values.Minus(o.Values),
        ValueAddedWanYuan = sign > 0 ? ValueAddedWanYuan + o.ValueAddedWanYuan : ValueAddedWanYuan - o.ValueAddedWanYuan,
        PartsWithoutValueAdded = PartsWithoutValueAdded + (sign * o.PartsWithoutValueAdded),
        ReportCount = ReportCount + (sign * o.ReportCount),
        FactorSetCounts = MergeCounts(FactorSetCounts, o.FactorSetCounts, sign),
    };
}

/// <summary>Whose figures: the body's own reports, or the body with everything under it.</summary>
public enum BalanceScope
{
    /// <summary>The body's own reports only.</summary>
    Own,

    /// <summary>The body and all its descendants: the rollup.</summary>
    Total,
}

/// <summary>A stored balance row: one entity, period and scope, at a row version.</summary>
/// <param name="EntityId">The entity.</param>
/// <param name="Year">Year.</param>
/// <param name="Month">Month 1–12, or 0 for the whole year.</param>
/// <param name="Scope">Own or total.</param>
/// <param name="Components">The figures.</param>
/// <param name="RowVersion">Increases with every change of the row: a newer version replaces an older one, never the reverse.</param>
[GenerateSerializer, Immutable]
public sealed record BalanceRow(
    [property: Id(0)] string EntityId,
    [property: Id(1)] int Year,
    [property: Id(2)] int Month,
    [property: Id(3)] BalanceScope Scope,
    [property: Id(4)] BalanceComponents Components,
    [property: Id(5)] long RowVersion);
