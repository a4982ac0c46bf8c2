using System.Text.Json;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Accounting.Balances;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Api.Schema;
using GraphQL;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace CarbonRegistry.Api.Http;

/// <summary>
/// <c>GET /exports/entity/{id}/{year}?scope=own|total&amp;format=csv|xlsx|json</c>: an entity's annual
/// report for whoever may read the entity. Each month and the year: energy (equivalent and equal
/// value, controlled, deductions, by carrier), emissions by scope, removals, value added and
/// intensities, with the factor sets behind them. The workbook adds the dual-control status and
/// every factor of those sets with its source; JSON holds all of it. CSV and JSON are written to
/// the response as they are made; a workbook (a few kilobytes for an entity-year) is built first.
/// </summary>
public static class EntityExport
{
    /// <summary>Maps the export endpoint.</summary>
    public static IEndpointRouteBuilder MapEntityExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/exports/entity/{id}/{year:int}", ExportAsync);
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpContext http, string id, int year, string? scope, string? format)
    {
        if (FileResults.Unauthenticated(http) is { } refused)
        {
            return refused;
        }

        var kind = (format ?? "csv").ToLowerInvariant();
        var balanceScope = (scope ?? "total").ToLowerInvariant() switch { "own" => BalanceScope.Own, "total" => BalanceScope.Total, _ => (BalanceScope?)null };
        if (kind is not ("csv" or "xlsx" or "json") || balanceScope is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "BAD_REQUEST", "format is csv, xlsx or json and scope is own or total.");
        }

        var services = http.RequestServices;
        var grains = services.GetRequiredService<IGrainFactory>();
        List<BalanceView> months;
        BalanceView total;
        Abstractions.DualControl.DualControlView dualControl;
        Abstractions.Entities.EntityInfo info;
        try
        {
            var entity = services.GetRequiredService<EntityGrains>().Get(id);
            await new Caller(http.User, grains).RequireReadAsync(id);
            info = await entity.GetInfo() ?? throw new RegistryException(RegistryErrorCode.UnknownEntity, $"Entity '{id}' is not registered.");
            months = [.. await entity.GetMonthly(year, balanceScope.Value)];
            total = await entity.GetBalance(year, null, balanceScope.Value);
            dualControl = await entity.GetDualControl(year);
        }
        catch (RegistryException error)
        {
            return Problem(error.Code == RegistryErrorCode.UnknownEntity ? StatusCodes.Status404NotFound : StatusCodes.Status400BadRequest, error.Code, error.Message);
        }
        catch (ExecutionError error)
        {
            return Problem(StatusCodes.Status403Forbidden, error.Code ?? "FORBIDDEN", error.Message);
        }
        catch (Exception error) when (Transient.ErrorFor(error) is { } unavailable)
        {
            // The cluster or the database is away for a moment: a retry may succeed.
            return Problem(StatusCodes.Status503ServiceUnavailable, unavailable.Code!, unavailable.Message);
        }

        var catalog = services.GetRequiredService<FactorSetCatalog>();
        var sets = months.Append(total).SelectMany(b => b.FactorSetId.Split('+', StringSplitOptions.RemoveEmptyEntries)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Select(catalog.Get).ToList();
        var rows = months.Append(total).Select(Row).ToList();
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{id}-{year}-{balanceScope.Value.ToString().ToLowerInvariant()}.{kind}\"";
        switch (kind)
        {
            case "json":
                http.Response.ContentType = "application/json";
                await JsonSerializer.SerializeAsync(http.Response.Body, new
                {
                    entity = info.Registration,
                    year,
                    scope = balanceScope.Value,
                    balances = rows,
                    dualControl,
                    factorSets = sets.Select(FactorSetView),
                }, FileResults.Json, http.RequestAborted);
                return Results.Empty;
            case "xlsx":
                var xlsx = new MemoryStream();
                await MiniExcel.SaveAsAsync(xlsx, new Dictionary<string, object>
                {
                    ["balances"] = rows,
                    ["dual_control"] = DualControlRows(dualControl),
                    ["factors"] = sets.SelectMany(FactorRows).ToList(),
                    ["about"] = new[]
                    {
                        About("entity", $"{info.Registration.Id} {info.Registration.NameZh} {info.Registration.Name} ({info.Registration.Kind})"),
                        About("year", year),
                        About("scope", balanceScope.Value == BalanceScope.Total ? "total: the entity and everything under it" : "own: the entity's own reports"),
                        About("factor sets", string.Join(", ", sets.Select(s => $"{s.Id} {s.Title}"))),
                        About("units", "energy tce; emissions tCO2 or tCO2e; value added 10^4 yuan; intensities per 10^4 yuan"),
                    },
                }, excelType: ExcelType.XLSX, cancellationToken: http.RequestAborted);
                return Results.Bytes(xlsx.ToArray(), FileResults.XlsxType);
            default:
                http.Response.ContentType = "text/csv; charset=utf-8";
                await FileResults.WriteCsvAsync(http.Response.Body, rows, http.RequestAborted);
                return Results.Empty;
        }
    }

    /// <summary>One period's figures: the fields of the API's Balance and the energy of each carrier group.</summary>
    private static Dictionary<string, object?> Row(BalanceView b)
    {
        var row = new Dictionary<string, object?>
        {
            ["period"] = b.Period,
            ["report_count"] = b.ReportCount,
            ["factor_sets"] = b.FactorSetId,
            ["energy_tce"] = b.EnergyTce,
            ["equal_value_energy_tce"] = b.EqualValueEnergyTce,
            ["controlled_energy_tce"] = b.ControlledEnergyTce,
            ["renewable_deduction_tce"] = b.RenewableDeductionTce,
            ["feedstock_deduction_tce"] = b.FeedstockDeductionTce,
            ["non_fossil_tce"] = b.NonFossilTce,
            ["intensity_energy_tce"] = b.IntensityEnergyTce,
            ["deduction_rule_set"] = b.DeductionRuleSetId,
            ["scope1_tco2e"] = b.Scope1Tco2e,
            ["combustion_co2_tco2"] = b.CombustionCo2Tco2,
            ["process_co2_tco2"] = b.ProcessCo2Tco2,
            ["methane_tco2e"] = b.MethaneTco2e,
            ["biomass_tco2"] = b.BiomassTco2,
            ["scope2_location_tco2"] = b.Scope2LocationTco2,
            ["scope2_market_tco2"] = b.Scope2MarketTco2,
            ["gross_tco2e"] = b.GrossTco2e,
            ["removals_tco2"] = b.RemovalsTco2,
            ["net_tco2e"] = b.NetTco2e,
            ["value_added_10k_yuan"] = b.ValueAddedWanYuan,
            ["energy_intensity_tce_per_10k_yuan"] = b.EnergyIntensity,
            ["carbon_intensity_tco2e_per_10k_yuan"] = b.CarbonIntensity,
            ["raw_coal_output_t"] = b.RawCoalOutputT,
        };
        foreach (var carrier in BalanceComponentList.EnergyCarriers)
        {
            row[$"energy_{BalanceComponentList.ColumnName(carrier)}"] = b.Components[carrier];
        }

        return row;
    }

    private static List<Dictionary<string, object?>> DualControlRows(Abstractions.DualControl.DualControlView view)
    {
        var rows = new List<Dictionary<string, object?>>();
        void Cap(string indicator, Abstractions.DualControl.CapProgressView? cap)
        {
            if (cap is not null)
            {
                rows.Add(new() { ["indicator"] = indicator, ["target"] = cap.Cap, ["actual"] = cap.Actual, ["expected_so_far"] = cap.Expected, ["base_year"] = null, ["base"] = null, ["rating"] = cap.Rating.ToString() });
            }
        }

        void Intensity(string indicator, Abstractions.DualControl.IntensityProgressView? intensity)
        {
            if (intensity is not null)
            {
                rows.Add(new() { ["indicator"] = indicator, ["target"] = intensity.TargetIntensity, ["actual"] = intensity.Actual, ["expected_so_far"] = null, ["base_year"] = intensity.BaseYear, ["base"] = intensity.BaseIntensity, ["rating"] = intensity.Rating?.ToString() });
            }
        }

        Cap("energy total (tce)", view.EnergyTotal);
        Intensity("energy intensity (tce per 10^4 yuan)", view.EnergyIntensity);
        Cap("carbon total (tCO2e)", view.CarbonTotal);
        Intensity("carbon intensity (tCO2e per 10^4 yuan)", view.CarbonIntensity);
        if (rows.Count == 0)
        {
            rows.Add(new() { ["indicator"] = $"no targets set for {view.Year}", ["target"] = null, ["actual"] = null, ["expected_so_far"] = null, ["base_year"] = null, ["base"] = null, ["rating"] = null });
        }

        return rows;
    }

    /// <summary>Every factor of a set: carriers' coefficients, electricity, heat and methane, each with its unit and source.</summary>
    private static IEnumerable<(string Name, SourcedValue Value)> Factors(FactorSet set) =>
        set.Carriers.Values.OrderBy(c => c.Code, StringComparer.Ordinal).SelectMany(c => new[]
        {
            ($"{c.Code}.standardCoal", c.StandardCoal),
            ($"{c.Code}.netCalorificValue", c.NetCalorificValue),
            ($"{c.Code}.carbonContent", c.CarbonContent),
            ($"{c.Code}.oxidation", c.Oxidation),
        })
        .Concat(set.GridFactors.OrderBy(g => g.Key).Select(g => ($"electricity.grid.{g.Key}", g.Value)))
        .Concat(
        [
            ("electricity.residual", set.ResidualGridFactor),
            ("electricity.equivalentStandardCoal", set.ElectricityEquivalent),
            ("electricity.thermalPowerCoalRate", set.ThermalPowerCoalRate),
            ("heat.standardCoal", set.HeatStandardCoal),
            ("heat.emissionFactor", set.HeatEmissionFactor),
            ("methane.gwp", set.MethaneGwp),
            ("methane.density", set.MethaneDensity),
            ("methane.flareDestruction", set.FlareDestruction),
        ]);

    private static IEnumerable<Dictionary<string, object?>> FactorRows(FactorSet set) =>
        Factors(set).Select(f => new Dictionary<string, object?> { ["factor_set"] = set.Id, ["factor"] = f.Name, ["value"] = f.Value.Value, ["unit"] = f.Value.Unit, ["source"] = f.Value.Source, ["needs_check"] = f.Value.NeedsCheck });

    private static object FactorSetView(FactorSet set) => new
    {
        set.Id,
        set.Title,
        set.FromYear,
        set.ToYear,
        Status = set.Status.ToString(),
        Factors = Factors(set).Select(f => new { factor = f.Name, f.Value.Value, f.Value.Unit, f.Value.Source, f.Value.NeedsCheck }),
    };

    private static Dictionary<string, object?> About(string field, object? value) => new() { ["field"] = field, ["value"] = value };

    private static IResult Problem(int status, string code, string message) => FileResults.Problem(status, code, message);
}
