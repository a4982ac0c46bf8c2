using System.Text.RegularExpressions;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Production;
using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Api.Imports;

/// <summary>What a column of a report sheet fills.</summary>
public enum ColumnRole
{
    /// <summary>The entity id.</summary>
    EntityId,

    /// <summary>The year.</summary>
    Year,

    /// <summary>The month, 1–12.</summary>
    Month,

    /// <summary>An amendment's reason; empty for a first report.</summary>
    Reason,

    /// <summary>A fuel line of one carrier and use.</summary>
    Fuel,

    /// <summary>A main product's output.</summary>
    Product,

    /// <summary>One of the report's single quantities (grid electricity, methane drained, value added, …).</summary>
    Quantity,
}

/// <summary>
/// A column of a report sheet: its key (the header's text before the unit), what it fills, the
/// carrier or product code of a fuel or product column, and the unit its figures are in.
/// </summary>
public sealed record ReportColumn(string Key, ColumnRole Role, string LabelZh, string Label, Unit? Unit = null, string? Code = null, FuelUse Use = FuelUse.Combustion)
{
    /// <summary>The header as a template writes it: <c>key [unit]</c>.</summary>
    public string Header => Unit is { } unit ? $"{Key} [{UnitCatalog.Symbol(unit)}]" : Key;

    /// <summary>The label row's text: Chinese and English names and the unit.</summary>
    public string Caption => Unit is { } unit ? $"{LabelZh} {Label} ({UnitCatalog.Symbol(unit)})" : $"{LabelZh} {Label}";
}

/// <summary>
/// The columns a report sheet may have, read from its header row. A header is a key and, for a
/// quantity, its unit in brackets: <c>fuel.raw_coal [t]</c>, <c>gridElectricity [万千瓦时]</c>. Keys
/// follow the report's GraphQL input: <c>entity_id</c>, <c>year</c>, <c>month</c>, <c>reason</c>,
/// <c>fuel.</c>/<c>feedstock.</c>/<c>biomass.</c> and a carrier code, <c>product.</c> and a product
/// code, and the single quantities (<see cref="Quantities"/>).
/// </summary>
public static partial class ReportColumns
{
    /// <summary>The report's single quantities: key (its GraphQL input path), labels and measure.</summary>
    public static IReadOnlyList<(string Key, string LabelZh, string Label, Measure Measure)> Quantities { get; } =
    [
        ("gridElectricity", "外购电力", "Grid electricity", Measure.Electricity),
        ("greenCertifiedElectricity", "其中绿证电量", "of which green-certified", Measure.Electricity),
        ("onSiteRenewableElectricity", "自发自用可再生电力", "On-site renewable electricity", Measure.Electricity),
        ("purchasedHeat", "外购热力", "Purchased heat", Measure.Heat),
        ("methane.drained", "瓦斯抽采量", "Methane drained", Measure.Volume),
        ("methane.vented", "瓦斯排空量", "Methane vented", Measure.Volume),
        ("methane.flared", "瓦斯火炬燃烧量", "Methane flared", Measure.Volume),
        ("methane.utilised", "瓦斯利用量", "Methane utilised", Measure.Volume),
        ("processCo2", "工业过程二氧化碳", "Process CO2", Measure.Emission),
        ("sinkRemovals", "碳汇清除量", "Sink removals", Measure.Emission),
        ("ccusRemovals", "CCUS清除量", "CCUS removals", Measure.Emission),
        ("valueAdded", "增加值(可比价)", "Value added (comparable prices)", Measure.Money),
        ("rawCoalOutput", "原煤产量", "Raw coal output", Measure.Mass),
    ];

    /// <summary>The columns a template writes first, in order.</summary>
    public static IReadOnlyList<ReportColumn> Identity { get; } =
    [
        new("entity_id", ColumnRole.EntityId, "单位编码", "Entity id"),
        new("year", ColumnRole.Year, "年", "Year"),
        new("month", ColumnRole.Month, "月", "Month"),
    ];

    /// <summary>The amendment reason column a template writes last.</summary>
    public static ReportColumn ReasonColumn { get; } = new("reason", ColumnRole.Reason, "修改原因(首次填报留空)", "Amendment reason (empty for a first report)");

    /// <summary>The unit a template gives a measure: as statistical returns give it (10^4 kWh, 10^4 m3).</summary>
    public static Unit TemplateUnit(Measure measure) => measure switch
    {
        Measure.Electricity => Unit.TenThousandKilowattHours,
        Measure.Volume => Unit.TenThousandCubicMetres,
        Measure.Emission => Unit.TonneCo2,
        _ => UnitCatalog.BaseOf(measure),
    };

    /// <summary>Every column of the template of <paramref name="factors"/>: one per carrier (fossil carriers burned, biomass as biomass), the single quantities, one per product, and the reason.</summary>
    public static IReadOnlyList<ReportColumn> Template(FactorSet factors, ProductCatalog products)
    {
        var columns = new List<ReportColumn>(Identity);
        foreach (var carrier in factors.Carriers.Values.OrderBy(c => c.Kind).ThenBy(c => c.Code, StringComparer.Ordinal))
        {
            var use = carrier.Kind == CarrierKind.Biomass ? FuelUse.Biomass : FuelUse.Combustion;
            columns.Add(FuelColumn(carrier, use, TemplateUnit(carrier.Measure)));
        }

        columns.AddRange(Quantities.Select(q => new ReportColumn(q.Key, ColumnRole.Quantity, q.LabelZh, q.Label, TemplateUnit(q.Measure))));
        columns.AddRange(products.All.Select(p => new ReportColumn($"product.{p.Code}", ColumnRole.Product, p.NameZh, p.Name, UnitCatalog.BaseOf(p.Measure), p.Code)));
        columns.Add(ReasonColumn);
        return columns;
    }

    /// <summary>
    /// Reads a header cell against the carriers of every factor set and the product catalogue. The
    /// error, when there is one, is a stable code and a message in English and Chinese.
    /// </summary>
    public static (ReportColumn? Column, RowError? Error) Parse(string? header, int row, int index, FactorSetCatalog factors, ProductCatalog products)
    {
        var letter = SheetCell.Letter(index);
        RowError Fail(string code, string message, string messageZh) => new(row, letter, header, code, message, messageZh);
        var match = HeaderPattern().Match(header ?? "");
        if (!match.Success)
        {
            return (null, Fail(ImportErrorCode.UnknownColumn, $"Header '{header}' is not a key with an optional [unit].", $"表头“{header}”不是“字段 [单位]”的形式。"));
        }

        var key = match.Groups["key"].Value;
        var unitText = match.Groups["unit"].Success ? match.Groups["unit"].Value.Trim() : null;
        if ((Identity.FirstOrDefault(c => c.Key == key) ?? (key == ReasonColumn.Key ? ReasonColumn : null)) is { } plain)
        {
            return unitText is null ? (plain, null) : (null, Fail(ImportErrorCode.UnknownColumn, $"Column '{key}' takes no unit.", $"“{key}”列不带单位。"));
        }

        Measure measure;
        ReportColumn column;
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        var prefix = dot < 0 ? key : key[..dot];
        var code = dot < 0 ? "" : key[(dot + 1)..];
        if (prefix is "fuel" or "feedstock" or "biomass")
        {
            var carrier = factors.All.Select(set => set.Carriers.GetValueOrDefault(code)).FirstOrDefault(c => c is not null);
            if (carrier is null)
            {
                return (null, Fail(Accounting.Errors.AccountingErrorCode.UnknownCarrier, $"No factor set has a carrier '{code}'.", $"没有任何因子集包含能源品种“{code}”。"));
            }

            measure = carrier.Measure;
            column = FuelColumn(carrier, prefix switch { "feedstock" => FuelUse.Feedstock, "biomass" => FuelUse.Biomass, _ => FuelUse.Combustion }, null);
        }
        else if (prefix == "product")
        {
            if (products.Find(code) is not { } product)
            {
                return (null, Fail(Accounting.Errors.AccountingErrorCode.UnknownProduct, $"The product catalogue {products.Id} has no product '{code}'.", $"产品目录{products.Id}中没有产品“{code}”。"));
            }

            measure = product.Measure;
            column = new ReportColumn(key, ColumnRole.Product, product.NameZh, product.Name, null, product.Code);
        }
        else if (Quantities.FirstOrDefault(q => q.Key == key) is { Key: not null } quantity)
        {
            measure = quantity.Measure;
            column = new ReportColumn(key, ColumnRole.Quantity, quantity.LabelZh, quantity.Label);
        }
        else
        {
            return (null, Fail(ImportErrorCode.UnknownColumn, $"Column '{key}' is not a report field (see the template).", $"“{key}”不是报表字段(请参照模板)。"));
        }

        if (unitText is null)
        {
            return (null, Fail(ImportErrorCode.MissingUnit, $"Column '{key}' needs its unit in brackets, e.g. '{key} [{UnitCatalog.Symbol(TemplateUnit(measure))}]'.", $"“{key}”列须在方括号中注明单位,如“{key} [{UnitCatalog.Symbol(TemplateUnit(measure))}]”。"));
        }

        if (!UnitCatalog.TryParse(unitText, out var unit))
        {
            return (null, Fail(Accounting.Errors.AccountingErrorCode.UnknownUnit, $"Unknown unit '{unitText}' in column '{key}'.", $"“{key}”列的单位“{unitText}”无法识别。"));
        }

        if (UnitCatalog.MeasureOf(unit) != measure)
        {
            return (null, Fail(Accounting.Errors.AccountingErrorCode.UnitNotValid, $"Column '{key}' measures {measure}; '{unitText}' measures {UnitCatalog.MeasureOf(unit)}.", $"“{key}”列的单位“{unitText}”与其计量类别不符。"));
        }

        return (column with { Unit = unit }, null);
    }

    private static ReportColumn FuelColumn(Carrier carrier, FuelUse use, Unit? unit)
    {
        var (prefix, zh, en) = use switch
        {
            FuelUse.Feedstock => ("feedstock", "(原料用)", " (feedstock)"),
            FuelUse.Biomass => ("biomass", "", ""),
            _ => ("fuel", "", ""),
        };
        return new ReportColumn($"{prefix}.{carrier.Code}", ColumnRole.Fuel, carrier.NameZh + zh, carrier.Name + en, unit, carrier.Code, use);
    }

    [GeneratedRegex(@"^\s*(?<key>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)?)\s*(?:\[(?<unit>[^\]]+)\])?\s*$")]
    private static partial Regex HeaderPattern();
}
