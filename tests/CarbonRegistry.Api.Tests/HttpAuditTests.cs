using System.Diagnostics;
using System.Text.Json;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Testing;

namespace CarbonRegistry.Api.Tests;

/// <summary>
/// The reference audit of the GraphQL-over-HTTP spec (the graphql-http npm package's serverAudits),
/// run with Node against the real server. Every MUST passes, and so does every SHOULD.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class HttpAuditTests(ApiServerFixture server)
{
    [Fact]
    public async Task The_graphql_http_server_audit_passes()
    {
        var directory = Path.Combine(ServerProcess.RepositoryRoot(), "tests", "CarbonRegistry.Api.Tests", "audit");
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "graphql-http")))
        {
            await RunAsync("npm", "ci --no-audit --no-fund", directory);
        }

        var output = await RunAsync("node", $"audit.mjs {server.Http.BaseAddress}graphql {server.Token(RegistryRoles.Dashboard)}", directory);
        var results = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();

        Assert.True(results.Count > 20, $"the audit ran only {results.Count} checks:\n{output}");
        var failed = results.Where(r => r.GetProperty("status").GetString() != "ok").Select(r => $"{r.GetProperty("name").GetString()}: {r.GetProperty("reason")}").ToList();
        Assert.True(failed.Count == 0, "audits not passed:\n" + string.Join('\n', failed));
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
