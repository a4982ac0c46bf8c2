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

    private BalanceComponents Combine(BalanceComponents o, int sign)
    {
        var s = sign;
        var counts = ParseCounts(FactorSetCounts);
        foreach (var (id, count) in ParseCounts(o.FactorSetCounts))
        {
            counts[id] = counts.GetValueOrDefault(id) + (s * count);
        }

        return new BalanceComponents
        {
            FuelCombustionTce = FuelCombustionTce + (s * o.FuelCombustionTce),
            FeedstockTce = FeedstockTce + (s * o.FeedstockTce),
            BiomassTce = BiomassTce + (s * o.BiomassTce),
            CleanFuelTce = CleanFuelTce + (s * o.CleanFuelTce),
            GridElectricityTce = GridElectricityTce + (s * o.GridElectricityTce),
            GreenCertifiedElectricityTce = GreenCertifiedElectricityTce + (s * o.GreenCertifiedElectricityTce),
            OnSiteRenewableTce = OnSiteRenewableTce + (s * o.OnSiteRenewableTce),
            ElectricityEqualValueTce = ElectricityEqualValueTce + (s * o.ElectricityEqualValueTce),
            HeatTce = HeatTce + (s * o.HeatTce),
            RenewableBaselineTce = RenewableBaselineTce + (s * o.RenewableBaselineTce),
            CombustionCarbonTc = CombustionCarbonTc + (s * o.CombustionCarbonTc),
            BiomassCarbonTc = BiomassCarbonTc + (s * o.BiomassCarbonTc),
            ProcessCo2Tco2 = ProcessCo2Tco2 + (s * o.ProcessCo2Tco2),
            MethaneReleasedTch4 = MethaneReleasedTch4 + (s * o.MethaneReleasedTch4),
            MethaneReleasedTco2e = MethaneReleasedTco2e + (s * o.MethaneReleasedTco2e),
            FlareCo2Tco2 = FlareCo2Tco2 + (s * o.FlareCo2Tco2),
            ElectricityLocationTco2 = ElectricityLocationTco2 + (s * o.ElectricityLocationTco2),
            ElectricityMarketTco2 = ElectricityMarketTco2 + (s * o.ElectricityMarketTco2),
            HeatTco2 = HeatTco2 + (s * o.HeatTco2),
            SinkRemovalsTco2 = SinkRemovalsTco2 + (s * o.SinkRemovalsTco2),
            CcusRemovalsTco2 = CcusRemovalsTco2 + (s * o.CcusRemovalsTco2),
            ValueAddedWanYuan = ValueAddedWanYuan + (s * o.ValueAddedWanYuan),
            PartsWithoutValueAdded = PartsWithoutValueAdded + (s * o.PartsWithoutValueAdded),
            ReportCount = ReportCount + (s * o.ReportCount),
            FactorSetCounts = FormatCounts(counts),
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
