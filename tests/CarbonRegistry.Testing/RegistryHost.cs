using System.Collections.Concurrent;
using CarbonRegistry.Server.Hosting;
using CarbonRegistry.Storage.ReadModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CarbonRegistry.Testing;

/// <summary>
/// A real silo in this process, wired by the server's own extensions, on SQLite or PostgreSQL,
/// with free ports. Several may run in one test process; each has its own storage.
/// </summary>
public sealed class RegistryHost : IAsyncDisposable
{
    private readonly IHost _host;

    private RegistryHost(IHost host, IReadOnlyDictionary<string, string?> settings, LogCollector logs)
    {
        _host = host;
        Settings = settings;
        Logs = logs;
    }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public RegistryReader Reader => _host.Services.GetRequiredService<RegistryReader>();

    public CarbonRegistry.Storage.Ledger.LedgerWriter Writer => _host.Services.GetRequiredService<CarbonRegistry.Storage.Ledger.LedgerWriter>();

    /// <summary>Every message the silo logged at Information or above.</summary>
    public LogCollector Logs { get; }

    public static Dictionary<string, string?> SqliteSettings(string directory) => new()
    {
        ["Storage:Provider"] = "Sqlite",
        ["Storage:SqlitePath"] = Path.Combine(directory, "registry.db"),
    };

    public static Dictionary<string, string?> PostgresSettings(string connectionString) => new()
    {
        ["Storage:Provider"] = "PostgreSql",
        ["ConnectionStrings:Registry"] = connectionString,
    };

    public static async Task<RegistryHost> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(settings)
        {
            ["Orleans:SiloPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans:ClusterId"] = $"test-{Guid.NewGuid():N}",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var logs = new LogCollector();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(all);
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Information);
        builder.AddRegistryStorage();
        builder.AddRegistryOrleans();
        var host = builder.Build();
        await host.StartAsync();
        return new RegistryHost(host, all, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(TimeSpan.FromSeconds(20));
        _host.Dispose();
    }
}

/// <summary>Collects log messages so tests can assert on what the silo reported.</summary>
public sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCollector owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._messages.Enqueue(formatter(state, exception));
    }
}
