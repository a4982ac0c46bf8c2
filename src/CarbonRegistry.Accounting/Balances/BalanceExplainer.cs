using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Reports;
using CarbonRegistry.Accounting.Units;

namespace CarbonRegistry.Accounting.Balances;

/// <summary>A factor a contribution was computed with, as the factor set gives it.</summary>
/// <param name="Name">What it is (standardCoal, carbonContent, gridFactor, …).</param>
/// <param name="Value">The value as sourced.</param>
public sealed record FactorUse(string Name, SourcedValue Value);

/// <summary>One line of a report and what it adds to the balance.</summary>
/// <param name="Field">The report's field (fuels[0], gridElectricity, methane, …).</param>
/// <param name="Carrier">The carrier of a fuel line, or null.</param>
/// <param name="Quantity">The quantity as reported.</param>
/// <param name="EnergyTce">Its energy, tce.</param>
/// <param name="GrossTco2e">Its share of gross emissions (scope 1 + location-based scope 2), tCO2e.</param>
/// <param name="NetTco2e">Its share of net emissions (scope 1 + market-based scope 2 − removals), tCO2e.</param>
/// <param name="Factors">The factors it was computed with.</param>
public sealed record Contribution(string Field, string? Carrier, Quantity Quantity, decimal EnergyTce, decimal GrossTco2e, decimal NetTco2e, IReadOnlyList<FactorUse> Factors);

/// <summary>
/// Explains a month's balance line by line: each line of the report is computed alone with the same
/// factor set and options. The balance is linear in its lines, so the contributions add up to the
/// balance to the last digit (a test holds them to it).
/// </summary>
public static class BalanceExplainer
{
    /// <summary>The contribution of every line of <paramref name="report"/>.</summary>
    public static IReadOnlyList<Contribution> Explain(MonthlyReport report, FactorSet factors, BalanceOptions options)
    {
        var empty = new MonthlyReport { Year = report.Year, Month = report.Month };
        var lines = new List<(string Field, string? Carrier, Quantity Quantity, MonthlyReport Alone, IReadOnlyList<FactorUse> Factors)>();
        for (var i = 0; i < report.Fuels.Count; i++)
        {
            var fuel = report.Fuels[i];
            var carrier = factors.Carrier(fuel.Carrier);
            lines.Add(($"fuels[{i}]", fuel.Carrier, fuel.Quantity, empty with { Fuels = [fuel] },
                [new("standardCoal", carrier.StandardCoal), new("netCalorificValue", carrier.NetCalorificValue), new("carbonContent", carrier.CarbonContent), new("oxidation", carrier.Oxidation)]));
        }

        if (report.GridElectricity is { } grid)
        {
            List<FactorUse> used = [new("electricityEquivalent", factors.ElectricityEquivalent), new("gridFactor", factors.GridFactor(options.GridRegion)), new("residualGridFactor", factors.ResidualGridFactor)];
            lines.Add(("gridElectricity", null, grid, empty with { GridElectricity = grid, GreenCertifiedElectricity = report.GreenCertifiedElectricity }, used));
        }

        Add("onSiteRenewableElectricity", report.OnSiteRenewableElectricity, q => empty with { OnSiteRenewableElectricity = q }, [new("electricityEquivalent", factors.ElectricityEquivalent)]);
        Add("purchasedHeat", report.PurchasedHeat, q => empty with { PurchasedHeat = q }, [new("heatStandardCoal", factors.HeatStandardCoal), new("heatEmissionFactor", factors.HeatEmissionFactor)]);
        if (report.Methane is { } methane)
        {
            lines.Add(("methane", null, methane.Drained, empty with { Methane = methane },
                [new("methaneGwp", factors.MethaneGwp), new("methaneDensity", factors.MethaneDensity), new("flareDestruction", factors.FlareDestruction)]));
        }

        Add("processCo2", report.ProcessCo2, q => empty with { ProcessCo2 = q }, []);
        Add("sinkRemovals", report.SinkRemovals, q => empty with { SinkRemovals = q }, []);
        Add("ccusRemovals", report.CcusRemovals, q => empty with { CcusRemovals = q }, []);

        return [.. lines.Select(line =>
        {
            var alone = BalanceCalculator.Compute(line.Alone, factors, options);
            return new Contribution(line.Field, line.Carrier, line.Quantity, alone.EnergyTce, alone.GrossTco2e, alone.NetTco2e, line.Factors);
        })];

        void Add(string field, Quantity? quantity, Func<Quantity, MonthlyReport> alone, IReadOnlyList<FactorUse> used)
        {
            if (quantity is { } q)
            {
                lines.Add((field, null, q, alone(q), used));
            }
        }
    }
}
