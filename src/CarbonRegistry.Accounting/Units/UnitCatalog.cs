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
    };

    /// <summary>Every unit symbol the registry reads, in the order of this catalogue.</summary>
    public static IReadOnlyCollection<string> Symbols => s_bySymbol.Keys;

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
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Unknown unit."),
    };

    /// <summary>What the unit measures.</summary>
    public static Measure MeasureOf(Unit unit) => unit switch
    {
        Unit.Tonne or Unit.Kilogram => Measure.Mass,
        Unit.CubicMetre or Unit.TenThousandCubicMetres => Measure.Volume,
        Unit.KilowattHour or Unit.MegawattHour => Measure.Electricity,
        Unit.Gigajoule or Unit.Megajoule => Measure.Heat,
        Unit.Tce => Measure.StandardCoal,
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
        _ => 1m,
    };

    /// <summary>
    /// Parses a unit symbol, exactly as written in the table (case matters: mWh is not MWh); an
    /// unknown symbol is <see cref="AccountingErrorCode.UnknownUnit"/>.
    /// </summary>
    public static Unit Parse(string? symbol, string? field = null)
    {
        if (symbol is not null && s_bySymbol.TryGetValue(symbol.Trim(), out var unit))
        {
            return unit;
        }

        var known = string.Join(", ", s_bySymbol.Keys);
        throw new AccountingException(AccountingErrorCode.UnknownUnit, $"Unknown unit '{symbol}'. Known units: {known}.", field);
    }
}
