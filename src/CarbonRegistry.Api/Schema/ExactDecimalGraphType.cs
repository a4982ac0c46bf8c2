using System.Globalization;
using GraphQL.Types;
using GraphQLParser.AST;

namespace CarbonRegistry.Api.Schema;

/// <summary>
/// The schema's <c>Decimal</c>, refusing a number that <see cref="decimal"/> cannot hold rather than
/// rounding it: GraphQL.NET's own scalar turns <c>1e-30</c> into 0, which the registry would store as
/// a report of nothing. A literal is parsed from its text; a variable arrives as whatever number the
/// JSON reader made of it (<see cref="Http.ExactInputsConverter"/> keeps such a number a double), and
/// a double that is not zero but converts to zero is refused too.
/// Registered under the built-in's name, so the schema's SDL is unchanged.
/// </summary>
public sealed class ExactDecimalGraphType : DecimalGraphType
{
    public ExactDecimalGraphType() => Name = "Decimal";

    public override object? ParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLFloatValue number => Exact(number.Value.Span),
        GraphQLIntValue number => Exact(number.Value.Span),
        _ => base.ParseLiteral(value),
    };

    public override bool CanParseLiteral(GraphQLValue value) => value switch
    {
        GraphQLFloatValue number => TryExact(number.Value.Span, out _),
        GraphQLIntValue number => TryExact(number.Value.Span, out _),
        _ => base.CanParseLiteral(value),
    };

    public override object? ParseValue(object? value) => value switch
    {
        double number when number != 0 && (!double.IsFinite(number) || Math.Abs(number) < 1e-28) => throw Inexact(number.ToString("R", CultureInfo.InvariantCulture)),
        _ => base.ParseValue(value),
    };

    private static decimal Exact(ReadOnlySpan<char> text) =>
        TryExact(text, out var value) ? value : throw Inexact(text.ToString());

    /// <summary>The decimal of <paramref name="text"/>, when it has one: a nonzero mantissa that parses to zero has none.</summary>
    private static bool TryExact(ReadOnlySpan<char> text, out decimal value)
    {
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        var mantissa = text[..(text.IndexOfAny('e', 'E') is var e and >= 0 ? e : text.Length)];
        return value != 0 || !mantissa.ContainsAnyInRange('1', '9');
    }

    private static FormatException Inexact(string text) =>
        new($"{text} cannot be held exactly as a decimal of at most 28 significant digits (smallest step 1e-28).");
}
