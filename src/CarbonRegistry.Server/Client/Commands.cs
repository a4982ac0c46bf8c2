using System.ComponentModel;
using System.Text.Json;
using CarbonRegistry.Abstractions.Recalculation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CarbonRegistry.Server.Client;

/// <summary><c>template [--format xlsx|csv] [--factor-set ID] [--out FILE]</c>.</summary>
public sealed class TemplateCommand : ClientCommand<TemplateCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandOption("--format <FORMAT>")]
        [Description("xlsx (default, with the units sheet) or csv.")]
        public string Format { get; init; } = "xlsx";

        [CommandOption("--factor-set <ID>")]
        [Description("The factor set; the current set of the latest year by default.")]
        public string? FactorSet { get; init; }

        [CommandOption("--out <FILE>")]
        [Description("Where to write it; the server's file name by default.")]
        public string? Out { get; init; }
    }

    protected override async Task<int> RunAsync(HttpClient client, Settings settings, CancellationToken cancellationToken)
    {
        var query = $"/imports/template?format={Uri.EscapeDataString(settings.Format)}" + (settings.FactorSet is { } set ? $"&factorSet={Uri.EscapeDataString(set)}" : "");
        using var response = await client.GetAsync(query, cancellationToken);
        return await SaveAsync(response, settings.Out, cancellationToken);
    }
}

/// <summary><c>import FILE [--dry-run] [--all] [--zh]</c>: the row-error report, and exit code 1 when any row was refused.</summary>
public sealed class ImportCommand : ClientCommand<ImportCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("A .csv or .xlsx report file.")]
        public string File { get; init; } = "";

        [CommandOption("--dry-run")]
        [Description("Check every row; write nothing.")]
        public bool DryRun { get; init; }

        [CommandOption("--all")]
        [Description("Commit only when every row passes (by default the valid rows are committed and the rest reported).")]
        public bool All { get; init; }

        [CommandOption("--zh")]
        [Description("Row errors in Chinese.")]
        public bool Chinese { get; init; }

        public override ValidationResult Validate() =>
            System.IO.File.Exists(File) ? ValidationResult.Success() : ValidationResult.Error($"No file '{File}'.");
    }

    protected override async Task<int> RunAsync(HttpClient client, Settings settings, CancellationToken cancellationToken)
    {
        var content = await File.ReadAllBytesAsync(settings.File, cancellationToken);
        var name = Path.GetFileName(settings.File);
        var commit = settings.DryRun ? "none" : settings.All ? "all" : "valid";
        JsonElement outcome = default;
        await AnsiConsole.Status().StartAsync($"Uploading {name} ({content.Length:N0} bytes) and checking its rows…", async _ =>
        {
            using var response = await client.PostAsync($"/imports?commit={commit}&name={Uri.EscapeDataString(name)}", new ByteArrayContent(content), cancellationToken);
            if (response.StatusCode is not (System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.UnprocessableEntity))
            {
                await EnsureSuccessAsync(response, cancellationToken);
            }

            outcome = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement.Clone();
        });

        var errors = outcome.GetProperty("errors").EnumerateArray().ToList();
        if (errors.Count > 0)
        {
            var table = new Table().AddColumns("Row", "Column", "Code", "Message");
            foreach (var error in errors)
            {
                var column = string.Join(' ', new[] { error.GetProperty("column").GetString(), error.GetProperty("field").GetString() }.Where(s => !string.IsNullOrEmpty(s)));
                table.AddRow(
                    Markup.Escape(error.GetProperty("row").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    Markup.Escape(column),
                    Markup.Escape(error.GetProperty("code").GetString() ?? ""),
                    Markup.Escape(error.GetProperty(settings.Chinese ? "messageZh" : "message").GetString() ?? ""));
            }

            AnsiConsole.Write(table);
        }

        var errorCount = outcome.GetProperty("errorCount").GetInt32();
        AnsiConsole.MarkupLineInterpolated($"{name}: {outcome.GetProperty("rows").GetInt32()} rows, {outcome.GetProperty("valid").GetInt32()} valid, {outcome.GetProperty("committed").GetInt32()} committed{(settings.DryRun ? " (dry run: nothing written)" : "")}, {errorCount} errors{(errorCount > errors.Count ? $" (the first {errors.Count} listed)" : "")}.");
        return errorCount == 0 ? ExitCodes.Ok : ExitCodes.Refused;
    }
}

/// <summary><c>export ENTITY YEAR [--format xlsx|csv|json] [--scope total|own] [--out FILE]</c>.</summary>
public sealed class ExportCommand : ClientCommand<ExportCommand.Settings>
{
    public sealed class Settings : ClientSettings
    {
        [CommandArgument(0, "<ENTITY>")]
        [Description("The entity's id.")]
        public string Entity { get; init; } = "";

        [CommandArgument(1, "<YEAR>")]
        [Description("The year.")]
        public int Year { get; init; }

        [CommandOption("--format <FORMAT>")]
        [Description("xlsx (default), csv or json.")]
        public string Format { get; init; } = "xlsx";

        [CommandOption("--scope <SCOPE>")]
        [Description("total (default: the entity and everything under it) or own.")]
        public string Scope { get; init; } = "total";

        [CommandOption("--out <FILE>")]
        [Description("Where to write it; the server's file name by default.")]
        public string? Out { get; init; }
    }

    protected override async Task<int> RunAsync(HttpClient client, Settings settings, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync($"/exports/entity/{Uri.EscapeDataString(settings.Entity)}/{settings.Year}?format={Uri.EscapeDataString(settings.Format)}&scope={Uri.EscapeDataString(settings.Scope)}", cancellationToken);
        return await SaveAsync(response, settings.Out, cancellationToken);
    }
}

/// <summary><c>recalculate ROOT YEAR FACTOR_SET [--deduction-rule-set ID] [--job ID]</c>: starts (or resumes following) a job and shows its progress; exit code 1 when an entity was refused.</summary>
public sealed class RecalculateCommand : ClientCommand<RecalculateCommand.Settings>
{
    private const string Job = "id status total done recalculated unchanged failures { entityId code message }";

    public sealed class Settings : ClientSettings
    {
        [CommandArgument(0, "<ROOT>")]
        [Description("The root of the subtree (a province, city, zone, …).")]
        public string Root { get; init; } = "";

        [CommandArgument(1, "<YEAR>")]
        [Description("The year.")]
        public int Year { get; init; }

        [CommandArgument(2, "<FACTOR_SET>")]
        [Description("The factor set to recalculate with.")]
        public string FactorSet { get; init; } = "";

        [CommandOption("--job <ID>")]
        [Description("The job's id: give the id of an interrupted run to follow it again (the same arguments resume it); a new id by default.")]
        public string? JobId { get; init; }

        [CommandOption("--deduction-rule-set <ID>")]
        [Description("Also switch each entity's year to this deduction rule set (recorded, one event per entity).")]
        public string? DeductionRuleSet { get; init; }
    }

    protected override async Task<int> RunAsync(HttpClient client, Settings settings, CancellationToken cancellationToken)
    {
        var jobId = settings.JobId ?? $"{settings.Root}-{settings.Year}-{DateTime.UtcNow:yyyyMMddHHmmss}";
        var job = (await GraphQLAsync(
            client,
            $"mutation($job: String, $root: ID!, $year: Int!, $set: String!, $deductions: String) {{ startRecalculation(jobId: $job, rootId: $root, year: $year, factorSetId: $set, deductionRuleSetId: $deductions) {{ {Job} }} }}",
            new { job = jobId, root = settings.Root, year = settings.Year, set = settings.FactorSet, deductions = settings.DeductionRuleSet },
            cancellationToken)).GetProperty("startRecalculation");
        AnsiConsole.MarkupLineInterpolated($"Job [bold]{jobId}[/]: {job.GetProperty("total").GetInt32()} entities under {settings.Root}, {settings.Year}, factor set {settings.FactorSet}.");
        await AnsiConsole.Progress().StartAsync(async progress =>
        {
            var bar = progress.AddTask("recalculating", maxValue: Math.Max(1, job.GetProperty("total").GetInt32()));
            while (true)
            {
                bar.Value = job.GetProperty("done").GetInt32();
                if (job.GetProperty("status").GetString() == nameof(RecalculationStatus.Finished).ToUpperInvariant())
                {
                    bar.Value = bar.MaxValue;
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
                job = await FollowAsync(client, jobId, cancellationToken);
            }
        });

        var failures = job.GetProperty("failures").EnumerateArray().ToList();
        if (failures.Count > 0)
        {
            var table = new Table().AddColumns("Entity", "Code", "Message");
            foreach (var failure in failures)
            {
                table.AddRow(Markup.Escape(failure.GetProperty("entityId").GetString()!), Markup.Escape(failure.GetProperty("code").GetString()!), Markup.Escape(failure.GetProperty("message").GetString()!));
            }

            AnsiConsole.Write(table);
        }

        AnsiConsole.MarkupLineInterpolated($"Finished: {job.GetProperty("recalculated").GetInt32()} recalculated, {job.GetProperty("unchanged").GetInt32()} unchanged, {failures.Count} refused.");
        return failures.Count == 0 ? ExitCodes.Ok : ExitCodes.Refused;
    }

    /// <summary>The job as it stands; the job runs on in the server, so a failed read is tried again for a minute before the command gives up.</summary>
    private static async Task<JsonElement> FollowAsync(HttpClient client, string jobId, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            try
            {
                return (await GraphQLAsync(client, $"query($id: String!) {{ recalculationJob(id: $id) {{ {Job} }} }}", new { id = jobId }, cancellationToken)).GetProperty("recalculationJob");
            }
            catch (Exception error) when (error is HttpRequestException || (error is ClientException { ExitCode: ExitCodes.Unavailable } && DateTime.UtcNow < deadline))
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw;
                }

                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
    }
}
