namespace CarbonRegistry.Api.Imports;

/// <summary>
/// Stable codes of spreadsheet intake, besides the registry and accounting codes a row's report can
/// be refused with (<c>UNKNOWN_UNIT</c>, <c>REPORT_EXISTS</c>, <c>FORBIDDEN</c>, …). Never renamed or reused.
/// </summary>
public static class ImportErrorCode
{
    /// <summary>A header names no report field.</summary>
    public const string UnknownColumn = "UNKNOWN_COLUMN";

    /// <summary>Two headers name the same field.</summary>
    public const string DuplicateColumn = "DUPLICATE_COLUMN";

    /// <summary>The entity_id, year or month column is missing.</summary>
    public const string MissingColumn = "MISSING_COLUMN";

    /// <summary>A quantity column's header gives no unit.</summary>
    public const string MissingUnit = "MISSING_UNIT";

    /// <summary>A text, date or truth value where a number belongs.</summary>
    public const string NotANumber = "NOT_A_NUMBER";

    /// <summary>A formula: the registry takes figures, not the formulas that made them.</summary>
    public const string FormulaCell = "FORMULA_CELL";

    /// <summary>A merged range: which row its figure belongs to is not clear.</summary>
    public const string MergedCell = "MERGED_CELL";

    /// <summary>The same entity and month on more than one row of the file.</summary>
    public const string DuplicateRow = "DUPLICATE_ROW";

    /// <summary>The content is not what the file's name or type says (an .xlsx that is not a workbook, a .csv that is binary).</summary>
    public const string FileTypeMismatch = "FILE_TYPE_MISMATCH";

    /// <summary>The file has no header, or no report rows.</summary>
    public const string EmptyFile = "EMPTY_FILE";

    /// <summary>The file is over the size limit (Imports:MaxBytes).</summary>
    public const string FileTooLarge = "FILE_TOO_LARGE";

    /// <summary>The file cannot be read (broken quoting, a damaged workbook).</summary>
    public const string MalformedFile = "MALFORMED_FILE";

    /// <summary>commit=all and some row is refused: nothing was committed.</summary>
    public const string RowsRefused = "ROWS_REFUSED";
}
