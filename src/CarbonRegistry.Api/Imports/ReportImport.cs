using System.Security.Cryptography;
using CarbonRegistry.Abstractions.Errors;
using CarbonRegistry.Abstractions.Grains;
using CarbonRegistry.Abstractions.Reports;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Api.Schema;
using GraphQL;

namespace CarbonRegistry.Api.Imports;

/// <summary>What to do with a file's rows once they are checked.</summary>
public enum ImportCommit
{
    /// <summary>Check and preview only; nothing is written.</summary>
    None,

    /// <summary>Commit the rows that passed; report the rest.</summary>
    Valid,

    /// <summary>Commit only when every row passed; otherwise nothing.</summary>
    All,
}

/// <summary>A row that passed: what filing it does (or did) and the month's balance it gives.</summary>
public sealed record ImportPreview(int Row, string EntityId, int Year, int Month, string Action, int ReportVersion, long Sequence, bool Replayed, decimal EnergyTce, decimal NetTco2e, IReadOnlyList<ValidationWarning> Warnings);

/// <summary>The outcome of an upload: the file, what was checked and committed, and every refused row with its error.</summary>
public sealed record ImportOutcome
{
    /// <summary>The file name as given.</summary>
    public required string FileName { get; init; }

    /// <summary>csv or xlsx.</summary>
    public required string Format { get; init; }

    /// <summary>SHA-256 of the file's bytes, hexadecimal: the rows' idempotency keys start from it.</summary>
    public required string Sha256 { get; init; }

    /// <summary>none, valid or all.</summary>
    public required string Commit { get; init; }

    /// <summary>Report rows in the file (header, notes and empty rows not counted).</summary>
    public int Rows { get; init; }

    /// <summary>Rows that passed every check.</summary>
    public int Valid { get; init; }

    /// <summary>Rows written by this upload (a row filed before with the same content is replayed, not counted).</summary>
    public int Committed { get; init; }

    /// <summary>True when the file could not be read as reports (empty, not what its name says, damaged, a refused header): no row was checked.</summary>
    public bool FileRefused { get; init; }

    /// <summary>Rows that passed, each with its filing and balance: the first <see cref="ReportImport.MaxListed"/>.</summary>
    public IReadOnlyList<ImportPreview> Accepted { get; init; } = [];

    /// <summary>True when more rows passed than <see cref="Accepted"/> lists.</summary>
    public bool AcceptedTruncated { get; init; }

    /// <summary>Every error found, listed or not.</summary>
    public int ErrorCount { get; init; }

    /// <summary>True when more errors were found than <see cref="Errors"/> lists.</summary>
    public bool ErrorsTruncated { get; init; }

    /// <summary>The errors, by row (row 0 for the file itself): the first 10,000 found.</summary>
    public IReadOnlyList<RowError> Errors { get; init; } = [];
}

/// <summary>
/// Spreadsheet intake: reads a file into reports, checks each one with its entity exactly as
/// <c>submitReports</c> would (scope, period, locks, units, carriers; nothing written), and commits
/// what the caller chose. A row's idempotency key is the file's SHA-256 and the row's number, so
/// uploading the same file again files nothing new and answers as the first time.
/// </summary>
public sealed class ReportImport(IGrainFactory grains, Accounting.Factors.FactorSetCatalog factors, Accounting.Production.ProductCatalog products, ImportOptions options)
{
    /// <summary>The most rows <see cref="ImportOutcome.Accepted"/> lists.</summary>
    public const int MaxListed = 1_000;

    /// <summary>Entities checked or filed at once; an entity's own rows go one after another (its grain takes one at a time anyway).</summary>
    private const int Parallelism = 64;

    /// <summary>Reads, checks and (as <paramref name="commit"/> says) commits <paramref name="content"/> for <paramref name="caller"/>.</summary>
    public async Task<ImportOutcome> RunAsync(Caller caller, string fileName, SheetFormat format, byte[] content, ImportCommit commit, CancellationToken cancellation)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(content));
        var outcome = new ImportOutcome { FileName = fileName, Format = format.ToString().ToLowerInvariant(), Sha256 = sha, Commit = commit.ToString().ToLowerInvariant() };
        ParsedSheet sheet;
        try
        {
            sheet = ReportRows.Parse(SheetReader.Read(content, format), sha[..32], factors, products);
        }
        catch (SheetException error)
        {
            return outcome with { FileRefused = true, ErrorCount = 1, Errors = [new RowError(0, null, null, error.Code, error.Message, error.MessageZh)] };
        }

        var errors = new RowErrors(sheet.Errors, sheet.ErrorCount);
        var listed = new List<ImportPreview>();
        var (passed, committed) = (0, 0);
        if (commit == ImportCommit.Valid)
        {
            // Filing a row checks it exactly as the check does and writes nothing of a row it
            // refuses, so the valid rows are filed in one pass, a chunk at a time.
            foreach (var chunk in sheet.Rows.Chunk(options.ChunkRows))
            {
                var filed = await FileAsync(caller, sheet, chunk, write: true, cancellation);
                errors.AddRange(filed.Errors);
                passed += filed.Results.Count;
                committed += filed.Results.Values.Count(r => !r.Replayed);
                List(listed, chunk, filed.Results);
            }

            return Outcome(outcome, sheet, passed, committed, listed, errors);
        }

        // Otherwise every row is checked before any is filed, a chunk at a time; then, for
        // commit=all with no row refused, the rows are read again and filed, a chunk at a time.
        foreach (var chunk in sheet.Rows.Chunk(options.ChunkRows))
        {
            var checks = await FileAsync(caller, sheet, chunk, write: false, cancellation);
            errors.AddRange(checks.Errors);
            passed += checks.Results.Count;
            if (commit == ImportCommit.None)
            {
                List(listed, chunk, checks.Results);
            }
        }

        if (commit == ImportCommit.All && errors.Count > 0 && !sheet.FileRefused)
        {
            errors.Add(new RowError(0, null, null, ImportErrorCode.RowsRefused, $"{sheet.RowCount - passed} of {sheet.RowCount} rows were refused: nothing was committed (commit=valid files the rest).", $"共{sheet.RowCount}行中有{sheet.RowCount - passed}行未通过校验,未提交任何数据(可选择只提交通过的行)。"));
        }
        else if (commit == ImportCommit.All && errors.Count == 0)
        {
            // Every row passed. A row filed before with this content answers as it did then
            // (replayed, not counted); one refused now (a lock in between) is reported with its error.
            foreach (var chunk in sheet.Rows.Chunk(options.ChunkRows))
            {
                var filed = await FileAsync(caller, sheet, chunk, write: true, cancellation);
                errors.AddRange(filed.Errors);
                committed += filed.Results.Values.Count(r => !r.Replayed);
                List(listed, chunk, filed.Results);
            }
        }

        return Outcome(outcome, sheet, passed, committed, listed, errors);
    }

    private static ImportOutcome Outcome(ImportOutcome outcome, ParsedSheet sheet, int passed, int committed, List<ImportPreview> listed, RowErrors errors) => outcome with
    {
        FileRefused = sheet.FileRefused,
        Rows = sheet.RowCount,
        Valid = passed,
        Committed = committed,
        Accepted = [.. listed.Take(MaxListed)],
        AcceptedTruncated = listed.Count > MaxListed,
        ErrorCount = errors.Count,
        ErrorsTruncated = errors.Count > errors.Listed.Count,
        Errors = [.. errors.Listed.OrderBy(e => e.Row)],
    };

    /// <summary>Adds the rows of a chunk that have a result to the listing, in row order, up to one past <see cref="MaxListed"/>.</summary>
    private static void List(List<ImportPreview> listed, ImportRow[] chunk, Dictionary<int, ReportResult> results)
    {
        foreach (var row in chunk)
        {
            if (listed.Count > MaxListed)
            {
                return;
            }

            if (results.TryGetValue(row.Row, out var result))
            {
                var action = result.Replayed ? "unchanged" : row.Reason is null ? "submit" : "amend";
                listed.Add(new ImportPreview(row.Row, row.EntityId, row.Year, row.Month, action, result.ReportVersion, result.Sequence, result.Replayed, result.Balance.EnergyTce, result.Balance.NetTco2e, result.Warnings));
            }
        }
    }

    /// <summary>Checks (or files) each row with its entity; a row's refusal is its error, located in the sheet.</summary>
    private async Task<(Dictionary<int, ReportResult> Results, List<RowError> Errors)> FileAsync(Caller caller, ParsedSheet sheet, ImportRow[] rows, bool write, CancellationToken cancellation)
    {
        // Scope first, one entity at a time: the caller's scope cache is not shared between threads.
        var refused = new Dictionary<string, ExecutionError>(StringComparer.Ordinal);
        foreach (var entityId in rows.Select(r => r.EntityId).Distinct(StringComparer.Ordinal))
        {
            if (!Abstractions.Entities.EntityIds.IsValid(entityId))
            {
                refused[entityId] = new ExecutionError($"'{entityId}' is not an entity id ({Abstractions.Entities.EntityIds.Pattern}).") { Code = RegistryErrorCode.InvalidEntityId };
                continue;
            }

            try
            {
                await caller.RequireReportAsync(entityId);
            }
            catch (ExecutionError error)
            {
                refused[entityId] = error;
            }
            catch (Exception error) when (Transient.ErrorFor(error) is { } retriable)
            {
                refused[entityId] = retriable;
            }
        }

        var results = new System.Collections.Concurrent.ConcurrentDictionary<int, ReportResult>();
        var errors = new System.Collections.Concurrent.ConcurrentBag<RowError>();
        await Parallel.ForEachAsync(rows.GroupBy(r => r.EntityId, StringComparer.Ordinal), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellation }, async (entityRows, _) =>
        {
            var entity = grains.GetGrain<IEntityGrain>(entityRows.Key);
            foreach (var row in entityRows)
            {
                if (refused.TryGetValue(row.EntityId, out var denied))
                {
                    errors.Add(Refusal(sheet, row, denied.Code ?? "FORBIDDEN", denied.Message, null));
                    continue;
                }

                try
                {
                    results[row.Row] = !write ? await entity.CheckReport(row.Report, row.Reason)
                        : row.Reason is null ? await entity.SubmitReport(row.Report, caller.Actor)
                        : await entity.AmendReport(new AmendReport { Year = row.Report.Year, Month = row.Report.Month, IdempotencyKey = row.Report.IdempotencyKey, Reason = row.Reason, Data = row.Report.Data }, caller.Actor);
                }
                catch (RegistryException error)
                {
                    errors.Add(Refusal(sheet, row, error.Code, error.Message, error.Field));
                }
                catch (Exception error) when (Transient.ErrorFor(error) is { } retriable)
                {
                    errors.Add(Refusal(sheet, row, retriable.Code!, retriable.Message, null));
                }
            }
        });
        return (new Dictionary<int, ReportResult>(results), [.. errors]);
    }

    private static RowError Refusal(ParsedSheet sheet, ImportRow row, string code, string message, string? field)
    {
        var (letter, key) = sheet.Locate(row, field);
        return new RowError(row.Row, letter, key, code, message, ImportMessages.Chinese(code, row.Row));
    }
}
