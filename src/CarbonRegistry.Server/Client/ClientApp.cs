using System.ComponentModel;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace CarbonRegistry.Server.Client;

/// <summary>
/// The command-line client, as verbs of the server's executable: <c>template</c>, <c>import</c>,
/// <c>export</c> and <c>recalculate</c> talk to a running server's API with a token. Exit codes:
/// <see cref="ExitCodes"/>.
/// </summary>
public static class ClientApp
{
    /// <summary>The verbs the client answers to.</summary>
    public static readonly IReadOnlySet<string> Verbs = new HashSet<string>(StringComparer.Ordinal) { "template", "import", "export", "recalculate" };

    /// <summary>Runs a verb; returns its exit code.</summary>
    public static Task<int> RunAsync(string[] args)
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("carbon-registry");
            config.AddCommand<TemplateCommand>("template").WithDescription("Download the report template of a factor set.");
            config.AddCommand<ImportCommand>("import").WithDescription("Upload a CSV or XLSX report file: checked row by row, then committed (or only checked with --dry-run).");
            config.AddCommand<ExportCommand>("export").WithDescription("Download an entity's year as CSV, XLSX or JSON.");
            config.AddCommand<RecalculateCommand>("recalculate").WithDescription("Recalculate a year of every entity under a root with another factor set, as one recorded job.");
            config.SetExceptionHandler((error, _) =>
            {
                AnsiConsole.MarkupLineInterpolated($"[red]{error.Message}[/]");
                return error is CommandParseException or CommandRuntimeException ? ExitCodes.Usage : ExitCodes.Unavailable;
            });
        });
        return app.RunAsync(args);
    }
}

/// <summary>What the client's exit code says, for scripts.</summary>
public static class ExitCodes
{
    /// <summary>Done; nothing refused.</summary>
    public const int Ok = 0;

    /// <summary>The server refused something: rows of a file, an entity of a job, or the request.</summary>
    public const int Refused = 1;

    /// <summary>The command line is wrong.</summary>
    public const int Usage = 2;

    /// <summary>The server cannot be reached, or the token is missing, expired or not allowed.</summary>
    public const int Unavailable = 3;
}

/// <summary>Where the server is and the token to use.</summary>
public class ClientSettings : CommandSettings
{
    /// <summary>The server's base address.</summary>
    [CommandOption("--server <URL>")]
    [Description("The server's address; CARBON_REGISTRY_URL, else http://127.0.0.1:5080.")]
    public string? Server { get; init; }

    /// <summary>The bearer token.</summary>
    [CommandOption("--token <TOKEN>")]
    [Description("A bearer token (from the server's token command); CARBON_REGISTRY_TOKEN otherwise.")]
    public string? Token { get; init; }

    /// <summary>The client for <see cref="Server"/> with <see cref="Token"/>.</summary>
    public HttpClient Client()
    {
        var token = Token ?? Environment.GetEnvironmentVariable("CARBON_REGISTRY_TOKEN");
        if (string.IsNullOrWhiteSpace(token))
        {
            throw new ClientException(ExitCodes.Unavailable, "A token is required: --token or CARBON_REGISTRY_TOKEN (get one with the server's token command).");
        }

        var server = Server ?? Environment.GetEnvironmentVariable("CARBON_REGISTRY_URL") ?? "http://127.0.0.1:5080";
        var client = new HttpClient { BaseAddress = new Uri(server), Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

/// <summary>A failure with the exit code it ends the command with.</summary>
public sealed class ClientException(int exitCode, string message) : Exception(message)
{
    /// <summary>The exit code.</summary>
    public int ExitCode { get; } = exitCode;
}

/// <summary>What the verbs share: calling the server, and turning its refusals into exit codes.</summary>
public abstract class ClientCommand<TSettings> : AsyncCommand<TSettings>
    where TSettings : ClientSettings
{
    /// <summary>JSON as the server writes it.</summary>
    protected static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <inheritdoc />
    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings, CancellationToken cancellationToken)
    {
        try
        {
            using var client = settings.Client();
            return await RunAsync(client, settings, cancellationToken);
        }
        catch (ClientException error)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{error.Message}[/]");
            return error.ExitCode;
        }
        catch (HttpRequestException error)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]The server cannot be reached: {error.Message}[/]");
            return ExitCodes.Unavailable;
        }
    }

    /// <summary>The verb's work.</summary>
    protected abstract Task<int> RunAsync(HttpClient client, TSettings settings, CancellationToken cancellationToken);

    /// <summary>Throws for an answer that is not a success: 401, 403 and 5xx are <see cref="ExitCodes.Unavailable"/>, the rest <see cref="ExitCodes.Refused"/>.</summary>
    protected static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var detail = body;
        try
        {
            var problem = JsonDocument.Parse(body).RootElement;
            detail = $"{problem.GetProperty("code").GetString()}: {problem.GetProperty("message").GetString()}";
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Not a problem document: the body as it is.
        }

        var code = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || (int)response.StatusCode >= 500 ? ExitCodes.Unavailable : ExitCodes.Refused;
        throw new ClientException(code, $"{(int)response.StatusCode} {detail}");
    }

    /// <summary>Runs a GraphQL operation; an error in the answer ends the command (authentication errors as unavailable).</summary>
    protected static async Task<JsonElement> GraphQLAsync(HttpClient client, string query, object variables, CancellationToken cancellationToken)
    {
        using var content = new StringContent(JsonSerializer.Serialize(new { query, variables }, Json), Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/graphql", content, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Unauthorized)
        {
            await EnsureSuccessAsync(response, cancellationToken);
        }

        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken)).RootElement;
        if (json.TryGetProperty("errors", out var errors) && errors.GetArrayLength() > 0)
        {
            var code = errors[0].TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("code", out var c) ? c.GetString() : null;
            throw new ClientException(code is "UNAUTHENTICATED" or "FORBIDDEN" or "UNAVAILABLE" or "STORAGE_UNAVAILABLE" ? ExitCodes.Unavailable : ExitCodes.Refused, $"{code}: {errors[0].GetProperty("message").GetString()}");
        }

        return json.GetProperty("data").Clone();
    }

    /// <summary>Writes a downloaded file, to <paramref name="path"/> or the name the server gives it.</summary>
    protected static async Task<int> SaveAsync(HttpResponseMessage response, string? path, CancellationToken cancellationToken)
    {
        await EnsureSuccessAsync(response, cancellationToken);
        var file = path ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"') ?? "download";
        await using (var output = File.Create(file))
        {
            await response.Content.CopyToAsync(output, cancellationToken);
        }

        AnsiConsole.MarkupLineInterpolated($"Wrote [green]{file}[/] ({new FileInfo(file).Length:N0} bytes).");
        return ExitCodes.Ok;
    }
}
