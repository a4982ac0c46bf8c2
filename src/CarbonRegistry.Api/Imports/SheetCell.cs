using System.Globalization;

namespace CarbonRegistry.Api.Imports;

/// <summary>
/// One cell as the sheet holds it: a text (CSV, or a text cell of a workbook) or a number (a numeric
/// workbook cell, a double as Excel stores it), or something else that is neither (a date, a truth value).
/// </summary>
public readonly partial record struct SheetCell(string? Text, double? Number = null, bool Other = false)
{
    /// <summary>Nothing in the cell (or only spaces).</summary>
    public bool IsEmpty => Number is null && !Other && string.IsNullOrWhiteSpace(Text);

    /// <summary>The cell as text, a number in its shortest round-trip form.</summary>
    public override string ToString() => Number is { } n ? n.ToString("R", CultureInfo.InvariantCulture) : Text ?? "";

    /// <summary>
    /// The cell as an exact decimal. A workbook number is read from the shortest text that gives back
    /// the same double, which is the figure the reporter typed (Excel keeps 15 significant digits);
    /// a text must be a plain decimal number in the invariant culture, with commas only between
    /// groups of three digits (<c>1,100.5</c>; <c>1,5</c> is not 15, nor 1.5: it is refused).
    /// </summary>
    public bool TryDecimal(out decimal value)
    {
        value = 0m;
        if (Other)
        {
            return false;
        }

        if (Number is { } n)
        {
            return decimal.TryParse(n.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        var text = Text?.Trim();
        if (string.IsNullOrEmpty(text) || (text.Contains(',', StringComparison.Ordinal) && !Grouped().IsMatch(text)))
        {
            return false;
        }

        return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out value);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")]
    private static partial System.Text.RegularExpressions.Regex Grouped();

    /// <summary>The spreadsheet letter of a 0-based column index (0 → A, 26 → AA).</summary>
    public static string Letter(int index)
    {
        var letters = "";
        for (var i = index + 1; i > 0; i = (i - 1) / 26)
        {
            letters = (char)('A' + ((i - 1) % 26)) + letters;
        }

        return letters;
    }
}

/// <summary>A row of a sheet and its spreadsheet row number (1 for the first line or row).</summary>
public sealed record SheetRow(int Number, IReadOnlyList<SheetCell> Cells);

/// <summary>
/// Why a row (or the file, on row 0, or its header) was refused: where (row, column letter and
/// header), a stable code, and the message in English and Chinese.
/// </summary>
public sealed record RowError(int Row, string? Column, string? Field, string Code, string Message, string MessageZh);

/// <summary>The errors of an upload: every one counted, the first <see cref="MaxListed"/> kept, so that a file of bad rows cannot fill the memory or the answer.</summary>
public sealed class RowErrors
{
    /// <summary>The most errors an answer lists.</summary>
    public const int MaxListed = 10_000;

    private readonly List<RowError> _listed = [];

    /// <summary>Starts from errors already counted (the first of them kept).</summary>
    public RowErrors(IEnumerable<RowError>? listed = null, int count = 0)
    {
        _listed.AddRange((listed ?? []).Take(MaxListed));
        Count = Math.Max(count, _listed.Count);
    }

    /// <summary>Every error added.</summary>
    public int Count { get; private set; }

    /// <summary>The errors kept, in the order they were added.</summary>
    public IReadOnlyList<RowError> Listed => _listed;

    /// <summary>Counts an error, and keeps it while fewer than <see cref="MaxListed"/> are kept (an error of the whole file always).</summary>
    public void Add(RowError error)
    {
        Count++;
        if (_listed.Count < MaxListed || error.Row == 0)
        {
            _listed.Add(error);
        }
    }

    /// <summary>Adds each of <paramref name="errors"/>.</summary>
    public void AddRange(IEnumerable<RowError> errors)
    {
        foreach (var error in errors)
        {
            Add(error);
        }
    }
}
