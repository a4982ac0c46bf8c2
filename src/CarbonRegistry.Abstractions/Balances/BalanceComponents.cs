namespace CarbonRegistry.Abstractions.Balances;

/// <summary>
/// The additive components of a balance, as stored in the read model and exchanged between
/// grains: exact decimals that add across months and across children. Headline figures are
/// derived from them by the accounting library.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BalanceComponents
{
    /// <summary>An empty set of components.</summary>
    public static BalanceComponents Zero { get; } = new();

#pragma warning disable CS1591 // Each member mirrors the same-named figure of CarbonRegistry.Accounting.Balances.Balance.
    [Id(0)] public decimal FuelCombustionTce { get; init; }
    [Id(1)] public decimal FeedstockTce { get; init; }
    [Id(2)] public decimal BiomassTce { get; init; }
    [Id(3)] public decimal CleanFuelTce { get; init; }
    [Id(4)] public decimal GridElectricityTce { get; init; }
    [Id(5)] public decimal GreenCertifiedElectricityTce { get; init; }
    [Id(6)] public decimal OnSiteRenewableTce { get; init; }
    [Id(7)] public decimal ElectricityEqualValueTce { get; init; }
    [Id(8)] public decimal HeatTce { get; init; }
    [Id(9)] public decimal RenewableBaselineTce { get; init; }
    [Id(10)] public decimal CombustionCarbonTc { get; init; }
    [Id(11)] public decimal BiomassCarbonTc { get; init; }
    [Id(12)] public decimal ProcessCo2Tco2 { get; init; }
    [Id(13)] public decimal MethaneReleasedTch4 { get; init; }
    [Id(14)] public decimal MethaneReleasedTco2e { get; init; }
    [Id(15)] public decimal FlareCo2Tco2 { get; init; }
    [Id(16)] public decimal ElectricityLocationTco2 { get; init; }
    [Id(17)] public decimal ElectricityMarketTco2 { get; init; }
    [Id(18)] public decimal HeatTco2 { get; init; }
    [Id(19)] public decimal SinkRemovalsTco2 { get; init; }
    [Id(20)] public decimal CcusRemovalsTco2 { get; init; }
#pragma warning restore CS1591

    /// <summary>Sum of value added over the parts that have it, 10^4 yuan.</summary>
    [Id(21)] public decimal ValueAddedWanYuan { get; init; }

    /// <summary>How many contributing reports lack value added (intensities are null while any does).</summary>
    [Id(22)] public int PartsWithoutValueAdded { get; init; }

    /// <summary>How many monthly reports contribute.</summary>
    [Id(23)] public int ReportCount { get; init; }

    /// <summary>
    /// How many contributing reports used each factor set, as <c>id=count</c> pairs joined by ';'
    /// in id order. Counts add and subtract like every other component, so a rollup always knows
    /// exactly which sets it mixes.
    /// </summary>
    [Id(24)] public string FactorSetCounts { get; init; } = "";

    /// <summary>The factor sets used, sorted, '+'-joined; empty when nothing contributes.</summary>
    public string FactorSetIds => string.Join('+', ParseCounts(FactorSetCounts).Keys);

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

    /// <summary>a + sign × b without a decimal multiplication.</summary>
    private static decimal Add(decimal a, decimal b, int sign) => sign > 0 ? a + b : a - b;

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

    private BalanceComponents Combine(BalanceComponents o, int sign)
    {
        var s = sign;
        return new BalanceComponents
        {
            FuelCombustionTce = Add(FuelCombustionTce, o.FuelCombustionTce, s),
            FeedstockTce = Add(FeedstockTce, o.FeedstockTce, s),
            BiomassTce = Add(BiomassTce, o.BiomassTce, s),
            CleanFuelTce = Add(CleanFuelTce, o.CleanFuelTce, s),
            GridElectricityTce = Add(GridElectricityTce, o.GridElectricityTce, s),
            GreenCertifiedElectricityTce = Add(GreenCertifiedElectricityTce, o.GreenCertifiedElectricityTce, s),
            OnSiteRenewableTce = Add(OnSiteRenewableTce, o.OnSiteRenewableTce, s),
            ElectricityEqualValueTce = Add(ElectricityEqualValueTce, o.ElectricityEqualValueTce, s),
            HeatTce = Add(HeatTce, o.HeatTce, s),
            RenewableBaselineTce = Add(RenewableBaselineTce, o.RenewableBaselineTce, s),
            CombustionCarbonTc = Add(CombustionCarbonTc, o.CombustionCarbonTc, s),
            BiomassCarbonTc = Add(BiomassCarbonTc, o.BiomassCarbonTc, s),
            ProcessCo2Tco2 = Add(ProcessCo2Tco2, o.ProcessCo2Tco2, s),
            MethaneReleasedTch4 = Add(MethaneReleasedTch4, o.MethaneReleasedTch4, s),
            MethaneReleasedTco2e = Add(MethaneReleasedTco2e, o.MethaneReleasedTco2e, s),
            FlareCo2Tco2 = Add(FlareCo2Tco2, o.FlareCo2Tco2, s),
            ElectricityLocationTco2 = Add(ElectricityLocationTco2, o.ElectricityLocationTco2, s),
            ElectricityMarketTco2 = Add(ElectricityMarketTco2, o.ElectricityMarketTco2, s),
            HeatTco2 = Add(HeatTco2, o.HeatTco2, s),
            SinkRemovalsTco2 = Add(SinkRemovalsTco2, o.SinkRemovalsTco2, s),
            CcusRemovalsTco2 = Add(CcusRemovalsTco2, o.CcusRemovalsTco2, s),
            ValueAddedWanYuan = Add(ValueAddedWanYuan, o.ValueAddedWanYuan, s),
            PartsWithoutValueAdded = PartsWithoutValueAdded + (s * o.PartsWithoutValueAdded),
            ReportCount = ReportCount + (s * o.ReportCount),
            FactorSetCounts = MergeCounts(FactorSetCounts, o.FactorSetCounts, s),
        };
    }
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
