using System.Diagnostics;
using Npgsql;

namespace CarbonRegistry.Testing;

/// <summary>
/// A real PostgreSQL server for the tests. With <c>CARBON_TEST_POSTGRES</c> set (a connection string
/// of a user allowed to create databases) the tests use that server; otherwise one throw-away server
/// per test process is created from the installed binaries (initdb, pg_ctl) on a free 127.0.0.1
/// port, run as the <c>postgres</c> user when the tests run as root, and removed at exit. Missing
/// binaries fail the tests with the install command: a database test never skips silently.
/// </summary>
public static class PostgresServer
{
    public const string EnvironmentVariable = "CARBON_TEST_POSTGRES";

    private static readonly Lazy<Instance> s_instance = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static string CreateDatabase(string prefix = "test") => CreateDatabase(s_instance.Value, prefix);

    private static string CreateDatabase(Instance server, string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        using (var connection = new NpgsqlConnection(server.AdminConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name, Pooling = true, MaxPoolSize = 40 }.ToString();
    }

    /// <summary>The server's port (for tests that stop and start it).</summary>
    public static string AdminConnectionString => s_instance.Value.AdminConnectionString;

    /// <summary>
    /// A throw-away server of its own (never the shared one, nor one given by
    /// <c>CARBON_TEST_POSTGRES</c>), for tests that stop it: an outage must not hit the databases of
    /// tests running beside them.
    /// </summary>
    public static PrivateServer StartPrivate() => new(Create());

    /// <summary>A server only one test uses: it may stop and start it.</summary>
    public sealed class PrivateServer : IDisposable
    {
        private readonly Instance _instance;

        internal PrivateServer(Instance instance) => _instance = instance;

        public string CreateDatabase(string prefix) => PostgresServer.CreateDatabase(_instance, prefix);

        /// <summary>Fast shutdown: connections are closed, nothing is lost.</summary>
        public void Stop() => _instance.PgCtl("stop -m fast -w");

        public void Start() => _instance.PgCtl("start -w");

        /// <summary>Stops the server as a crash does: no checkpoint, connections cut; it recovers from its WAL on the next start.</summary>
        public void Crash() => _instance.PgCtl("stop -m immediate -w");

        public void Dispose() => _instance.Remove();
    }

    private static Instance Start()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } given)
        {
            return new Instance(given, null, null, false);
        }

        var instance = Create();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => instance.Remove(wait: false);
        return instance;
    }

    private static Instance Create()
    {
        var bin = FindBinaries() ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or in /usr/lib/postgresql/*/bin. " +
            "Install them with: apt-get install -y postgresql   (or set " + EnvironmentVariable + " to a server's connection string).");
        var asRoot = Environment.UserName == "root";
        var directory = Path.Combine(Path.GetTempPath(), $"carbon-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        if (asRoot)
        {
            Run("chown", $"postgres:postgres {directory}", asPostgres: false);
        }

        var data = Path.Combine(directory, "data");
        var port = FreePort.Next();
        Run(Path.Combine(bin, "initdb"), $"-D {data} -U postgres -A trust -E UTF8 --locale=C --no-sync", asRoot);

        // fsync off for tests: they kill our server processes, never the database's machine, and
        // a 2-core CI box runs them much faster. Benchmarks set CARBON_POSTGRES_DURABLE=1 to
        // measure against a server that flushes every commit.
        var durable = Environment.GetEnvironmentVariable("CARBON_POSTGRES_DURABLE") == "1";
        // Unix socket only (no TCP listener): nothing can take the port between picking and binding.
        var options = $"-p {port} -c listen_addresses='' -k {directory} -c max_connections=300" + (durable ? "" : " -c fsync=off -c full_page_writes=off");
        var instance = new Instance($"Host={directory};Port={port};Username=postgres;Database=postgres;Timeout=10", directory, Path.Combine(bin, "pg_ctl"), asRoot)
        {
            Options = options,
            Data = data,
        };
        instance.PgCtl("start -w");
        return instance;
    }

    private static string? FindBinaries()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")));
        var installed = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(dir => Path.Combine(dir, "bin"))
                .Where(dir => File.Exists(Path.Combine(dir, "initdb")))
            : [];
        return installed.Concat(onPath).Select(dir => Path.GetFullPath(ResolveLink(Path.Combine(dir, "initdb")))).Select(Path.GetDirectoryName).FirstOrDefault();
    }

    private static string ResolveLink(string file) =>
        new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file;

    internal static void Run(string program, string arguments, bool asPostgres)
    {
        var start = asPostgres
            ? new ProcessStartInfo("runuser", $"-u postgres -- {program} {arguments}")
            : new ProcessStartInfo(program, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.WorkingDirectory = "/tmp";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} {arguments} timed out.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {arguments} failed ({process.ExitCode}): {output.Result}{error.Result}");
        }
    }

    internal sealed record Instance(string AdminConnectionString, string? DataDirectory, string? PgCtlPath, bool AsRoot)
    {
        public string Options { get; init; } = "";

        public string Data { get; init; } = "";

        public void PgCtl(string action) =>
            Run(PgCtlPath!, $"{action} -D {Data} -l {Path.Combine(DataDirectory!, "server.log")} -o \"{Options}\"", AsRoot);

        /// <summary>
        /// Stops the server and deletes its directory, in a shell of its own session: the test host
        /// is ended while its exit handlers still run, which used to leave every run's directory
        /// (tens of MB each) behind in /tmp.
        /// </summary>
        public void Remove(bool wait = true)
        {
            var stop = $"{PgCtlPath} stop -D {Data} -m immediate -w";
            var script = $"{(AsRoot ? $"runuser -u postgres -- {stop}" : stop)} >/dev/null 2>&1; rm -rf '{DataDirectory}'";
            var start = new ProcessStartInfo("setsid", ["sh", "-c", script]) { UseShellExecute = false, WorkingDirectory = "/tmp" };
            using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the clean-up of the test PostgreSQL.");
            if (wait)
            {
                process.WaitForExit(TimeSpan.FromSeconds(60));
            }
        }
    }
}
