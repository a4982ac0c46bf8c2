using System.Globalization;
using CarbonRegistry.Accounting.Errors;

namespace CarbonRegistry.Accounting.Units;

/// <summary>An amount with its unit. Arithmetic is <see cref="decimal"/> throughout; nothing passes through <see cref="double"/>.</summary>
/// <param name="Value">The amount, in <paramref name="Unit"/>.</param>
/// <param name="Unit">The unit the amount is expressed in.</param>
public readonly record struct Quantity(decimal Value, Unit Unit)
{
    /// <summary>
    /// The largest amount accepted in any unit. A monthly report of a single body above a million
    /// million of anything (kg, kWh, m3, yuan) is a typing or scaling error, and the bound keeps
    /// every product with a factor far inside <see cref="decimal"/>'s range.
    /// </summary>
    public const decimal MaxMagnitude = 1_000_000_000_000m;

    /// <summary>
    /// The most decimal places accepted. Meters do not measure finer; and with at most 12 integer
    /// digits and 6 decimals every product with a factor, and every sum of millions of them, stays
    /// within the 28 significant digits that both decimal and the databases keep exactly.
    /// </summary>
    public const int MaxDecimalPlaces = 6;

    /// <summary>The measure of <see cref="Unit"/>.</summary>
    public Measure Measure => UnitCatalog.MeasureOf(Unit);

    /// <summary>Parses a decimal amount written in invariant culture (no exponent, no NaN or infinity).</summary>
    public static Quantity Parse(string value, string unitSymbol, string? field = null)
    {
        var unit = UnitCatalog.Parse(unitSymbol, field);
        if (!decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            throw new AccountingException(AccountingErrorCode.InvalidQuantity, $"'{value}' is not a finite decimal number.", field);
        }

        return new Quantity(amount, unit).Validated(field);
    }

    /// <summary>Accepts a binary floating-point amount from a loose client, rejecting NaN, infinities and overflow.</summary>
    public static Quantity FromDouble(double value, Unit unit, string? field = null)
    {
        if (!double.IsFinite(value) || Math.Abs(value) > (double)MaxMagnitude)
        {
            throw new AccountingException(AccountingErrorCode.InvalidQuantity, $"{value.ToString(CultureInfo.InvariantCulture)} is not a finite quantity within ±{MaxMagnitude}.", field);
        }

        return new Quantity((decimal)value, unit).Validated(field);
    }

    /// <summary>Returns this quantity if it is non-negative and at most <see cref="MaxMagnitude"/>; otherwise throws <see cref="AccountingErrorCode.InvalidQuantity"/>.</summary>
    public Quantity Validated(string? field = null)
    {
        if (Value < 0m)
        {
            throw new AccountingException(AccountingErrorCode.InvalidQuantity, $"Quantity {Value} {UnitCatalog.Symbol(Unit)} is negative.", field);
        }

        if (Value > MaxMagnitude)
        {
            throw new AccountingException(AccountingErrorCode.InvalidQuantity, $"Quantity {Value} {UnitCatalog.Symbol(Unit)} exceeds {MaxMagnitude}.", field);
        }

        if (Value.Scale > MaxDecimalPlaces && Value != Math.Round(Value, MaxDecimalPlaces))
        {
            throw new AccountingException(AccountingErrorCode.InvalidQuantity, $"Quantity {Value} has more than {MaxDecimalPlaces} decimal places.", field);
        }

        return this;
    }

    /// <summary>The amount in the base unit of its measure (t, m3, kWh, GJ, …). Exact.</summary>
    public decimal InBase() => Value * UnitCatalog.ToBaseFactor(Unit);

    /// <summary>The amount in the base unit of <paramref name="expected"/>, or <see cref="AccountingErrorCode.UnitNotValid"/> when the measures differ.</summary>
    public decimal InBaseOf(Measure expected, string? field = null)
    {
        if (Measure != expected)
        {
            throw new AccountingException(
                AccountingErrorCode.UnitNotValid,
                $"Unit {UnitCatalog.Symbol(Unit)} measures {Measure}, but {expected} is required here.",
                field);
        }

        return InBase();
    }

    /// <inheritdoc />
    public override string ToString() => $"{Value.ToString(CultureInfo.InvariantCulture)} {UnitCatalog.Symbol(Unit)}";
}
