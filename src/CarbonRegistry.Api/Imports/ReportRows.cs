using System.Text.RegularExpressions;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Production;
using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Api.Imports;

/// <summary>A row read into a report: where it came from, the entity, and the filing it asks for.</summary>
/// <param name="Row">Its spreadsheet row number.</param>
/// <param name="EntityId">The entity.</param>
/// <param name="Year">The year.</param>
/// <param name="Month">The month.</param>
/// <param name="Data">The report.</param>
/// <param name="Reason">An amendment's reason; null for a first report.</param>
/// <param name="FileKey">The file's key (from its content), shared by its rows.</param>
/// <param name="FuelColumns">The column index of each fuel line, in the report's order.</param>
/// <param name="ProductColumns">The column index of each product line, in the report's order.</param>
public sealed record ImportRow(int Row, string EntityId, int Year, int Month, ReportData Data, string? Reason, string FileKey, IReadOnlyList<int> FuelColumns, IReadOnlyList<int> ProductColumns)
{
    /// <summary>The filing, with the row's idempotency key: <c>import:</c>, the file's key, <c>:</c>, the row number.</summary>
    public SubmitReport Report => new() { Year = Year, Month = Month, IdempotencyKey = $"import:{FileKey}:{Row}", Data = Data };
}

/// <summary>
/// A sheet read into reports: its columns, every error found, by row, and the rows that read well,
/// read again from the sheet each time they are enumerated (so that a large file's reports are
/// never all held at once).
/// </summary>
public sealed partial record ParsedSheet(IReadOnlyList<ReportColumn?> Columns, IEnumerable<ImportRow> Rows, IReadOnlyList<RowError> Errors, int RowCount)
{
    /// <summary>How many rows read well (those <see cref="Rows"/> gives).</summary>
    public int Valid { get; init; }

    /// <summary>Every error found; <see cref="Errors"/> lists at most <see cref="RowErrors.MaxListed"/>.</summary>
    public int ErrorCount { get; init; }

    /// <summary>True when the file could not be read as reports at all (no header, a refused header, no rows): no row was checked.</summary>
    public bool FileRefused { get; init; }

    /// <summary>
    /// The column of a row that a report error's field names (<c>fuels[2].quantity</c> is the row's
    /// third fuel column, <c>gridElectricity.unit</c> the gridElectricity column); null when none does.
    /// </summary>
    public (string? Letter, string? Key) Locate(ImportRow row, string? field)
    {
        if (field is null)
        {
            return (null, null);
        }

        var indexed = IndexedField().Match(field);
        int? index = indexed.Success
            ? (indexed.Groups["list"].Value == "fuels" ? row.FuelColumns : row.ProductColumns) is var lines && int.Parse(indexed.Groups["i"].Value, System.Globalization.CultureInfo.InvariantCulture) is var n && n < lines.Count ? lines[n] : null
            : Columns.Select((c, i) => (c, i)).Where(x => x.c is { } c && (field == c.Key || field.StartsWith(c.Key + ".", StringComparison.Ordinal) || (c.Role == ColumnRole.EntityId && field == "entityId"))).Select(x => (int?)x.i).FirstOrDefault();
        return index is { } at ? (SheetCell.Letter(at), Columns[at]!.Key) : (null, field);
    }

    [GeneratedRegex(@"^(?<list>fuels|products)\[(?<i>\d+)\]")]
    private static partial Regex IndexedField();
}

/// <summary>
/// Reads a sheet's header and rows into reports without writing anything. Rows whose first cell
/// starts with <c>#</c> are notes (the template's label row is one) and empty rows are skipped. A
/// refused header refuses the whole file; a refused row is reported with every error it has.
/// </summary>
public static class ReportRows
{
    /// <summary>The most report rows one file may have: a province-year of 100,000 bodies and more.</summary>
    public const int MaxRows = 1_500_000;

    /// <summary>Reads <paramref name="sheet"/>; <paramref name="fileKey"/> (from the file's content) makes each row's idempotency key.</summary>
    public static ParsedSheet Parse(SheetContent sheet, string fileKey, FactorSetCatalog factors, ProductCatalog products, int maxRows = MaxRows)
    {
        using var rows = Content(sheet).GetEnumerator();
        if (!rows.MoveNext())
        {
            return Refused(new RowError(0, null, null, ImportErrorCode.EmptyFile, "The file has no header row.", "文件没有表头行。"));
        }

        var header = rows.Current;
        var errors = sheet.CellErrors.Where(e => e.Row == header.Number).ToList();
        var columns = new ReportColumn?[header.Cells.Count];
        for (var i = 0; i < columns.Length; i++)
        {
            if (header.Cells[i].IsEmpty)
            {
                continue;
            }

            var (column, error) = ReportColumns.Parse(header.Cells[i].ToString(), header.Number, i, factors, products);
            if (error is not null)
            {
                errors.Add(error);
            }
            else if (Array.FindIndex(columns, c => c?.Key == column!.Key) is var earlier and >= 0)
            {
                errors.Add(new RowError(header.Number, SheetCell.Letter(i), column!.Key, ImportErrorCode.DuplicateColumn, $"Column '{column.Key}' appears twice (also column {SheetCell.Letter(earlier)}).", $"“{column.Key}”列重复(另见{SheetCell.Letter(earlier)}列)。"));
            }
            else
            {
                columns[i] = column;
            }
        }

        foreach (var required in ReportColumns.Identity.Where(r => !columns.Any(c => c?.Key == r.Key)))
        {
            errors.Add(new RowError(header.Number, null, required.Key, ImportErrorCode.MissingColumn, $"The '{required.Key}' column is missing.", $"缺少“{required.Key}”({required.LabelZh})列。"));
        }

        if (errors.Count > 0)
        {
            return new ParsedSheet(columns, [], errors, 0) { FileRefused = true };
        }

        // A first reading checks every row and keeps only its key (an entity's id once): the
        // reports themselves are read again when they are checked and filed.
        var cellErrors = sheet.CellErrors.ToLookup(e => e.Row);
        var found = new RowErrors(errors);
        var firstRow = new Dictionary<(string EntityId, int Year, int Month), int>();
        var repeated = new Dictionary<(string EntityId, int Year, int Month), List<int>>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var refused = new HashSet<int>();
        var count = 0;
        while (rows.MoveNext())
        {
            if (++count > maxRows)
            {
                return Refused(new RowError(0, null, null, RegistryErrorCode.TooManyItems, $"At most {maxRows} report rows per file.", $"每个文件最多{maxRows}行填报数据。"));
            }

            var row = rows.Current;
            var rowErrors = cellErrors.Contains(row.Number) ? cellErrors[row.Number].ToList() : [];
            var read = Read(row, columns, fileKey, rowErrors);
            if (rowErrors.Count > 0 || read is null)
            {
                found.AddRange(rowErrors);
                refused.Add(row.Number);
                continue;
            }

            if (!ids.TryGetValue(read.EntityId, out var entityId))
            {
                ids.Add(entityId = read.EntityId);
            }

            var key = (entityId, read.Year, read.Month);
            if (!firstRow.TryAdd(key, row.Number))
            {
                if (!repeated.TryGetValue(key, out var numbers))
                {
                    repeated[key] = numbers = [firstRow[key]];
                }

                numbers.Add(row.Number);
            }
        }

        if (count == 0)
        {
            return Refused(new RowError(0, null, null, ImportErrorCode.EmptyFile, "The file has a header and no report rows.", "文件只有表头,没有填报数据行。"));
        }

        // The same entity-month twice in one file: which row is meant is not clear, so neither is taken.
        foreach (var ((entityId, year, month), numbers) in repeated)
        {
            var list = string.Join(", ", numbers);
            found.AddRange(numbers.Select(number => new RowError(number, null, null, ImportErrorCode.DuplicateRow, $"{entityId} {year}-{month:D2} is on rows {list}.", $"{entityId} {year}年{month}月在第{list}行重复出现。")));
            refused.UnionWith(numbers);
        }

        return new ParsedSheet(columns, Reports(sheet, columns, fileKey, refused), [.. found.Listed.OrderBy(e => e.Row)], count) { Valid = count - refused.Count, ErrorCount = found.Count };

        ParsedSheet Refused(RowError error) => new([], [], [error], 0) { FileRefused = true };
    }

    /// <summary>The sheet's rows after its notes and empty rows are left out: the header first.</summary>
    private static IEnumerable<SheetRow> Content(SheetContent sheet) =>
        sheet.Rows.Where(r => !r.Cells.All(c => c.IsEmpty) && !(r.Cells.Count > 0 && r.Cells[0].Number is null && (r.Cells[0].Text ?? "").TrimStart().StartsWith('#')));

    /// <summary>The reports of the rows that read well, read again from the sheet.</summary>
    private static IEnumerable<ImportRow> Reports(SheetContent sheet, ReportColumn?[] columns, string fileKey, HashSet<int> refused)
    {
        foreach (var row in Content(sheet).Skip(1))
        {
            if (!refused.Contains(row.Number) && Read(row, columns, fileKey, []) is { } read)
            {
                yield return read;
            }
        }
    }

    private static ImportRow? Read(SheetRow row, ReportColumn?[] columns, string fileKey, List<RowError> errors)
    {
        string? entityId = null, reason = null;
        int? year = null, month = null;
        var fuels = new List<(FuelLine Line, int Column)>();
        var products = new List<(ProductLine Line, int Column)>();
        var single = new Dictionary<string, QuantityInput>(StringComparer.Ordinal);
        for (var i = 0; i < row.Cells.Count; i++)
        {
            var cell = row.Cells[i];
            if (cell.IsEmpty)
            {
                continue;
            }

            if (i >= columns.Length || columns[i] is not { } column)
            {
                var letter = SheetCell.Letter(i);
                errors.Add(new RowError(row.Number, letter, null, ImportErrorCode.UnknownColumn, $"Cell {letter}{row.Number} has a value under no header.", $"单元格{letter}{row.Number}有值但没有表头。"));
                continue;
            }

            switch (column.Role)
            {
                case ColumnRole.EntityId:
                    entityId = cell.ToString().Trim();
                    break;
                case ColumnRole.Reason:
                    reason = cell.ToString().Trim();
                    break;
                case ColumnRole.Year or ColumnRole.Month:
                    if (cell.TryDecimal(out var whole) && whole == decimal.Truncate(whole) && whole is >= 1 and <= 9999)
                    {
                        if (column.Role == ColumnRole.Year)
                        {
                            year = (int)whole;
                        }
                        else
                        {
                            month = (int)whole;
                        }
                    }
                    else
                    {
                        errors.Add(NotANumber(row, i, column, "a whole number"));
                    }

                    break;
                default:
                    if (!cell.TryDecimal(out var value))
                    {
                        errors.Add(NotANumber(row, i, column, "a number"));
                        break;
                    }

                    var quantity = new QuantityInput(value, UnitCatalog.Symbol(column.Unit!.Value));
                    if (column.Role == ColumnRole.Fuel)
                    {
                        fuels.Add((new FuelLine(column.Code!, quantity, column.Use), i));
                    }
                    else if (column.Role == ColumnRole.Product)
                    {
                        products.Add((new ProductLine(column.Code!, quantity), i));
                    }
                    else
                    {
                        single[column.Key] = quantity;
                    }

                    break;
            }
        }

        if (string.IsNullOrEmpty(entityId) || year is null || month is null)
        {
            foreach (var (value, key, zh) in new (object? Value, string Key, string Zh)[] { (entityId, "entity_id", "单位编码"), (year, "year", "年"), (month, "month", "月") })
            {
                if (value is null or "" && !errors.Any(e => e.Field == key))
                {
                    var at = Array.FindIndex(columns, c => c?.Key == key);
                    errors.Add(new RowError(row.Number, SheetCell.Letter(at), key, RegistryErrorCode.MissingField, $"Row {row.Number} has no {key}.", $"第{row.Number}行缺少{zh}。"));
                }
            }
        }

        if (errors.Count > 0)
        {
            return null;
        }

        var data = new ReportData
        {
            Fuels = [.. fuels.Select(f => f.Line)],
            GridElectricity = single.GetValueOrDefault("gridElectricity"),
            GreenCertifiedElectricity = single.GetValueOrDefault("greenCertifiedElectricity"),
            OnSiteRenewableElectricity = single.GetValueOrDefault("onSiteRenewableElectricity"),
            PurchasedHeat = single.GetValueOrDefault("purchasedHeat"),
            Methane = Methane(single),
            ProcessCo2 = single.GetValueOrDefault("processCo2"),
            SinkRemovals = single.GetValueOrDefault("sinkRemovals"),
            CcusRemovals = single.GetValueOrDefault("ccusRemovals"),
            ValueAdded = single.GetValueOrDefault("valueAdded"),
            RawCoalOutput = single.GetValueOrDefault("rawCoalOutput"),
            Products = [.. products.Select(p => p.Line)],
        };
        return new ImportRow(row.Number, entityId!, year!.Value, month!.Value, data, string.IsNullOrEmpty(reason) ? null : reason, fileKey, [.. fuels.Select(f => f.Column)], [.. products.Select(p => p.Column)]);
    }

    /// <summary>Methane, when any of its four volumes is given; the others are then none (0 m3).</summary>
    private static MethaneInput? Methane(Dictionary<string, QuantityInput> single)
    {
        string[] keys = ["methane.drained", "methane.vented", "methane.flared", "methane.utilised"];
        if (!keys.Any(single.ContainsKey))
        {
            return null;
        }

        var none = new QuantityInput(0m, UnitCatalog.Symbol(Unit.CubicMetre));
        var q = keys.Select(k => single.GetValueOrDefault(k) ?? none).ToArray();
        return new MethaneInput(q[0], q[1], q[2], q[3]);
    }

    private static RowError NotANumber(SheetRow row, int index, ReportColumn column, string expected) =>
        NotANumber(row, SheetCell.Letter(index), column, expected);

    private static RowError NotANumber(SheetRow row, string letter, ReportColumn column, string expected) =>
        new(row.Number, letter, column.Key, ImportErrorCode.NotANumber, $"Cell {letter}{row.Number} ({column.Key}) should be {expected}.", $"单元格{letter}{row.Number}({column.LabelZh})应为数值。");
}
