using System.IO.Compression;
using System.Xml;
using CsvHelper;
using MiniExcelLibs;

namespace CarbonRegistry.Api.Imports;

/// <summary>The formats a report sheet may come in.</summary>
public enum SheetFormat
{
    /// <summary>Comma-separated values, UTF-8 (a byte order mark is allowed).</summary>
    Csv,

    /// <summary>An Office Open XML workbook; its first sheet is read.</summary>
    Xlsx,
}

/// <summary>
/// A sheet: its rows, read as they are enumerated (once; a file that turns out unreadable on the
/// way throws <see cref="SheetException"/>), and the cells refused before (formulas, merged ranges).
/// </summary>
public sealed record SheetContent(IEnumerable<SheetRow> Rows, IReadOnlyList<RowError> CellErrors);

/// <summary>A file that cannot be read at all.</summary>
public sealed class SheetException(string code, string message, string messageZh) : Exception(message)
{
    /// <summary>The stable code (<see cref="ImportErrorCode"/>).</summary>
    public string Code { get; } = code;

    /// <summary>The message in Chinese.</summary>
    public string MessageZh { get; } = messageZh;
}

/// <summary>
/// Reads a report sheet's rows. CSV goes through CsvHelper (RFC 4180, quoting refused when broken),
/// workbooks through MiniExcel, which streams the first sheet's values. MiniExcel reads a formula's
/// cached result and a merged range's first cell as if they were typed figures, so before it runs,
/// the sheet's XML is scanned (no values read) for formulas and merged ranges: they are refused
/// with their cell, as the registry takes figures, not the formulas that made them.
/// </summary>
public static class SheetReader
{
    private static readonly byte[] s_zip = [0x50, 0x4B, 0x03, 0x04];

    /// <summary>Reads <paramref name="content"/> as <paramref name="format"/>, first checking that it is one.</summary>
    public static SheetContent Read(byte[] content, SheetFormat format)
    {
        if (content.Length == 0)
        {
            throw new SheetException(ImportErrorCode.EmptyFile, "The file is empty.", "文件为空。");
        }

        var isZip = content.AsSpan().StartsWith(s_zip);
        return format switch
        {
            SheetFormat.Xlsx when !isZip => throw new SheetException(ImportErrorCode.FileTypeMismatch, "The file is named as a workbook (.xlsx) but is not one.", "文件名为工作簿(.xlsx),但内容不是工作簿。"),
            SheetFormat.Xlsx => ReadWorkbook(content),
            _ when isZip || content.AsSpan(0, Math.Min(content.Length, 8192)).Contains((byte)0) || !System.Text.Unicode.Utf8.IsValid(content) =>
                throw new SheetException(ImportErrorCode.FileTypeMismatch, "The file is named as CSV but is not UTF-8 text (a workbook saved as .csv?).", "文件名为CSV,但内容不是UTF-8文本(是否把工作簿另存成了.csv?)。"),
            _ => ReadCsv(content),
        };
    }

    private static SheetContent ReadCsv(byte[] content) => new(CsvRows(content), []);

    private static IEnumerable<SheetRow> CsvRows(byte[] content)
    {
        var options = new CsvReaderOptions
        {
            HasHeader = false,
            Separator = ',',
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            MalformedData = CsvMalformedDataHandling.Throw,
        };
        using var csv = CsvReader.Create(content, options);
        while (true)
        {
            SheetRow? row = null;
            try
            {
                if (csv.Read())
                {
                    var cells = new SheetCell[csv.FieldCount];
                    for (var i = 0; i < cells.Length; i++)
                    {
                        cells[i] = new SheetCell(csv.GetString(i));
                    }

                    row = new SheetRow(checked((int)csv.LineNumber), cells);
                }
            }
            catch (CsvFormatException error)
            {
                throw new SheetException(ImportErrorCode.MalformedFile, $"The CSV cannot be read: {error.Message}", "CSV文件格式有误(引号不成对等),无法读取。");
            }

            if (row is null)
            {
                yield break;
            }

            yield return row;
        }
    }

    private static SheetContent ReadWorkbook(byte[] content)
    {
        try
        {
            return new SheetContent(WorkbookRows(content), ScanFirstSheet(content));
        }
        catch (Exception error) when (error is InvalidDataException or XmlException or KeyNotFoundException)
        {
            throw new SheetException(ImportErrorCode.MalformedFile, "The workbook is damaged or has no sheet.", "工作簿已损坏或没有工作表。");
        }
    }

    private static IEnumerable<SheetRow> WorkbookRows(byte[] content)
    {
        using var values = Rows().GetEnumerator();
        for (var number = 1; ; number++)
        {
            IDictionary<string, object?>? row = null;
            try
            {
                if (values.MoveNext())
                {
                    row = values.Current;
                }
            }
            catch (Exception error) when (error is not (OperationCanceledException or OutOfMemoryException or SheetException))
            {
                // Whatever the reader trips on in a damaged workbook is the file's fault, not the server's.
                throw new SheetException(ImportErrorCode.MalformedFile, "The workbook is damaged.", "工作簿已损坏。");
            }

            if (row is null)
            {
                yield break;
            }

            var cells = new SheetCell[row.Count];
            var i = 0;
            foreach (var value in row.Values)
            {
                cells[i++] = value switch
                {
                    null => new SheetCell(null),
                    string text => new SheetCell(text),
                    double d => new SheetCell(null, d),
                    int n => new SheetCell(null, n),
                    long n => new SheetCell(null, n),
                    decimal d => new SheetCell(d.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    _ => new SheetCell(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), null, Other: true),
                };
            }

            yield return new SheetRow(number, cells);
        }

        IEnumerable<IDictionary<string, object?>> Rows() =>
            MiniExcel.Query(new MemoryStream(content), useHeaderRow: false, excelType: ExcelType.XLSX).Cast<IDictionary<string, object?>>();
    }

    /// <summary>The first sheet's formula cells and merged ranges, found by walking its XML.</summary>
    private static List<RowError> ScanFirstSheet(byte[] content)
    {
        using var zip = new ZipArchive(new MemoryStream(content), ZipArchiveMode.Read);
        var part = FirstSheetPart(zip);
        var errors = new List<RowError>();
        using var reader = XmlReader.Create(zip.GetEntry(part)?.Open() ?? throw new KeyNotFoundException(part), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });
        string? cell = null;

        // A merged range refuses every row it covers that holds data, each row once (by the first
        // range that reaches it), so a few bytes of huge or repeated ranges cannot grow into
        // millions of errors or of steps.
        var lastRow = 0;
        var ranges = new List<(int Top, int Bottom, string Column, string Range)>();
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "c":
                    cell = reader.GetAttribute("r");
                    if (cell is not null)
                    {
                        lastRow = Math.Max(lastRow, Split(cell).Row);
                    }

                    break;
                case "f" when cell is not null:
                    var (row, column) = Split(cell);
                    errors.Add(new RowError(row, column, null, ImportErrorCode.FormulaCell, $"Cell {cell} holds a formula: enter its figure instead.", $"单元格{cell}含公式,请改为填写数值。"));
                    break;
                case "mergeCell" when reader.GetAttribute("ref") is { } range:
                    // Every row the range covers is refused: the rows below its first would otherwise read as blank.
                    var corners = range.Split(':');
                    var (top, firstColumn) = Split(corners[0]);
                    ranges.Add((top, corners.Length > 1 ? Split(corners[1]).Row : top, firstColumn, range));
                    break;
            }
        }

        var next = 1;
        foreach (var (top, bottom, column, range) in ranges.OrderBy(r => r.Top))
        {
            var (message, messageZh) = ($"Cells {range} are merged: give each row its own figure.", $"单元格{range}为合并单元格,请为每行分别填写。");
            for (var row = Math.Max(top, next); row <= Math.Min(bottom, lastRow); row++)
            {
                errors.Add(new RowError(row, column, null, ImportErrorCode.MergedCell, message, messageZh));
            }

            next = Math.Max(next, bottom + 1);
        }

        return errors;
    }

    /// <summary>The path of the workbook's first sheet, from workbook.xml and its relationships.</summary>
    private static string FirstSheetPart(ZipArchive zip)
    {
        string? id = null;
        using (var workbook = XmlReader.Create(zip.GetEntry("xl/workbook.xml")?.Open() ?? throw new KeyNotFoundException("xl/workbook.xml")))
        {
            while (id is null && workbook.Read())
            {
                if (workbook.NodeType == XmlNodeType.Element && workbook.LocalName == "sheet")
                {
                    id = workbook.GetAttribute("id", "http://schemas.openxmlformats.org/officeDocument/2006/relationships");
                }
            }
        }

        using var relations = XmlReader.Create(zip.GetEntry("xl/_rels/workbook.xml.rels")?.Open() ?? throw new KeyNotFoundException("xl/_rels/workbook.xml.rels"));
        while (relations.Read())
        {
            if (relations.NodeType == XmlNodeType.Element && relations.LocalName == "Relationship" && relations.GetAttribute("Id") == id)
            {
                var target = relations.GetAttribute("Target") ?? "";
                return target.StartsWith('/') ? target[1..] : "xl/" + target;
            }
        }

        throw new KeyNotFoundException("first sheet");
    }

    private static (int Row, string Column) Split(string reference)
    {
        var letters = new string([.. reference.TakeWhile(char.IsAsciiLetter)]);
        return (int.TryParse(reference.AsSpan(letters.Length), out var row) ? row : 0, letters);
    }
}
