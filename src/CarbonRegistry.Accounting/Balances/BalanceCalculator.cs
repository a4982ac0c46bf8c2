using System.Globalization;
using CarbonRegistry.Accounting.Combustion;
using CarbonRegistry.Accounting.Electricity;
using CarbonRegistry.Accounting.Errors;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Methane;
using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Accounting.Units;

using static CarbonRegistry.Accounting.Balances.BalanceComponent;

namespace CarbonRegistry.Accounting.Balances;

/// <summary>
/// Turns a monthly report into its <see cref="Balance"/>. Pure: the factor set is passed in, and
/// nothing is read, written or rounded. Invalid input throws <see cref="AccountingException"/>.
/// </summary>
public static class BalanceCalculator
{
    /// <summary>Computes with the current factor set of the report's data year.</summary>
    public static Balance Compute(MonthlyReport report, FactorSetCatalog catalog, BalanceOptions? options = null)
    {
        CheckPeriod(report);
        return Compute(report, catalog.ForYear(report.Year), options);
    }

    /// <summary>
    /// Computes with an explicit factor set, as a recalculation does. The set must cover the
    /// report's data year: a period is never computed with another year's factors.
    /// </summary>
    public static Balance Compute(MonthlyReport report, FactorSet factors, BalanceOptions? options = null)
    {
        CheckPeriod(report);
        if (!factors.Covers(report.Year))
        {
            throw new AccountingException(
                AccountingErrorCode.FactorNotAvailable,
                $"Factor set {factors.Id} covers {factors.FromYear}–{factors.ToYear}, not data year {report.Year}.",
                "factorSetId");
        }

        options ??= BalanceOptions.Default;
        if (options.RenewableBaselineTce < 0m)
        {
            throw new AccountingException(AccountingErrorCode.InvalidQuantity, "The renewable baseline cannot be negative.", "renewableBaselineTce");
        }

        var fuels = FuelAccounting.Compute(report.Fuels, factors);
        var electricity = ElectricityAccounting.Compute(report, factors, options.GridRegion);
        var (heatTce, heatTco2) = PurchasedHeat.Compute(report.PurchasedHeat, factors);
        var methane = MethaneAccounting.Compute(report.Methane, factors);

        return new Balance
        {
            Period = PeriodLabel(report.Year, report.Month),
            FactorSetId = factors.Id,
            Components = new ComponentVector.Builder
            {
                [FuelCombustionTce] = fuels.CombustionTce,
                [FeedstockTce] = fuels.FeedstockTce,
                [BiomassTce] = fuels.BiomassTce,
                [CleanFuelTce] = fuels.CleanTce,
                [GridElectricityTce] = electricity.GridTce,
                [GreenCertifiedElectricityTce] = electricity.GreenCertifiedTce,
                [OnSiteRenewableTce] = electricity.OnSiteRenewableTce,
                [ElectricityEqualValueTce] = electricity.EqualValueTce,
                [HeatTce] = heatTce,
                [RenewableBaselineTce] = options.RenewableBaselineTce,
                [CombustionCarbonTc] = fuels.CombustionCarbonTc,
                [BiomassCarbonTc] = fuels.BiomassCarbonTc,
                [ProcessCo2Tco2] = Emission(report.ProcessCo2, "processCo2"),
                [MethaneReleasedTch4] = methane.ReleasedTch4,
                [MethaneReleasedTco2e] = methane.ReleasedTco2e,
                [FlareCo2Tco2] = methane.FlareCo2Tco2,
                [ElectricityLocationTco2] = electricity.LocationTco2,
                [ElectricityMarketTco2] = electricity.MarketTco2,
                [HeatTco2] = heatTco2,
                [SinkRemovalsTco2] = Emission(report.SinkRemovals, "sinkRemovals"),
                [CcusRemovalsTco2] = Emission(report.CcusRemovals, "ccusRemovals"),
                [RawCoalOutputT] = RawCoalOutput(report),
                [MethaneDrainedM3] = methane.DrainedM3,
                [MethaneUtilisedM3] = methane.UtilisedM3,
            }.ToVector(),
            ValueAddedWanYuan = report.ValueAdded is { } va ? va.Validated("valueAdded").InBaseOf(Measure.Money, "valueAdded") : null,
        };
    }

    /// <summary>The label of a month, <c>yyyy-MM</c>.</summary>
    public static string PeriodLabel(int year, int month) =>
        string.Create(CultureInfo.InvariantCulture, $"{year:D4}-{month:D2}");

    private static void CheckPeriod(MonthlyReport report)
    {
        if (report.Month is < 1 or > 12)
        {
            throw new AccountingException(AccountingErrorCode.InvalidPeriod, $"Month {report.Month} is not between 1 and 12.", "month");
        }

        if (report.Year is < 1990 or > 2100)
        {
            throw new AccountingException(AccountingErrorCode.InvalidPeriod, $"Year {report.Year} is not between 1990 and 2100.", "year");
        }
    }

    /// <summary>
    /// Raw coal output, t. Zero output beside emissions would make every per-tonne indicator
    /// infinite: an output stated must be greater than zero.
    /// </summary>
    private static decimal RawCoalOutput(MonthlyReport report)
    {
        if (report.RawCoalOutput is not { } output)
        {
            return 0m;
        }

        var tonnes = output.Validated("rawCoalOutput").InBaseOf(Measure.Mass, "rawCoalOutput");
        return tonnes > 0m
            ? tonnes
            : throw new AccountingException(AccountingErrorCode.InvalidQuantity, "Raw coal output, when stated, must be greater than zero.", "rawCoalOutput");
    }

    private static decimal Emission(Quantity? quantity, string field) =>
        quantity is { } q ? q.Validated(field).InBaseOf(Measure.Emission, field) : 0m;
}
