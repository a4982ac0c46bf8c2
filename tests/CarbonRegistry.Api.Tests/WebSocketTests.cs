using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Testing;

namespace CarbonRegistry.Api.Tests;

/// <summary>The graphql-transport-ws protocol against the real server, from a plain ClientWebSocket.</summary>
[Collection(ApiServerCollection.Name)]
public sealed class WebSocketTests(ApiServerFixture server)
{
    [Fact]
    public async Task A_socket_is_closed_with_4403_when_its_token_expires()
    {
        var lifetime = TimeSpan.FromSeconds(4);
        var issued = DateTimeOffset.UtcNow; // No later than the command's own clock reading; exp is in whole seconds.
        var token = await server.CommandTokenAsync(RegistryRoles.Admin, lifetime);
        await using var socket = await GraphQLWsClient.ConnectAsync(server.Http.BaseAddress!, token);
        await socket.SubscribeAsync("s1", "subscription { balanceChanged(entityId: \"api-city\", includeDescendants: true) { sequence } }", new { });

        using var timeout = new CancellationTokenSource(lifetime + TimeSpan.FromSeconds(15));
        while (await socket.ReceiveAsync(timeout.Token) is not null)
        {
            // Events of other tests may arrive until the token expires.
        }

        Assert.Equal((WebSocketCloseStatus)4403, socket.CloseStatus);
        Assert.True(DateTimeOffset.UtcNow - issued >= lifetime - TimeSpan.FromSeconds(1), "The socket was closed before its token expired.");
    }

    [Fact]
    public async Task Init_ack_ping_pong_and_a_query_over_the_socket()
    {
        await using var socket = await ConnectedAsync();

        await socket.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await socket.ReceiveAsync()).GetProperty("type").GetString());

        await socket.SendAsync(new { id = "q1", type = "subscribe", payload = new { query = "{ entity(id: \"api-city\") { id kind } }" } });
        var next = await socket.ReceiveAsync();
        Assert.Equal("next", next.GetProperty("type").GetString());
        Assert.Equal("q1", next.GetProperty("id").GetString());
        Assert.Equal("CITY", next.GetProperty("payload").GetProperty("data").GetProperty("entity").GetProperty("kind").GetString());
        Assert.Equal("complete", (await socket.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Protocol_violations_close_the_socket_with_the_codes_of_the_protocol()
    {
        var token = server.Token(RegistryRoles.Dashboard);
        var init = new { type = "connection_init", payload = new { authorization = $"Bearer {token}" } };
        const string Query = "{ factorSets { id } }";

        await using (var noProtocol = await ConnectAsync(subProtocol: null))
        {
            Assert.Equal(4406, await noProtocol.ClosedAsync());
        }

        await using (var early = await ConnectAsync())
        {
            await early.SendAsync(new { id = "1", type = "subscribe", payload = new { query = Query } });
            Assert.Equal(4401, await early.ClosedAsync());
        }

        await using (var badToken = await ConnectAsync())
        {
            await badToken.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer not-a-token" } });
            Assert.Equal(4403, await badToken.ClosedAsync());
        }

        await using (var twice = await ConnectAsync())
        {
            await twice.SendAsync(init);
            await twice.ReceiveAsync();
            await twice.SendAsync(init);
            Assert.Equal(4429, await twice.ClosedAsync());
        }

        await using (var duplicate = await ConnectAsync())
        {
            await duplicate.SendAsync(init);
            await duplicate.ReceiveAsync();
            var subscription = new { id = "same", type = "subscribe", payload = new { query = "subscription { balanceChanged(entityId: \"api-city\") { sequence } }" } };
            await duplicate.SendAsync(subscription);
            await duplicate.SendAsync(subscription);
            Assert.Equal(4409, await duplicate.ClosedAsync());
        }

        await using (var garbage = await ConnectAsync())
        {
            await garbage.SendTextAsync("{ not json");
            Assert.Equal(4400, await garbage.ClosedAsync());
        }

        await using (var silent = await ConnectAsync())
        {
            // The fixture sets GraphQL:ConnectionInitTimeout to 2 s.
            Assert.Equal(4408, await silent.ClosedAsync(TimeSpan.FromSeconds(10)));
        }
    }

    [Fact]
    public async Task A_resumed_subscription_replays_what_it_missed_then_goes_live_without_gap_or_repeat()
    {
        var admin = server.Token(RegistryRoles.Admin);
        var start = await server.LastSequenceAsync();
        var missed = new List<long>();
        for (var month = 1; month <= 2; month++)
        {
            missed.Add(await server.SubmitAsync(admin, "api-mine-ws", 2020 + month, 6, $"ws-missed-{month}-{Guid.NewGuid():N}"));
        }

        await using var socket = await ConnectedAsync();
        await SubscribeAsync(socket, "s1", "subscription($after: Long) { balanceChanged(entityId: \"api-city\", includeDescendants: true, afterSequence: $after) { sequence sourceEntityId period balance { reportCount energyTce } } }", new { after = start });

        var received = new List<JsonElement>();
        for (var i = 0; i < missed.Count; i++)
        {
            received.Add((await socket.ReceiveAsync()).GetProperty("payload").GetProperty("data").GetProperty("balanceChanged"));
        }

        var live = await server.SubmitAsync(admin, "api-mine-ws", 2023, 6, $"ws-live-{Guid.NewGuid():N}");
        received.Add((await socket.ReceiveAsync()).GetProperty("payload").GetProperty("data").GetProperty("balanceChanged"));

        Assert.Equal([.. missed, live], received.Select(change => change.GetProperty("sequence").GetInt64()));
        Assert.All(received, change => Assert.Equal("api-mine-ws", change.GetProperty("sourceEntityId").GetString()));
        Assert.Equal("2023-06", received[^1].GetProperty("period").GetString());
        Assert.True(received[^1].GetProperty("balance").GetProperty("reportCount").GetInt32() >= 1, received[^1].ToString());

        // The client completes; nothing more arrives for that id, and the socket stays usable.
        await socket.SendAsync(new { id = "s1", type = "complete" });
        await server.SubmitAsync(admin, "api-mine-ws", 2024, 6, $"ws-after-{Guid.NewGuid():N}");
        await socket.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await socket.ReceiveAsync()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_replay_larger_than_the_outbox_reaches_a_client_that_reads()
    {
        // The fixture's outbox holds 20 messages; 40 changes are replayed to a client that reads.
        var start = await server.LastSequenceAsync();
        await SubmitMonthsAsync("api-mine-burst", 40, "burst");

        await using var socket = await ConnectedAsync();
        await SubscribeAsync(socket, "burst", "subscription($after: Long) { balanceChanged(entityId: \"api-mine-burst\", afterSequence: $after) { sequence } }", new { after = start });

        var sequences = new List<long>();
        for (var i = 0; i < 40; i++)
        {
            sequences.Add((await socket.ReceiveAsync()).GetProperty("payload").GetProperty("data").GetProperty("balanceChanged").GetProperty("sequence").GetInt64());
        }

        Assert.Equal(sequences.Order(), sequences);
        Assert.Equal(40, sequences.Distinct().Count());
    }

    [Fact]
    public async Task A_client_that_stops_reading_is_closed_and_its_connection_released()
    {
        // 48 changes replayed to 40 subscriptions of one connection whose client reads nothing after
        // the acknowledgement, each frame the balance ten times over (about 7 KB): some 13 MB, far
        // more than the outbox (20 messages) and both sockets' buffers hold.
        var start = await server.LastSequenceAsync();
        await SubmitMonthsAsync("api-mine-slow", 48, "slow");
        await Poll.UntilAsync(async () => await OpenSocketsAsync() == 0, TimeSpan.FromSeconds(15), "no socket open before the test");

        // A receive buffer of 1 KB on the client: the server cannot park the replay in the kernel.
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellation) =>
            {
                var tcp = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 1024 };
                await tcp.ConnectAsync(context.DnsEndPoint, cancellation);
                return new NetworkStream(tcp, ownsSocket: true);
            },
        };
        using var invoker = new HttpMessageInvoker(handler);
        using var client = new ClientWebSocket();
        client.Options.AddSubProtocol("graphql-transport-ws");
        await client.ConnectAsync(new UriBuilder(server.Http.BaseAddress!) { Scheme = "ws", Path = "/graphql" }.Uri, invoker, CancellationToken.None);
        var socket = new TestSocket(client);
        await InitAsync(socket);
        await Poll.UntilAsync(async () => await OpenSocketsAsync() == 1, TimeSpan.FromSeconds(15), "the socket counted as open");
        var balances = string.Concat(Enumerable.Range(0, 10).Select(i =>
            $" b{i}: balance {{ period energyTce renewableDeductionTce feedstockDeductionTce controlledEnergyTce scope1Tco2e methaneTco2e biomassTco2 scope2LocationTco2 scope2MarketTco2 grossTco2e removalsTco2 netTco2e valueAddedWanYuan energyIntensity carbonIntensity carbonPerEnergy cleanEnergyShare factorSetId version }}"));
        var query = $"subscription($after: Long) {{ balanceChanged(entityId: \"api-mine-slow\", afterSequence: $after) {{ sequence sourceEntityId type period{balances} }} }}";
        for (var i = 0; i < 40; i++)
        {
            await SubscribeAsync(socket, $"slow-{i}", query, new { after = start });
        }

        // The server gives up on the client: it does not wait for it to read, it releases the connection.
        var stalled = System.Diagnostics.Stopwatch.StartNew();
        await Poll.UntilAsync(async () => await OpenSocketsAsync() == 0, ApiServerFixture.SlowConsumerTimeout + TimeSpan.FromSeconds(30), "the server released the stalled connection");
        Assert.True(stalled.Elapsed >= ApiServerFixture.SlowConsumerTimeout, $"released after {stalled.Elapsed}, before the slow-consumer timeout");

        // What the client finds when it reads again: whatever was in flight, then the end (1008, or a reset).
        var ended = await Record.ExceptionAsync(async () =>
        {
            var code = await socket.ClosedAsync(TimeSpan.FromSeconds(15));
            Assert.Equal((int)WebSocketCloseStatus.PolicyViolation, code);
        });
        Assert.True(ended is null or WebSocketException, $"the connection did not end as expected: {ended}");
    }

    private async Task<long> OpenSocketsAsync()
    {
        using var response = await server.Http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("registry_websocket_connections", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Alerts_report_exceeded_caps_and_red_ratings()
    {
        var admin = server.Token(RegistryRoles.Admin);
        var (_, targets) = await server.PostAsync(
            server.Token(RegistryRoles.Provincial),
            "mutation($input: TargetsInput!) { setTargets(input: $input) { year } }",
            new { input = new { entityId = "api-mine-alert", year = 2022, energyCapTce = 1 } });
        Assert.False(targets.RootElement.TryGetProperty("errors", out _), targets.RootElement.ToString());
        var start = await server.LastSequenceAsync();
        var sequence = await server.SubmitAsync(admin, "api-mine-alert", 2022, 4, $"alert-{Guid.NewGuid():N}");

        await using var socket = await ConnectedAsync();
        await SubscribeAsync(socket, "a1", "subscription($after: Long) { alertRaised(entityId: \"api-mine-alert\", afterSequence: $after) { sequence entityId kind period message } }", new { after = start });

        // 5 t of coke (about 4.9 tce) against a cap of 1 tce: the cap is exceeded and the rating is red.
        var kinds = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var alert = (await socket.ReceiveAsync()).GetProperty("payload").GetProperty("data").GetProperty("alertRaised");
            Assert.Equal(sequence, alert.GetProperty("sequence").GetInt64());
            Assert.Equal("2022-04", alert.GetProperty("period").GetString());
            kinds.Add(alert.GetProperty("kind").GetString()!);
        }

        Assert.Equal(["RED_RATING", "TARGET_EXCEEDED"], kinds.Order());
    }

    [Fact]
    public async Task An_unusual_report_is_an_alert_on_its_ancestors_too()
    {
        // Three ordinary months (5 t of coke), then one a hundred times larger: accepted with an
        // UNUSUAL_VALUE warning, which a subscriber on the city receives as an alert.
        var admin = server.Token(RegistryRoles.Admin);
        for (var month = 1; month <= 3; month++)
        {
            await server.SubmitAsync(admin, "api-mine-unusual", 2021, month, $"unusual-{month}-{Guid.NewGuid():N}");
        }

        var start = await server.LastSequenceAsync();
        var (_, submitted) = await server.PostAsync(
            admin,
            "mutation($input: ReportInput!) { submitReport(input: $input) { sequence warnings { code } } }",
            new { input = new { entityId = "api-mine-unusual", year = 2021, month = 4, idempotencyKey = $"unusual-4-{Guid.NewGuid():N}", fuels = new[] { new { carrier = "coke", quantity = 500, unit = "t" } } } });
        var report = submitted.RootElement.GetProperty("data").GetProperty("submitReport");
        Assert.Equal("UNUSUAL_VALUE", report.GetProperty("warnings")[0].GetProperty("code").GetString());

        await using var socket = await ConnectedAsync();
        await SubscribeAsync(socket, "u1", "subscription($after: Long) { alertRaised(entityId: \"api-city\", afterSequence: $after) { sequence entityId sourceEntityId kind period } }", new { after = start });

        var alert = (await socket.ReceiveAsync()).GetProperty("payload").GetProperty("data").GetProperty("alertRaised");
        Assert.Equal(report.GetProperty("sequence").GetInt64(), alert.GetProperty("sequence").GetInt64());
        Assert.Equal("UNUSUAL_VALUE", alert.GetProperty("kind").GetString());
        Assert.Equal("api-mine-unusual", alert.GetProperty("entityId").GetString());
        Assert.Equal("api-mine-unusual", alert.GetProperty("sourceEntityId").GetString());
        Assert.Equal("2021-04", alert.GetProperty("period").GetString());
    }

    /// <summary>A socket past <c>connection_init</c> with a dashboard token.</summary>
    private async Task<TestSocket> ConnectedAsync()
    {
        var socket = await ConnectAsync();
        await InitAsync(socket);
        return socket;
    }

    private async Task InitAsync(TestSocket socket)
    {
        await socket.SendAsync(new { type = "connection_init", payload = new { authorization = $"Bearer {server.Token(RegistryRoles.Dashboard)}" } });
        Assert.Equal("connection_ack", (await socket.ReceiveAsync()).GetProperty("type").GetString());
    }

    private static Task SubscribeAsync(TestSocket socket, string id, string query, object variables) =>
        socket.SendAsync(new { id, type = "subscribe", payload = new { query, variables } });

    /// <summary>Files one report a month for the entity from 2021-01 on (i + 1 t of coke in month i), in one submitReports, every item accepted.</summary>
    private async Task SubmitMonthsAsync(string entityId, int months, string keyPrefix)
    {
        var inputs = Enumerable.Range(0, months).Select(i => new
        {
            entityId,
            year = 2021 + (i / 12),
            month = (i % 12) + 1,
            idempotencyKey = $"{keyPrefix}-{i}",
            fuels = new[] { new { carrier = "coke", quantity = 1 + i, unit = "t" } },
        }).ToArray();
        var (_, batch) = await server.PostAsync(server.Token(RegistryRoles.Admin), "mutation($inputs: [ReportInput!]!) { submitReports(inputs: $inputs) { errorCode } }", new { inputs });
        Assert.All(batch.RootElement.GetProperty("data").GetProperty("submitReports").EnumerateArray(), item => Assert.Equal(JsonValueKind.Null, item.GetProperty("errorCode").ValueKind));
    }

    private async Task<TestSocket> ConnectAsync(string? subProtocol = "graphql-transport-ws")
    {
        var socket = new ClientWebSocket();
        if (subProtocol is not null)
        {
            socket.Options.AddSubProtocol(subProtocol);
        }

        var uri = new UriBuilder(server.Http.BaseAddress!) { Scheme = "ws", Path = "/graphql" }.Uri;
        await socket.ConnectAsync(uri, CancellationToken.None);
        return new TestSocket(socket);
    }

    private sealed class TestSocket(ClientWebSocket socket) : IAsyncDisposable
    {
        public Task SendAsync(object message) => SendTextAsync(JsonSerializer.Serialize(message));

        public Task SendTextAsync(string text) =>
            socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

        public async Task<JsonElement> ReceiveAsync(TimeSpan? timeout = null)
        {
            using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
            var buffer = new byte[64 * 1024];
            using var message = new MemoryStream();
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellation.Token);
                Assert.True(result.MessageType != WebSocketMessageType.Close, $"closed: {socket.CloseStatus} {socket.CloseStatusDescription}");
                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return JsonDocument.Parse(message.ToArray()).RootElement;
                }
            }
        }

        /// <summary>Waits for the server to close the socket and returns the close code.</summary>
        public async Task<int> ClosedAsync(TimeSpan? timeout = null)
        {
            using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
            var buffer = new byte[4096];
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, cancellation.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return (int)socket.CloseStatus!.Value;
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
