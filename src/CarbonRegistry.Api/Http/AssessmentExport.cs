using System.Globalization;
using CarbonRegistry.Abstractions.Assessment;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Accounting.Assessment;
using CarbonRegistry.Api.Auth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;

namespace CarbonRegistry.Api.Http;

/// <summary>
/// <c>GET /exports/assessment/{scheme}/{year}?version=&amp;format=csv|xlsx|json</c>: a published
/// assessment (the latest version unless one is named) as a file, for the roles that read
/// assessments. CSV and XLSX hold one row per region with a group of columns per indicator; the
/// XLSX adds a sheet saying what was published, when and under which rules; JSON is the published
/// version as the API serves it.
/// </summary>
public static class AssessmentExport
{
    private static readonly string[] s_readers = [RegistryRoles.Provincial, RegistryRoles.Dashboard, RegistryRoles.Verifier, RegistryRoles.EnergyBureau];

    /// <summary>Maps the export endpoint.</summary>
    public static IEndpointRouteBuilder MapAssessmentExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/exports/assessment/{scheme}/{year:int}", ExportAsync);
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpContext http, string scheme, int year, int? version, string? format)
    {
        if (FileResults.Unauthenticated(http) is { } refused)
        {
            return refused;
        }

        var services = http.RequestServices;
        var caller = new Caller(http.User, services.GetRequiredService<IGrainFactory>());
        if (caller.Role != RegistryRoles.Admin && !s_readers.Contains(caller.Role))
        {
            return Problem(StatusCodes.Status403Forbidden, "FORBIDDEN", $"The {caller.Role} role may not read assessments.");
        }

        var kind = (format ?? "csv").ToLowerInvariant();
        if (kind is not ("csv" or "xlsx" or "json"))
        {
            return Problem(StatusCodes.Status400BadRequest, "BAD_REQUEST", $"format '{format}' is not csv, xlsx or json.");
        }

        if (services.GetRequiredService<AssessmentSchemes>().Scheme(scheme) is not { } rules || !rules.Covers(year))
        {
            return Problem(StatusCodes.Status404NotFound, RegistryErrorCode.UnknownScheme, $"No assessment scheme '{scheme}' covers {year}.");
        }

        var view = await services.GetRequiredService<IGrainFactory>().GetGrain<IAssessmentGrain>($"{scheme}:{year}").GetView();
        var published = version is { } v ? view.Published.FirstOrDefault(p => p.Version == v) : view.Published.LastOrDefault();
        if (published is null)
        {
            return Problem(StatusCodes.Status404NotFound, "NOT_PUBLISHED", version is null ? $"The {year} {scheme} assessment is not published." : $"The {year} {scheme} assessment has no version {version}.");
        }

        var entities = services.GetRequiredService<Schema.EntityGrains>();
        var infos = await Task.WhenAll(published.Results.Select(r => entities.Get(r.EntityId).GetInfo()));
        var names = infos.OfType<Abstractions.Entities.EntityInfo>().ToDictionary(i => i.Registration.Id, i => i.Registration, StringComparer.Ordinal);
        var rows = Rows(rules, published, names);
        var file = $"assessment-{scheme}-{year}-v{published.Version}";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{file}.{kind}\"";
        switch (kind)
        {
            case "json":
                return Results.Json(new { scheme, year, published.Version, published.Actor, PublishedAt = published.At, published.Sequence, published.DeductionsId, published.Results }, FileResults.Json, "application/json");
            case "xlsx":
                var xlsx = new MemoryStream();
                var about = new[]
                {
                    Row(("field", "scheme"), ("value", $"{rules.Code} {rules.NameZh} {rules.Name}")),
                    Row(("field", "year"), ("value", year)),
                    Row(("field", "version"), ("value", published.Version)),
                    Row(("field", "published at"), ("value", published.At.ToString("O", CultureInfo.InvariantCulture))),
                    Row(("field", "published by"), ("value", published.Actor)),
                    Row(("field", "ledger sequence"), ("value", published.Sequence)),
                    Row(("field", "deduction rules"), ("value", published.DeductionsId)),
                    Row(("field", "source"), ("value", rules.Source)),
                };
                await MiniExcel.SaveAsAsync(xlsx, new Dictionary<string, object> { ["results"] = rows, ["about"] = about }, excelType: ExcelType.XLSX, cancellationToken: http.RequestAborted);
                return Results.Bytes(xlsx.ToArray(), FileResults.XlsxType);
            default:
                var buffer = new MemoryStream();
                await FileResults.WriteCsvAsync(buffer, rows, http.RequestAborted);
                return Results.Bytes(buffer.ToArray(), "text/csv; charset=utf-8");
        }
    }

    /// <summary>One row per region: who, score and grade, then status, points, actual, target and reason of each indicator.</summary>
    private static List<Dictionary<string, object?>> Rows(AssessmentScheme scheme, PublishedAssessmentView published, IReadOnlyDictionary<string, Abstractions.Entities.EntityRegistration> names)
    {
        var rows = new List<Dictionary<string, object?>>();
        foreach (var result in published.Results)
        {
            var entity = names.GetValueOrDefault(result.EntityId);
            var grade = scheme.Grades.FirstOrDefault(g => g.Code == result.Grade);
            var row = new Dictionary<string, object?>
            {
                ["entity_id"] = result.EntityId,
                ["name_zh"] = entity?.NameZh,
                ["name"] = entity?.Name,
                ["kind"] = entity?.Kind.ToString(),
                ["score"] = result.Score,
                ["grade"] = result.Grade,
                ["grade_zh"] = grade?.NameZh,
                ["vetoed_by"] = string.Join(' ', result.VetoedBy),
                ["complete"] = result.Complete,
                ["months_reported"] = result.MonthsReported,
                ["separate_energy_tce"] = result.SeparateEnergyTce,
            };
            foreach (var indicator in scheme.Indicators)
            {
                var score = result.Indicators.FirstOrDefault(i => i.Code == indicator.Code);
                row[$"{indicator.Code}.status"] = score?.Status.ToString();
                row[$"{indicator.Code}.points"] = score?.Points;
                row[$"{indicator.Code}.actual"] = score?.Actual;
                row[$"{indicator.Code}.target"] = score?.Target;
                row[$"{indicator.Code}.reason"] = score?.Reason;
            }

            rows.Add(row);
        }

        return rows;
    }

    private static Dictionary<string, object?> Row(params (string Key, object? Value)[] cells) => cells.ToDictionary(c => c.Key, c => c.Value);

    private static IResult Problem(int status, string code, string message) => FileResults.Problem(status, code, message);
}
