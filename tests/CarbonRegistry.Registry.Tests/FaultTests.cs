using System.Diagnostics;
using CarbonRegistry.Testing;
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
        var (environment, token) = RegistryHttp.ServerSettings(connectionString, "outage");
        using var directory = new TemporaryDirectory("carbon-outage");
        await using var server = await ServerProcess.StartAsync(environment, directory.Path);
        using var client = RegistryHttp.Client(server, token);
        await RegistryHttp.RegisterTreeAsync(client, "out-prov", "out-city", "out-mine", 8);
        using var health = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

        var load = new ReportLoad([client], "out-mine", mines: 8, months: 24);
        var running = load.RunAsync();
        await load.UntilAcknowledgedAsync(40);
        postgres.Stop();
        var stoppedAt = load.Elapsed;
        var stopped = Stopwatch.StartNew();
        var readyDuringOutage = (int)(await health.GetAsync("/health/ready")).StatusCode;

        // A grain activating now cannot read its snapshot, events or rows: whichever read fails
        // first, the client is told to retry, in the registry's own words.
        var (coldCode, coldRetriable) = await RegistryHttp.ErrorAsync(client, "{ entity(id: \"out-cold\") { id } }", new { });
        var acknowledgedAtStop = load.Acknowledged.Count;
        await Task.Delay(TimeSpan.FromSeconds(10) - stopped.Elapsed);
        var acknowledgedDuringOutage = load.Acknowledged.Count - acknowledgedAtStop;
        var restartedAt = load.Elapsed;
        postgres.Start();
        await running;
        output.WriteLine($"{load.Acknowledged.Count} acknowledged ({acknowledgedDuringOutage} while the database was down), errors retried: {load.Describe()}");

        Assert.Equal(503, readyDuringOutage);
        Assert.Contains(coldCode, new[] { "UNAVAILABLE", "STORAGE_UNAVAILABLE" });
        Assert.True(coldRetriable, $"{coldCode} should say retriable");
        Assert.Equal(200, (int)(await health.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(0, acknowledgedDuringOutage);

        // Counted from the stop itself: no request sent once PostgreSQL was down was acknowledged before it was back.
        Assert.DoesNotContain(load.Acknowledgements, a => a.SentAt > stoppedAt && a.AcknowledgedAt < restartedAt);
        // The writer says it in its own words: the database could not be reached, or (for a batch
        // the stopping server cut off) the outcome is unknown. Nothing else reaches the clients.
        Assert.Contains(load.Errors, code => code is "STORAGE_UNAVAILABLE" or "OUTCOME_UNKNOWN");
        Assert.All(load.Errors, code => Assert.Contains(code, new[] { "UNAVAILABLE", "STORAGE_UNAVAILABLE", "OUTCOME_UNKNOWN" }));
        await load.AssertDurableOnceAsync(connectionString);
    }

    [Fact]
    public async Task A_database_crash_under_load_loses_no_acknowledged_report_and_heals_without_a_restart()
    {
        using var postgres = PostgresServer.StartPrivate();
        var connectionString = postgres.CreateDatabase("crash");
        var (environment, token) = RegistryHttp.ServerSettings(connectionString, "pgcrash");
        using var directory = new TemporaryDirectory("carbon-pgcrash");
        await using var server = await ServerProcess.StartAsync(environment, directory.Path);
        using var client = RegistryHttp.Client(server, token);
        await RegistryHttp.RegisterTreeAsync(client, "pgc-prov", "pgc-city", "pgc-mine", 8);

        var load = new ReportLoad([client], "pgc-mine", mines: 8, months: 24);
        var running = load.RunAsync();
        await load.UntilAcknowledgedAsync(40);
        postgres.Crash(); // -m immediate: what was committed is in the WAL, nothing else.
        var crashedAt = load.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var restartedAt = load.Elapsed;
        postgres.Start();
        await running;
        output.WriteLine($"{load.Acknowledged.Count} acknowledged, errors retried: {load.Describe()}");

        Assert.DoesNotContain(load.Acknowledgements, a => a.SentAt > crashedAt && a.AcknowledgedAt < restartedAt);
        Assert.Contains(load.Errors, code => code is "STORAGE_UNAVAILABLE" or "OUTCOME_UNKNOWN"); // The crash was felt by the writer.
        Assert.All(load.Errors, code => Assert.Contains(code, new[] { "UNAVAILABLE", "STORAGE_UNAVAILABLE", "OUTCOME_UNKNOWN" }));
        await load.AssertDurableOnceAsync(connectionString);
    }

    [Fact]
    public async Task A_rolling_restart_of_every_silo_fails_no_request_of_a_client_that_retries()
    {
        var connectionString = PostgresServer.CreateDatabase("rolling");
        var (environment, token) = RegistryHttp.ServerSettings(connectionString, "rolling");
        using var directory = new TemporaryDirectory("carbon-rolling");
        var servers = new ServerProcess[3];
        servers[0] = await ServerProcess.StartAsync(environment, directory.Path);
        (servers[1], servers[2]) = (await ServerProcess.StartAsync(environment, directory.Path), await ServerProcess.StartAsync(environment, directory.Path));
        try
        {
            var clients = servers.Select(server => RegistryHttp.Client(server, token)).ToArray();
            await RegistryHttp.RegisterTreeAsync(clients[0], "roll-prov", "roll-city", "roll-mine", 12);
            // Paced so that it is still running at the last SIGTERM (288 reports at most 6 a second),
            // then let go once every silo has been replaced.
            var load = new ReportLoad(clients, "roll-mine", mines: 12, months: 24) { Pace = TimeSpan.FromSeconds(1.5) };
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

                Assert.False(running.IsCompleted, $"The load was over before silo {i} was stopped.");
                var clock = Stopwatch.StartNew();
                Assert.Equal(0, await servers[i].TerminateAsync(TimeSpan.FromSeconds(40)));
                await closed.WaitAsync(TimeSpan.FromSeconds(10));
                Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.EndpointUnavailable, subscriber.CloseStatus);
                var stoppedAfter = clock.Elapsed;
                await servers[i].DisposeAsync();
                servers[i] = await ServerProcess.StartAsync(environment, directory.Path);
                using (var health = new HttpClient { BaseAddress = servers[i].BaseAddress })
                {
                    await Poll.UntilAsync(async () => (await health.GetAsync("/health/ready")).IsSuccessStatusCode, TimeSpan.FromSeconds(60), $"replacement of silo {i} ready");
                }

                load.Replace(i, RegistryHttp.Client(servers[i], token));
                output.WriteLine($"silo {i}: stopped gracefully in {stoppedAfter.TotalSeconds:0.0} s, replacement live after {clock.Elapsed.TotalSeconds:0.0} s");
            }

            load.Pace = TimeSpan.Zero;
            await running;
            output.WriteLine($"{load.Acknowledged.Count} acknowledged; errors retried: {load.Describe()}");

            // The restarts were felt (clients retried on another silo) and nothing failed for good.
            Assert.NotEmpty(load.Errors);
            await load.AssertDurableOnceAsync(connectionString);
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
}
