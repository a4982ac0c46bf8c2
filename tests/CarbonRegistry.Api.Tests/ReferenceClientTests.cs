using System.Diagnostics;
using System.Text.Json;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Testing;

namespace CarbonRegistry.Api.Tests;

/// <summary>
/// The reference clients, run with Node against the real server: the GraphQL-over-HTTP audit of the
/// graphql-http package (every MUST and every SHOULD passes) and the graphql-ws client.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class ReferenceClientTests(ApiServerFixture server)
{
    private static readonly string s_directory = Path.Combine(ServerProcess.RepositoryRoot(), "tests", "CarbonRegistry.Api.Tests", "audit");

    [Fact]
    public async Task The_graphql_http_server_audit_passes()
    {
        await InstallAsync();
        var output = await RunAsync("node", $"audit.mjs {server.Http.BaseAddress}graphql {server.Token(RegistryRoles.Dashboard)}", s_directory);
        var results = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();

        Assert.True(results.Count > 20, $"the audit ran only {results.Count} checks:\n{output}");
        var failed = results.Where(r => r.GetProperty("status").GetString() != "ok").Select(r => $"{r.GetProperty("name").GetString()}: {r.GetProperty("reason")}").ToList();
        Assert.True(failed.Count == 0, "audits not passed:\n" + string.Join('\n', failed));
    }

    [Fact]
    public async Task The_graphql_ws_reference_client_receives_replayed_and_live_changes()
    {
        await InstallAsync();
        var admin = server.Token(RegistryRoles.Admin);
        var start = await server.LastSequenceAsync();
        var missed = await server.SubmitAsync(admin, "api-mine-node", 2021, 9, "node-2021-9");
        var url = new UriBuilder(server.Http.BaseAddress!) { Scheme = "ws", Path = "/graphql" }.Uri;
        var client = RunAsync("node", $"subscribe.mjs {url} {server.Token(RegistryRoles.Dashboard)} api-mine-node {start} 2", s_directory);

        // The second change is committed while the client is subscribed (or about to be): replay covers either case.
        await Task.Delay(500);
        var live = await server.SubmitAsync(admin, "api-mine-node", 2022, 9, "node-2022-9");
        var lines = (await client).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.GetProperty("data").GetProperty("balanceChanged")).ToList();

        Assert.Equal([missed, live], lines.Select(change => change.GetProperty("sequence").GetInt64()));
        Assert.Equal(["2021-09", "2022-09"], lines.Select(change => change.GetProperty("period").GetString()));
    }

    [Theory]
    [InlineData(RegistryRoles.Reporter, false)]
    [InlineData(RegistryRoles.Dashboard, true)]
    [InlineData(RegistryRoles.Admin, true)]
    [InlineData(RegistryRoles.Reviewer, false)]
    public async Task The_standard_introspection_query_loads_the_schema_as_the_SDL_file_has_it(string role, bool descriptions)
    {
        await InstallAsync();
        var token = role == RegistryRoles.Reporter ? server.Token(role, "api-mine-a") : server.Token(role);
        var sdl = Path.Combine(ServerProcess.RepositoryRoot(), "schema", "graphql", "schema.graphql");

        var output = await RunAsync("node", $"introspect.mjs {server.Http.BaseAddress}graphql {token} {(descriptions ? "true" : "false")} {sdl}", s_directory);

        var result = JsonDocument.Parse(output).RootElement;
        Assert.True(result.GetProperty("ok").GetBoolean(), output);
        Assert.Equal(200, result.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task A_breaking_schema_change_fails_unless_the_changelog_names_it()
    {
        await InstallAsync();
        var root = ServerProcess.RepositoryRoot();
        var release = Path.Combine(root, "schema", "graphql", "release.graphql");
        var current = Path.Combine(root, "schema", "graphql", "schema.graphql");
        var changelog = Path.Combine(root, "CHANGELOG.md");

        // The schema as it is: every breaking change since the release is named.
        var review = await ReviewAsync(release, current, changelog);
        Assert.True(review.GetProperty("unlisted").GetArrayLength() == 0, review.ToString());

        // A field taken away is breaking: unnamed it fails, named it passes.
        using var directory = new TemporaryDirectory("carbon-schema-review");
        var removed = Path.Combine(directory.Path, "schema.graphql");
        var sdl = await File.ReadAllTextAsync(current);
        Assert.Contains("  carbonIntensity: Decimal\n", sdl, StringComparison.Ordinal);
        await File.WriteAllTextAsync(removed, System.Text.RegularExpressions.Regex.Replace(sdl, "(  \"[^\\n]*\"\\n)?  carbonIntensity: Decimal\\n", "")); // the field and its description
        var unnamed = await ReviewAsync(release, removed, changelog);
        Assert.Contains(unnamed.GetProperty("unlisted").EnumerateArray(), change => change.GetProperty("coordinate").GetString() == "Balance.carbonIntensity");
        var named = Path.Combine(directory.Path, "CHANGELOG.md");
        await File.WriteAllTextAsync(named, (await File.ReadAllTextAsync(changelog)).Replace("## Unreleased\n", "## Unreleased\n\n- Removed `Balance.carbonIntensity` and `DualControlStatus.carbonIntensity`.\n", StringComparison.Ordinal));
        var listed = await ReviewAsync(release, removed, named);
        Assert.DoesNotContain(listed.GetProperty("unlisted").EnumerateArray(), change => change.GetProperty("coordinate").GetString() == "Balance.carbonIntensity");
    }

    private static async Task<JsonElement> ReviewAsync(string release, string current, string changelog) =>
        JsonDocument.Parse(await RunAsync("node", $"schema-review.mjs {release} {current} {changelog}", s_directory)).RootElement;

    private static async Task InstallAsync()
    {
        if (!Directory.Exists(Path.Combine(s_directory, "node_modules", "graphql-ws")))
        {
            await RunAsync("npm", "ci --no-audit --no-fund", s_directory);
        }
    }

    private static async Task<string> RunAsync(string program, string arguments, string directory)
    {
        Process process;
        try
        {
            process = Process.Start(new ProcessStartInfo(program, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true })!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"'{program}' is not installed: the HTTP audit needs Node.js 20 and npm (apt-get install -y nodejs npm).");
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
            Assert.True(process.ExitCode == 0, $"{program} {arguments} failed ({process.ExitCode}):\n{await output}\n{await error}");
            return await output;
        }
    }
}
