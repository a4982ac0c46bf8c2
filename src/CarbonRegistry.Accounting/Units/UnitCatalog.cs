using CarbonRegistry.Accounting.Errors;

namespace CarbonRegistry.Accounting.Units;

/// <summary>Symbols, measures and exact conversion factors of <see cref="Unit"/>.</summary>
public static class UnitCatalog
{
    private static readonly Dictionary<string, Unit> s_bySymbol = new(StringComparer.Ordinal)
    {
        ["t"] = Unit.Tonne,
        ["kg"] = Unit.Kilogram,
        ["m3"] = Unit.CubicMetre,
        ["10^4 m3"] = Unit.TenThousandCubicMetres,
        ["kWh"] = Unit.KilowattHour,
        ["MWh"] = Unit.MegawattHour,
        ["GJ"] = Unit.Gigajoule,
        ["MJ"] = Unit.Megajoule,
        ["tce"] = Unit.Tce,
        ["tCO2"] = Unit.TonneCo2,
        ["tCO2e"] = Unit.TonneCo2e,
        ["10^4 yuan"] = Unit.TenThousandYuan,
        ["10^4 kWh"] = Unit.TenThousandKilowattHours,
        ["kgce"] = Unit.KilogramCoalEquivalent,
        ["10^4 t"] = Unit.TenThousandTonnes,
    };

    // Units as reporters write them on statistical returns (统计报表): Chinese names and the usual
    // shorthand. Each is another spelling of one unit above, never a unit of its own.
    private static readonly Dictionary<string, Unit> s_byAlias = new(StringComparer.Ordinal)
    {
        ["吨"] = Unit.Tonne,
        ["千克"] = Unit.Kilogram,
        ["公斤"] = Unit.Kilogram,
        ["万吨"] = Unit.TenThousandTonnes,
        ["立方米"] = Unit.CubicMetre,
        ["m³"] = Unit.CubicMetre,
        ["万立方米"] = Unit.TenThousandCubicMetres,
        ["万m3"] = Unit.TenThousandCubicMetres,
        ["万m³"] = Unit.TenThousandCubicMetres,
        ["千瓦时"] = Unit.KilowattHour,
        ["度"] = Unit.KilowattHour,
        ["万千瓦时"] = Unit.TenThousandKilowattHours,
        ["万kWh"] = Unit.TenThousandKilowattHours,
        ["兆瓦时"] = Unit.MegawattHour,
        ["吉焦"] = Unit.Gigajoule,
        ["兆焦"] = Unit.Megajoule,
        ["吨标准煤"] = Unit.Tce,
        ["吨标煤"] = Unit.Tce,
        ["千克标准煤"] = Unit.KilogramCoalEquivalent,
        ["千克标煤"] = Unit.KilogramCoalEquivalent,
        ["吨二氧化碳"] = Unit.TonneCo2,
        ["吨二氧化碳当量"] = Unit.TonneCo2e,
        ["万元"] = Unit.TenThousandYuan,
    };

    /// <summary>Every unit symbol the registry reads, in the order of this catalogue.</summary>
    public static IReadOnlyCollection<string> Symbols => s_bySymbol.Keys;

    /// <summary>The other spellings the registry reads (万千瓦时, 吨, 万元, …), each with the unit it stands for.</summary>
    public static IReadOnlyDictionary<string, Unit> Aliases => s_byAlias;

    /// <summary>The other spellings of <paramref name="unit"/>, in the order of this catalogue.</summary>
    public static IReadOnlyList<string> AliasesOf(Unit unit) => [.. s_byAlias.Where(a => a.Value == unit).Select(a => a.Key)];

    /// <summary>The symbol users write, e.g. <c>10^4 m3</c>.</summary>
    public static string Symbol(Unit unit) => unit switch
    {
        Unit.Tonne => "t",
        Unit.Kilogram => "kg",
        Unit.CubicMetre => "m3",
        Unit.TenThousandCubicMetres => "10^4 m3",
        Unit.KilowattHour => "kWh",
        Unit.MegawattHour => "MWh",
        Unit.Gigajoule => "GJ",
        Unit.Megajoule => "MJ",
        Unit.Tce => "tce",
        Unit.TonneCo2 => "tCO2",
        Unit.TonneCo2e => "tCO2e",
        Unit.TenThousandYuan => "10^4 yuan",
        Unit.TenThousandKilowattHours => "10^4 kWh",
        Unit.KilogramCoalEquivalent => "kgce",
        Unit.TenThousandTonnes => "10^4 t",
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown unit."),
    };

    /// <summary>What the unit measures.</summary>
    public static Measure MeasureOf(Unit unit) => unit switch
    {
        Unit.Tonne or Unit.Kilogram or Unit.TenThousandTonnes => Measure.Mass,
        Unit.CubicMetre or Unit.TenThousandCubicMetres => Measure.Volume,
        Unit.KilowattHour or Unit.MegawattHour or Unit.TenThousandKilowattHours => Measure.Electricity,
        Unit.Gigajoule or Unit.Megajoule => Measure.Heat,
        Unit.Tce or Unit.KilogramCoalEquivalent => Measure.StandardCoal,
        Unit.TonneCo2 or Unit.TonneCo2e => Measure.Emission,
        Unit.TenThousandYuan => Measure.Money,
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown unit."),
    };

    /// <summary>
    /// The base unit of a measure: t, m3, kWh, GJ, tce, tCO2e, 10^4 yuan. Every conversion factor
    /// to it is a power of ten, so conversion is exact in <see cref="decimal"/>.
    /// </summary>
    public static Unit BaseOf(Measure measure) => measure switch
    {
        Measure.Mass => Unit.Tonne,
        Measure.Volume => Unit.CubicMetre,
        Measure.Electricity => Unit.KilowattHour,
        Measure.Heat => Unit.Gigajoule,
        Measure.StandardCoal => Unit.Tce,
        Measure.Emission => Unit.TonneCo2e,
        Measure.Money => Unit.TenThousandYuan,
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "Unknown measure."),
    };

    /// <summary>How many base units one <paramref name="unit"/> is.</summary>
    public static decimal ToBaseFactor(Unit unit) => unit switch
    {
        Unit.Kilogram => 0.001m,
        Unit.TenThousandCubicMetres => 10_000m,
        Unit.MegawattHour => 1_000m,
        Unit.Megajoule => 0.001m,
        Unit.TenThousandKilowattHours => 10_000m,
        Unit.KilogramCoalEquivalent => 0.001m,
        Unit.TenThousandTonnes => 10_000m,
        _ => 1m,
    };

    /// <summary>
    /// Parses a unit symbol or one of its aliases, exactly as written in the tables (case matters:
    /// mWh is not MWh); an unknown symbol is <see cref="AccountingErrorCode.UnknownUnit"/>.
    /// </summary>
    public static Unit Parse(string? symbol, string? field = null)
    {
        if (TryParse(symbol, out var unit))
        {
            return unit;
        }

        var known = string.Join(", ", s_bySymbol.Keys.Concat(s_byAlias.Keys));
        throw new AccountingException(AccountingErrorCode.UnknownUnit, $"Unknown unit '{symbol}'. Known units: {known}.", field);
    }

    /// <summary>Parses a unit symbol or alias (surrounding spaces ignored) without throwing.</summary>
    public static bool TryParse(string? symbol, out Unit unit)
    {
        unit = default;
        return symbol is not null && (s_bySymbol.TryGetValue(symbol.Trim(), out unit) || s_byAlias.TryGetValue(symbol.Trim(), out unit));
    }

    /// <summary>
    /// The symbol of the unit <paramref name="symbol"/> names (an alias becomes its symbol: 万千瓦时
    /// becomes <c>10^4 kWh</c>), or the text unchanged when it names none, for the parser to refuse.
    /// </summary>
    public static string Canonical(string symbol) => TryParse(symbol, out var unit) ? Symbol(unit) : symbol;
}
