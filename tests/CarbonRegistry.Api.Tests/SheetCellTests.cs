using CarbonRegistry.Api.Imports;

namespace CarbonRegistry.Api.Tests;

/// <summary>How a spreadsheet cell becomes an exact decimal.</summary>
public sealed class SheetCellTests
{
    [Theory]
    [InlineData("12.5", "12.5")]
    [InlineData(" 7 ", "7")]
    [InlineData("1,100", "1100")]
    [InlineData("1,234,567.25", "1234567.25")]
    [InlineData("-3", "-3")]
    public void A_plain_decimal_or_one_grouped_by_thousands_is_read_exactly(string text, string expected)
    {
        Assert.True(new SheetCell(text).TryDecimal(out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("1,5")] // a decimal comma: neither 15 nor 1.5
    [InlineData("1,23,456")]
    [InlineData("12,5000")]
    [InlineData("abc")]
    [InlineData("1.2.3")]
    [InlineData("")]
    public void Anything_else_is_not_a_number(string text) => Assert.False(new SheetCell(text).TryDecimal(out _));

    [Fact]
    public void A_workbook_number_is_the_shortest_decimal_of_its_double()
    {
        Assert.True(new SheetCell(null, 0.1 + 0.2).TryDecimal(out var sum));
        Assert.Equal(0.30000000000000004m, sum);
        Assert.True(new SheetCell(null, 1234.5678).TryDecimal(out var typed));
        Assert.Equal(1234.5678m, typed);
        Assert.False(new SheetCell("2024-01-01", null, Other: true).TryDecimal(out _));
    }
}
