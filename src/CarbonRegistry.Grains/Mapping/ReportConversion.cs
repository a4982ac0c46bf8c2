using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Accounting.Errors;
using CarbonRegistry.Accounting.Production;
using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Grains.Mapping;

/// <summary>From the wire shape of a report to the accounting library's, checking unit symbols on the way.</summary>
internal static class ReportConversion
{
    public static MonthlyReport ToMonthlyReport(int year, int month, ReportData data) => new()
    {
        Year = year,
        Month = month,
        Fuels = [.. (data.Fuels ?? []).Select((fuel, i) => new FuelConsumption(
            fuel.Carrier ?? throw new AccountingException(AccountingErrorCode.UnknownCarrier, "A fuel line has no carrier.", $"fuels[{i}].carrier"),
            Required(fuel.Quantity, $"fuels[{i}].quantity"),
            fuel.Use))],
        GridElectricity = Quantity(data.GridElectricity, "gridElectricity"),
        GreenCertifiedElectricity = Quantity(data.GreenCertifiedElectricity, "greenCertifiedElectricity"),
        OnSiteRenewableElectricity = Quantity(data.OnSiteRenewableElectricity, "onSiteRenewableElectricity"),
        PurchasedHeat = Quantity(data.PurchasedHeat, "purchasedHeat"),
        Methane = data.Methane is { } m
            ? new CoalMineMethane(
                Required(m.Drained, "methane.drained"),
                Required(m.Vented, "methane.vented"),
                Required(m.Flared, "methane.flared"),
                Required(m.Utilised, "methane.utilised"))
            : null,
        ProcessCo2 = Quantity(data.ProcessCo2, "processCo2"),
        SinkRemovals = Quantity(data.SinkRemovals, "sinkRemovals"),
        CcusRemovals = Quantity(data.CcusRemovals, "ccusRemovals"),
        ValueAdded = Quantity(data.ValueAdded, "valueAdded"),
        RawCoalOutput = Quantity(data.RawCoalOutput, "rawCoalOutput"),
    };

    /// <summary>The product lines of <paramref name="data"/>, units parsed (checked against the catalogue by <see cref="ProductCatalog.Check"/>).</summary>
    public static IReadOnlyList<(string Code, Quantity Quantity)> ProductLines(ReportData data) =>
        [.. (data.Products ?? []).Select((line, i) => (line.Code, Required(line.Quantity, $"products[{i}].quantity")))];

    private static Quantity? Quantity(QuantityInput? input, string field) =>
        input is null ? null : new Quantity(input.Value, UnitCatalog.Parse(input.Unit, $"{field}.unit"));

    private static Quantity Required(QuantityInput? input, string field) =>
        Quantity(input, field) ?? throw new AccountingException(AccountingErrorCode.InvalidQuantity, "A quantity is missing.", field);
}
