using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using Microsoft.AspNetCore.Http;

namespace CarbonRegistry.Api.Http;

/// <summary>What the file endpoints (exports, templates, imports) share: their problem answers and their CSV.</summary>
public static class FileResults
{
    /// <summary>The media type of a workbook.</summary>
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>JSON as the file endpoints write it: web names, enums by name.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>A problem document: the stable code and the message.</summary>
    public static IResult Problem(int status, string code, string message) =>
        Results.Json(new { code, message }, Json, "application/problem+json", status);

    /// <summary>The answer to a request without a valid bearer token; null when it has one.</summary>
    public static IResult? Unauthenticated(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true ? null : Problem(StatusCodes.Status401Unauthorized, "UNAUTHENTICATED", "A bearer token is required.");

    /// <summary>
    /// Writes rows (all with the keys of the first, in its order) as RFC 4180 CSV with a byte order
    /// mark (so that spreadsheets read it as UTF-8), decimals in the invariant culture as they are,
    /// cells that a spreadsheet would run as formulas escaped.
    /// </summary>
    public static async Task WriteCsvAsync(Stream output, IReadOnlyList<IReadOnlyDictionary<string, object?>> rows, CancellationToken cancellation)
    {
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape, FormatProvider = CultureInfo.InvariantCulture }, leaveOpen: true);
        foreach (var header in rows[0].Keys)
        {
            csv.WriteField(header);
        }

        await csv.EndRecordAsync(cancellation);
        foreach (var row in rows)
        {
            foreach (var value in row.Values)
            {
                csv.WriteField(value switch { decimal d => d.ToString(CultureInfo.InvariantCulture), bool b => b ? "true" : "false", null => "", _ => Convert.ToString(value, CultureInfo.InvariantCulture) });
            }

            await csv.EndRecordAsync(cancellation);
        }

        await csv.FlushAsync(cancellation);
    }
}
