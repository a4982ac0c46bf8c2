using System.Net.Http.Headers;
using System.Security.Cryptography;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Testing;
using Microsoft.IdentityModel.Tokens;

namespace CarbonRegistry.Benchmarks;

/// <summary>
/// The real server process as the end-to-end scenarios run it: the production image's runtime
/// settings, embedded SQLite in a throw-away directory, a signing key of its own, warnings only;
/// with an HTTP client that sends an admin token.
/// </summary>
internal sealed class BenchServer : IAsyncDisposable
{
    private readonly TemporaryDirectory _directory;
    private readonly byte[] _key;

    private BenchServer(TemporaryDirectory directory, byte[] key, ServerProcess process)
    {
        (_directory, _key, Process) = (directory, key, process);
        Http = new HttpClient { BaseAddress = process.BaseAddress };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(RegistryRoles.Admin));
    }

    public ServerProcess Process { get; }

    /// <summary>Sends an admin token.</summary>
    public HttpClient Http { get; }

    /// <summary>Starts it; <paramref name="demo"/> loads the demo data, <paramref name="production"/> runs it as the Production environment.</summary>
    public static async Task<BenchServer> StartAsync(string name, bool demo, bool production)
    {
        var directory = new TemporaryDirectory(name);
        var key = RandomNumberGenerator.GetBytes(32);
        var environment = new Dictionary<string, string>(ProductionImage.RuntimeEnvironment())
        {
            ["Storage__SqlitePath"] = Path.Combine(directory.Path, "registry.db"),
            ["Demo__Seed"] = demo ? "true" : "false",
            ["Auth__SigningKey"] = Convert.ToBase64String(key),
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (production)
        {
            environment["DOTNET_ENVIRONMENT"] = "Production";
        }

        return new BenchServer(directory, key, await ServerProcess.StartAsync(environment, directory.Path));
    }

    /// <summary>A token for <paramref name="role"/>, valid for an hour.</summary>
    public string Token(string role) => TokenIssuer.Issue(new SymmetricSecurityKey(_key), "bench", role, [], TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Process.DisposeAsync();
        _directory.Dispose();
    }
}
