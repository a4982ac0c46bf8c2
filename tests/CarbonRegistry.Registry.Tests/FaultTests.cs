using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Storage;
using CarbonRegistry.Storage.Database;
using CarbonRegistry.Storage.ReadModel;
using CarbonRegistry.Testing;
using Microsoft.IdentityModel.Tokens;
using Xunit.Abstractions;

namespace CarbonRegistry.Registry.Tests;

/// <summary>
/// Faults production brings, under load over HTTP, with clients that retry a failed request (same
/// idempotency key) on the next silo: the database going away for 10 s, and a rolling restart of
/// every silo.
/// </summary>
[Collection(ServerProcessesCollection.Name)]
public sealed class FaultTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_database_outage_returns_only_durable_successes_and_retriable_errors_and_heals_without_a_restart()
    {
        using var postgres = PostgresServer.StartPrivate();
        var connectionString = postgres.CreateDatabase("outage");
        var (environment, token) = Environment(connectionString, "outage");
        using var directory = new TemporaryDirectory("carbon-outage");
        await using var server = await ServerProcess.StartAsync(environment, directory.Path);
        using var client = RegistryHttp.Client(server, token);
        await RegistryHttp.RegisterTreeAsync(client, "out-prov", "out-city", "out-mine", 8);
        using var health = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        var load = new Load([client], "out-mine", mines: 8, months: 24);
        var running = load.RunAsync();
        await load.UntilAcknowledgedAsync(40);
        postgres.Stop();
        var stopped = Stopwatch.StartNew();
        var readyDuringOutage = (int)(await health.GetAsync("/health/ready")).StatusCode;
        var acknowledgedAtStop = load.Acknowledged.Count;
        await Task.Delay(TimeSpan.FromSeconds(10) - stopped.Elapsed);
        var acknowledgedDuringOutage = load.Acknowledged.Count - acknowledgedAtStop;
        postgres.Start();
        await running;
        output.WriteLine($"{load.Acknowledged.Count} acknowledged ({acknowledgedDuringOutage} while the database was down), errors retried: {load.Describe()}");

        Assert.Equal(503, readyDuringOutage);
        Assert.Equal(200, (int)(await health.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(0, acknowledgedDuringOutage);
        Assert.Empty(load.NotRetriable);
        Assert.Contains(load.Errors, code => code == "STORAGE_UNAVAILABLE");
        await AssertDurableOnceAsync(connectionString, load);
    }

    [Fact]
    public async Task A_rolling_restart_of_every_silo_fails_no_request_of_a_client_that_retries()
    {
        var connectionString = PostgresServer.CreateDatabase("rolling");
        var (environment, token) = Environment(connectionString, "rolling");
        using var directory = new TemporaryDirectory("carbon-rolling");
        var servers = new ServerProcess[3];
        servers[0] = await ServerProcess.StartAsync(environment, directory.Path);
        (servers[1], servers[2]) = (await ServerProcess.StartAsync(environment, directory.Path), await ServerProcess.StartAsync(environment, directory.Path));
        try
        {
            var clients = servers.Select(server => RegistryHttp.Client(server, token)).ToArray();
            await RegistryHttp.RegisterTreeAsync(clients[0], "roll-prov", "roll-city", "roll-mine", 12);
            var load = new Load(clients, "roll-mine", mines: 12, months: 24);
            var running = load.RunAsync();
            await load.UntilAcknowledgedAsync(30);

            // Each silo in turn gets SIGTERM, as Kubernetes sends it, and is replaced; the
            // replacement must be ready before the next one stops (maxUnavailable: 0).
            for (var i = 0; i < servers.Length; i++)
            {
                // A subscriber on the silo is told to go elsewhere: 1001, going away.
                await using var subscriber = await GraphQLWsClient.ConnectAsync(servers[i].BaseAddress, token);
                await subscriber.SubscribeAsync("changes", "subscription { balanceChanged(entityId: \"roll-prov\", includeDescendants: true) { sequence } }", new { });
                var closed = DrainAsync(subscriber);

                var clock = Stopwatch.StartNew();
                Assert.Equal(0, await servers[i].TerminateAsync(TimeSpan.FromSeconds(40)));
                await closed.WaitAsync(TimeSpan.FromSeconds(10));
                Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, subscriber.CloseStatus);
                var stoppedAfter = clock.Elapsed;
                await servers[i].DisposeAsync();
                servers[i] = await ServerProcess.StartAsync(environment, directory.Path);
                load.Replace(i, RegistryHttp.Client(servers[i], token));
                output.WriteLine($"silo {i}: stopped gracefully in {stoppedAfter.TotalSeconds:0.0} s, replacement live after {clock.Elapsed.TotalSeconds:0.0} s");
            }

            await running;
            output.WriteLine($"{load.Acknowledged.Count} acknowledged; errors retried: {load.Describe()}");
            Assert.Empty(load.NotRetriable);
            Assert.Equal(0, load.GaveUp);
            await AssertDurableOnceAsync(connectionString, load);
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>Reads until the server closes the connection.</summary>
    private static async Task DrainAsync(GraphQLWsClient client)
    {
        while (await client.ReceiveAsync() is not null)
        {
        }
    }

    private static (Dictionary<string, string> Environment, string Token) Environment(string connectionString, string cluster)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var environment = new Dictionary<string, string>
        {
            ["Storage__Provider"] = "PostgreSql",
            ["ConnectionStrings__Registry"] = connectionString,
            ["Auth__SigningKey"] = Convert.ToBase64String(key),
            ["Orleans__ClusterId"] = cluster,
            ["Demo__Seed"] = "false",
            ["Shutdown__Timeout"] = "00:00:20",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        return (environment, TokenIssuer.Issue(new SymmetricSecurityKey(key), "fault-test", RegistryRoles.Admin, [], TimeSpan.FromHours(1), DateTimeOffset.UtcNow));
    }

    /// <summary>Every acknowledged report is in the ledger, once, with the sequence the client was given.</summary>
    private static async Task AssertDurableOnceAsync(string connectionString, Load load)
    {
        await using var database = RegistryDatabase.Create(new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = connectionString });
        var reports = (await new RegistryReader(database).EventsAfterAsync(0, int.MaxValue)).Where(e => e.Type == "ReportSubmitted").ToList();
        Assert.Equal(load.Total, load.Acknowledged.Count);
        Assert.Equal(load.Total, reports.Count);
        Assert.Equal(reports.Count, reports.Select(e => (e.EntityId, e.IdempotencyKey)).Distinct().Count());
        Assert.Equal(load.Acknowledged.Values.Order(), reports.Select(e => e.Sequence).Order());
    }

    /// <summary>Six clients filing every month of their mines; a failed request is retried, same key, on the next silo.</summary>
    private sealed class Load(HttpClient[] clients, string minePrefix, int mines, int months)
    {
        private readonly HttpClient[] _clients = clients;
        private readonly ConcurrentBag<string> _errors = [];
        private int _gaveUp;

        public ConcurrentDictionary<string, long> Acknowledged { get; } = new();

        public int Total => mines * months;

        public IEnumerable<string> Errors => _errors;

        public IEnumerable<string> NotRetriable => _errors.Where(code => code.StartsWith("NOT RETRIABLE", StringComparison.Ordinal));

        public int GaveUp => _gaveUp;

        public void Replace(int index, HttpClient client) => Volatile.Write(ref _clients[index], client);

        public string Describe() =>
            string.Join(", ", _errors.GroupBy(code => code).Select(group => $"{group.Key} × {group.Count()}"));

        public async Task UntilAcknowledgedAsync(int count)
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (Acknowledged.Count < count)
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {Acknowledged.Count} reports acknowledged");
                await Task.Delay(50);
            }
        }

        public Task RunAsync() => Task.WhenAll(Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            for (var m = worker; m < mines; m += 6)
            {
                for (var i = 0; i < months; i++)
                {
                    var (id, year, month) = ($"{minePrefix}-{m}", 2024 + (i / 12), (i % 12) + 1);
                    for (var attempt = 0; ; attempt++)
                    {
                        if (attempt == 400)
                        {
                            Interlocked.Increment(ref _gaveUp);
                            break;
                        }

                        var client = Volatile.Read(ref _clients[(worker + attempt) % _clients.Length]);
                        var outcome = await RegistryHttp.SubmitAsync(client, id, year, month);
                        if (outcome.Sequence is long sequence)
                        {
                            Acknowledged[$"{id}/{year}-{month}"] = sequence;
                            break;
                        }

                        _errors.Add(outcome.ErrorCode is null ? "transport" : outcome.Retriable ? outcome.ErrorCode : "NOT RETRIABLE " + outcome.ErrorCode);
                        await Task.Delay(100);
                    }
                }
            }
        })));
    }
}
