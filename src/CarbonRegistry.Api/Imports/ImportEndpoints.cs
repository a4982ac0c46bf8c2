using System.Text.Json;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Accounting.Production;
using CarbonRegistry.Accounting.Units;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MiniExcelLibs;

namespace CarbonRegistry.Api.Imports;

/// <summary>Limits of spreadsheet intake (section <c>Imports</c>).</summary>
public sealed class ImportOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Imports";

    /// <summary>The largest file accepted, in bytes (64 MiB by default: a province-year CSV of 1,200,000 rows is about 50 MiB).</summary>
    public long MaxBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Rows read, checked and filed together: what a large file holds in memory at once besides its bytes and its rows' keys.</summary>
    public int ChunkRows { get; set; } = 10_000;
}

/// <summary>
/// <c>GET /imports/template?factorSet=&amp;format=csv|xlsx</c>: the report template of a factor set
/// (the current set of the latest year by default). <c>POST /imports?commit=none|valid|all</c>: an
/// upload (the raw body with <c>?name=</c>, or a multipart form's <c>file</c>), checked row by row
/// and committed as chosen; the answer lists every row's outcome. Scope and roles as for submitReports.
/// </summary>
public static class ImportEndpoints
{
    private const string XlsxType = FileResults.XlsxType;

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    /// <summary>Maps the template and upload endpoints.</summary>
    public static IEndpointRouteBuilder MapImports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/imports/template", TemplateAsync);
        app.MapPost("/imports", UploadAsync);
        return app;
    }

    private static async Task<IResult> TemplateAsync(HttpContext http, string? factorSet, string? format)
    {
        if (FileResults.Unauthenticated(http) is { } refused)
        {
            return refused;
        }

        var catalog = http.RequestServices.GetRequiredService<FactorSetCatalog>();
        FactorSet set;
        try
        {
            set = factorSet is null ? catalog.Latest : catalog.Get(factorSet);
        }
        catch (Accounting.Errors.AccountingException error)
        {
            return Problem(StatusCodes.Status404NotFound, error.Code, error.Message);
        }

        var kind = (format ?? "xlsx").ToLowerInvariant();
        if (kind is not ("csv" or "xlsx"))
        {
            return Problem(StatusCodes.Status400BadRequest, "BAD_REQUEST", $"format '{format}' is not csv or xlsx.");
        }

        var products = http.RequestServices.GetRequiredService<ProductCatalog>();
        var columns = ReportColumns.Template(set, products);
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"report-template-{set.Id}.{kind}\"";

        // The header row of keys with units, then a note row (its first cell starts with #) of names.
        var captions = columns.Select((c, i) => (c.Header, Caption: i == 0 ? "# " + c.Caption : c.Caption)).ToDictionary(c => c.Header, c => (object?)c.Caption);
        if (kind == "csv")
        {
            var buffer = new MemoryStream();
            await FileResults.WriteCsvAsync(buffer, [captions], http.RequestAborted);
            return Results.Bytes(buffer.ToArray(), "text/csv; charset=utf-8");
        }

        var units = Enumerable.Empty<Dictionary<string, object?>>()
            .Concat(set.Carriers.Values.OrderBy(c => c.Code, StringComparer.Ordinal).Select(c => UnitRow("carrier", $"fuel.{c.Code} / feedstock.{c.Code} / biomass.{c.Code}", c.NameZh, c.Name, c.Measure)))
            .Concat(ReportColumns.Quantities.Select(q => UnitRow("quantity", q.Key, q.LabelZh, q.Label, q.Measure)))
            .Concat(products.All.Select(p => UnitRow("product", $"product.{p.Code}", p.NameZh, p.Name, p.Measure)))
            .ToList();
        var about = new[]
        {
            About("factor set", $"{set.Id} {set.Title}"),
            About("years", $"{set.FromYear}–{set.ToYear}"),
            About("status", set.Status.ToString()),
            About("products", $"{products.Id} ({products.Source})"),
            About("填写说明", "每行填写一个单位一个月的数据;表头为“字段 [单位]”,单位可改为同类的其他单位(如 万千瓦时、千瓦时、兆瓦时);首格以#开头的行为说明行,不读取;不要使用公式或合并单元格。"),
            About("how to fill", "One row per entity and month. A header is 'key [unit]'; the unit may be any unit of the same measure (see the units sheet). Rows whose first cell starts with # are notes. No formulas or merged cells."),
        };
        var xlsx = new MemoryStream();
        await MiniExcel.SaveAsAsync(xlsx, new Dictionary<string, object>
        {
            ["reports"] = new[] { captions },
            ["units"] = units,
            ["about"] = about,
        }, excelType: ExcelType.XLSX, cancellationToken: http.RequestAborted);
        return Results.Bytes(xlsx.ToArray(), XlsxType);

        static Dictionary<string, object?> UnitRow(string kind, string key, string nameZh, string name, Measure measure) => new()
        {
            ["kind"] = kind,
            ["column"] = key,
            ["name_zh"] = nameZh,
            ["name"] = name,
            ["measure"] = measure.ToString(),
            ["template_unit"] = UnitCatalog.Symbol(ReportColumns.TemplateUnit(measure)),
            ["units"] = string.Join(" | ", UnitCatalog.Symbols.Where(s => UnitCatalog.MeasureOf(UnitCatalog.Parse(s)) == measure).Select(s => string.Join(" ", [s, .. UnitCatalog.AliasesOf(UnitCatalog.Parse(s))]))),
        };

        static Dictionary<string, object?> About(string field, string value) => new() { ["field"] = field, ["value"] = value };
    }

    private static async Task<IResult> UploadAsync(HttpContext http, string? name, string? format, string? commit)
    {
        if (FileResults.Unauthenticated(http) is { } refused)
        {
            return refused;
        }

        var services = http.RequestServices;
        var caller = new Caller(http.User, services.GetRequiredService<IGrainFactory>());
        if (caller.Role is not (RegistryRoles.Reporter or RegistryRoles.Admin))
        {
            return Problem(StatusCodes.Status403Forbidden, "FORBIDDEN", $"The {caller.Role} role may not file reports.");
        }

        ImportCommit? mode = (commit ?? "none").ToLowerInvariant() switch
        {
            "none" => ImportCommit.None,
            "valid" => ImportCommit.Valid,
            "all" => ImportCommit.All,
            _ => null,
        };
        if (mode is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "BAD_REQUEST", $"commit '{commit}' is not none, valid or all.");
        }

        var limit = services.GetRequiredService<IOptions<ImportOptions>>().Value.MaxBytes;

        // Kestrel refuses bodies over 30,000,000 bytes unless told otherwise; the import's own limit
        // (checked below, with its code) is the one that applies here, with room for a form's framing.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limit + (1024 * 1024);
        }

        byte[] content;
        string fileName;
        if (http.Request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = limit + (1024 * 1024), ValueLengthLimit = 1024 * 1024 }, http.RequestAborted);
            }
            catch (InvalidDataException)
            {
                return TooLarge(limit);
            }

            if (form.Files.GetFile("file") is not { } file)
            {
                return Problem(StatusCodes.Status400BadRequest, "BAD_REQUEST", "The form has no 'file' field.");
            }

            if (file.Length > limit)
            {
                return TooLarge(limit);
            }

            fileName = file.FileName;
            using var read = new MemoryStream();
            await file.CopyToAsync(read, http.RequestAborted);
            content = read.ToArray();
        }
        else
        {
            if (http.Request.ContentLength > limit)
            {
                return TooLarge(limit);
            }

            fileName = name ?? "upload";
            using var read = new MemoryStream();
            var buffer = new byte[81920];
            int count;
            while ((count = await http.Request.Body.ReadAsync(buffer, http.RequestAborted)) > 0)
            {
                if (read.Length + count > limit)
                {
                    return TooLarge(limit);
                }

                read.Write(buffer, 0, count);
            }

            content = read.ToArray();
        }

        var kind = (format ?? Path.GetExtension(fileName).TrimStart('.')).ToLowerInvariant() switch
        {
            "csv" => SheetFormat.Csv,
            "xlsx" => SheetFormat.Xlsx,
            _ when http.Request.ContentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true => SheetFormat.Csv,
            _ when http.Request.ContentType?.StartsWith(XlsxType, StringComparison.OrdinalIgnoreCase) == true => SheetFormat.Xlsx,
            _ => (SheetFormat?)null,
        };
        if (kind is null)
        {
            return Problem(StatusCodes.Status415UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE", $"'{fileName}' is not named .csv or .xlsx; give ?format=csv or xlsx.");
        }

        var outcome = await services.GetRequiredService<ReportImport>().RunAsync(caller, fileName, kind.Value, content, mode.Value, http.RequestAborted);
        services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ImportEndpoints)).LogInformation(
            "Import {File} ({Sha256}) by {Actor}, commit {Commit}: {Rows} rows, {Valid} valid, {Committed} committed, {Errors} errors",
            fileName, outcome.Sha256, caller.Actor, outcome.Commit, outcome.Rows, outcome.Valid, outcome.Committed, outcome.ErrorCount);
        return Results.Json(outcome, s_json, "application/json", outcome.FileRefused ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
    }

    private static IResult TooLarge(long limit) =>
        Results.Json(new { code = ImportErrorCode.FileTooLarge, message = $"The file is over the limit of {limit} bytes.", messageZh = $"文件超过{limit}字节的上限。" }, s_json, "application/problem+json", StatusCodes.Status413PayloadTooLarge);

    private static IResult Problem(int status, string code, string message) => FileResults.Problem(status, code, message);
}
