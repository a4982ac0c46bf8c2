using System.Collections.Concurrent;
using System.Text.Json;
using CarbonRegistry.Abstractions.Balances;
using CarbonRegistry.Accounting.Factors;
using CarbonRegistry.Grains.Mapping;
using CarbonRegistry.Storage;
using CarbonRegistry.Storage.Database;
using CarbonRegistry.Storage.ReadModel;
using CarbonRegistry.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace CarbonRegistry.Registry.Tests;

/// <summary>
/// Three server processes in one Orleans cluster on PostgreSQL (AdoNet membership, snapshots and
/// reminders), driven over HTTP by clients that retry on another silo; one silo is killed with
/// SIGKILL in the middle of the load.
/// </summary>
[Collection(ServerProcessesCollection.Name)]
public sealed class ClusterTests(ITestOutputHelper output)
{
    /// <summary>What a client may see when a silo dies under it: its connection cut (transport), the cluster not yet aware (UNAVAILABLE), a commit whose answer was lost (OUTCOME_UNKNOWN), or a write the dying silo held in the database (STORAGE_UNAVAILABLE).</summary>
    private static readonly string[] s_killErrors = ["transport", "UNAVAILABLE", "OUTCOME_UNKNOWN", "STORAGE_UNAVAILABLE"];

    private const int Mines = 12;
    private const int Months = 24;
    private const string Province = "cl-prov";

    [Fact]
    public async Task A_silo_killed_under_load_loses_nothing_and_subscriptions_resume_without_gap()
    {
        var connectionString = PostgresServer.CreateDatabase("cluster");
        var (environment, token) = RegistryHttp.ServerSettings(connectionString, "cluster-test");
        using var directory = new TemporaryDirectory("carbon-cluster");

        // The first silo applies the migrations; the other two join it.
        var servers = new List<ServerProcess> { await ServerProcess.StartAsync(environment, directory.Path) };
        servers.AddRange(await Task.WhenAll(ServerProcess.StartAsync(environment, directory.Path), ServerProcess.StartAsync(environment, directory.Path)));
        try
        {
            await Poll.UntilAsync(async () => await ActiveSilosAsync(connectionString) == 3, TimeSpan.FromSeconds(60), "three active silos");
            foreach (var server in servers)
            {
                using var http = new HttpClient { BaseAddress = server.BaseAddress };
                Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
            }

            var clients = servers.Select(server => RegistryHttp.Client(server, token)).ToList();
            await RegistryHttp.RegisterTreeAsync(clients[0], Province, "cl-city", "cl-mine", Mines);
            var start = await RegistryHttp.LastSequenceAsync(clients[0]);

            // A subscriber on the silo that will die; when it does, it resumes on another.
            var victim = 1;
            var received = new ConcurrentQueue<long>();
            var subscriptionFailures = new ConcurrentQueue<string>();
            using var stopSubscriber = new CancellationTokenSource();
            var subscriber = SubscribeAsync([servers[victim].BaseAddress, servers[2].BaseAddress], token, start, received, subscriptionFailures, stopSubscriber.Token);

            var load = new ReportLoad([.. clients], "cl-mine", Mines, Months);
            var running = load.RunAsync();
            await load.UntilAcknowledgedAsync(Mines * Months / 3);
            servers[victim].Kill();
            var killedAt = load.Elapsed;
            var declaredDead = await Poll.UntilAsync(async () => await DeadSilosAsync(connectionString) >= 1, TimeSpan.FromSeconds(60), "the killed silo declared dead");
            load.Replace(victim, null);
            await running;

            // Recovery: the longest time after the kill without any acknowledgement.
            var after = load.Acknowledgements.Select(a => a.AcknowledgedAt).Where(t => t > killedAt).Order().Prepend(killedAt).ToList();
            var stall = after.Zip(after.Skip(1), (a, b) => b - a).DefaultIfEmpty(TimeSpan.Zero).Max();
            output.WriteLine($"killed silo declared dead after {declaredDead.TotalSeconds:0.0} s; longest stall in acknowledgements after the kill {stall.TotalSeconds:0.0} s; errors retried: {load.Describe()}");

            // Only the errors a silo's death may cause reached the clients (a list of our own, not the
            // server's retriable flag), they were few, recovery took seconds, and every report was
            // acknowledged once in the ledger.
            Assert.All(load.Errors, code => Assert.Contains(code, s_killErrors));
            Assert.True(load.Errors.Count() <= Mines * Months / 4, $"{load.Errors.Count()} failed requests for {Mines * Months} reports: {load.Describe()}");
            Assert.True(stall < TimeSpan.FromSeconds(15), $"No report was acknowledged for {stall.TotalSeconds:0.0} s after the kill.");
            var reports = await load.AssertDurableOnceAsync(connectionString);

            // What the surviving silos serve equals a replay of the ledger.
            var factors = FactorSetLoader.LoadDirectory(FactorSetLoader.DefaultDirectory).WithDeductions(Accounting.DualControl.DeductionRules.Load(Accounting.Projects.ProjectPolicyLoader.DefaultDirectory));
            await using var database = RegistryDatabase.Create(new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = connectionString });
            var expected = await LedgerReplay.ReplayAsync(new RegistryReader(database), factors);
            foreach (var id in Enumerable.Range(0, Mines).Select(m => $"cl-mine-{m}").Append("cl-city").Append(Province))
            {
                foreach (var year in new[] { 2024, 2025 })
                {
                    var replayed = BalanceMapping.ToView(id, $"{year}", BalanceScope.Total, expected.GetValueOrDefault((id, year, 0, BalanceScope.Total)) ?? BalanceComponents.Zero, 0, factors.Deductions);
                    var served = await RegistryHttp.BalanceAsync(clients[(year + id.Length) % 2 == 0 ? 0 : 2], id, year);
                    Assert.Equal(replayed.EnergyTce, RegistryHttp.Decimal(served, "energyTce"));
                    Assert.Equal(replayed.GrossTco2e, RegistryHttp.Decimal(served, "grossTco2e"));
                    Assert.Equal(replayed.ReportCount, served.GetProperty("reportCount").GetInt32());
                }
            }

            // The subscriber saw every change exactly once, across its move to another silo.
            var last = reports.Max(e => e.Sequence);
            await Poll.UntilAsync(() => Task.FromResult(received.Contains(last) || !subscriptionFailures.IsEmpty), TimeSpan.FromSeconds(30), "the subscriber reached the last report");
            Assert.True(subscriptionFailures.IsEmpty, string.Join('\n', subscriptionFailures));
            await stopSubscriber.CancelAsync();
            var moves = await subscriber;
            Assert.True(moves >= 1, "the subscriber never had to move");
            Assert.Equal(reports.Select(e => e.Sequence).Order(), received.Order());
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>Follows balanceChanged on the province; when a silo goes away, resumes on the next one after the last sequence seen. Returns how many times it moved.</summary>
    private static async Task<int> SubscribeAsync(Uri[] silos, string token, long start, ConcurrentQueue<long> received, ConcurrentQueue<string> failures, CancellationToken stop)
    {
        var last = start;
        var moves = 0;
        for (var at = 0; !stop.IsCancellationRequested; at = Math.Min(at + 1, silos.Length - 1), moves++)
        {
            try
            {
                await using var client = await GraphQLWsClient.ConnectAsync(silos[at], token, stop);
                await client.SubscribeAsync("changes", "subscription($id: ID!, $after: Long) { balanceChanged(entityId: $id, includeDescendants: true, afterSequence: $after) { sequence } }", new { id = Province, after = last }, stop);
                while (await client.ReceiveAsync(stop) is JsonElement message)
                {
                    if (message.GetProperty("type").GetString() == "next")
                    {
                        last = message.GetProperty("payload").GetProperty("data").GetProperty("balanceChanged").GetProperty("sequence").GetInt64();
                        received.Enqueue(last);
                    }
                    else
                    {
                        failures.Enqueue($"{silos[at]}: {message}");
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error) when (error is System.Net.WebSockets.WebSocketException or HttpRequestException or InvalidOperationException)
            {
                await Task.Delay(200, CancellationToken.None);
            }
        }

        return moves;
    }

    private static Task<long> ActiveSilosAsync(string connectionString) => CountAsync(connectionString, "SELECT count(*) FROM orleansmembershiptable WHERE status = 3");

    private static Task<long> DeadSilosAsync(string connectionString) => CountAsync(connectionString, "SELECT count(*) FROM orleansmembershiptable WHERE status = 6");

    private static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
