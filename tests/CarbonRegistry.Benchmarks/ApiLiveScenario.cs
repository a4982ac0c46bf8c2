using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CarbonRegistry.Api.Auth;
using CarbonRegistry.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.IdentityModel.Tokens;

namespace CarbonRegistry.Benchmarks;

/// <summary>
/// The API's write and live paths on PostgreSQL (durable): submitReport over HTTP from 64 (or the
/// given number of) concurrent clients, beside a minimal Kestrel endpoint answering the same requests
/// with the same JSON and raw Npgsql inserts of the same count with the same concurrency, and
/// commit-to-frame latency for 1,000 WebSocket subscribers while reports arrive.
/// </summary>
internal sealed class ApiLiveScenario : IScenario
{
    public string Name => "api-live";

    public string Description => "submitReport/s over HTTP on PostgreSQL and commit-to-frame latency for 1,000 WebSocket subscribers";

    public async Task RunAsync(string[] args, TextWriter output)
    {
        var subscribers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000;
        var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
        if (clients < 37)
        {
            throw new ArgumentException("At least 37 clients: the live phase's reports come from 36 of their entities.");
        }

        Environment.SetEnvironmentVariable("CARBON_POSTGRES_DURABLE", "1");
        var connectionString = PostgresServer.CreateDatabase("live");
        using var directory = new TemporaryDirectory("carbon-bench-live");
        var key = RandomNumberGenerator.GetBytes(32);
        await using var server = await ServerProcess.StartAsync(
            new Dictionary<string, string>(ProductionImage.RuntimeEnvironment())
            {
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["Storage__Provider"] = "PostgreSql",
                ["ConnectionStrings__Registry"] = connectionString,
                ["Auth__SigningKey"] = Convert.ToBase64String(key),
                ["Logging__LogLevel__Default"] = "Warning",
                ["GraphQL__WebSocketOutboxCapacity"] = "10000",
            },
            directory.Path);
        var token = TokenIssuer.Issue(new SymmetricSecurityKey(key), "bench", RegistryRoles.Admin, [], TimeSpan.FromHours(1), DateTimeOffset.UtcNow);
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        await PostAsync(http, "mutation { registerEntity(input: { id: \"live-prov\", kind: PROVINCE, name: \"P\", nameZh: \"P\" }) { id } }");
        await PostAsync(http, "mutation { registerEntity(input: { id: \"live-city\", kind: CITY, name: \"C\", nameZh: \"C\", parentId: \"live-prov\" }) { id } }");
        // Each client files for three entities in turn (its own, then two more), so that the timed
        // phase is long enough (5,760 reports with 64 clients) not to hang on one noisy moment.
        var entities = Enumerable.Range(0, clients).Select(i => $"live-ent-{i}").ToList();
        var filers = entities.Select(id => new List<string> { id, $"{id}-b", $"{id}-c" }).ToList();
        foreach (var id in filers.SelectMany(filer => filer))
        {
            await PostAsync(http, $"mutation {{ registerEntity(input: {{ id: \"{id}\", kind: ENTERPRISE, name: \"E\", nameZh: \"E\", parentId: \"live-city\" }}) {{ id }} }}");
        }

        // Writes: each client files months 2021-01 … 2023-06 of each of its entities.
        var months = Enumerable.Range(0, 60).Select(i => (Year: 2021 + (i / 12), Month: (i % 12) + 1)).ToArray();

        // Warm-up, not timed. The measured entities file 2025-12 (grain activations, connection
        // pools). Then as many more entities as clients, in a city of their own (outside the live phase's
        // subscriptions) file rounds of five months until the server compiles for under 2% of a
        // round (its /metrics tells), at most twelve: tiered compilation keeps recompiling hot methods
        // for a while after start-up, which a server that runs for days does not pay. What is left
        // of it in the timed phase is printed beside the rate.
        await FileAsync(http, [.. filers.SelectMany(filer => filer).Select(id => new List<string> { id })], months[59..60]);
        await PostAsync(http, "mutation { registerEntity(input: { id: \"live-warm-city\", kind: CITY, name: \"W\", nameZh: \"W\", parentId: \"live-prov\" }) { id } }");
        var warmEntities = Enumerable.Range(0, clients).Select(i => $"live-warm-{i}").ToList();
        foreach (var id in warmEntities)
        {
            await PostAsync(http, $"mutation {{ registerEntity(input: {{ id: \"{id}\", kind: ENTERPRISE, name: \"W\", nameZh: \"W\", parentId: \"live-warm-city\" }}) {{ id }} }}");
        }

        for (var round = 0; round < 12; round++)
        {
            var jitBefore = (await ServerCountersAsync(http)).JitSeconds;
            var warm = Stopwatch.StartNew();
            await FileAsync(http, [.. warmEntities.Select(id => new List<string> { id })], months[(5 * round)..(5 * (round + 1))]);
            var elapsed = warm.Elapsed;
            var compiling = (await ServerCountersAsync(http)).JitSeconds - jitBefore;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  warm-up round {round + 1}: {5 * warmEntities.Count / elapsed.TotalSeconds:N0} reports/s, server compiling {compiling * 1000:N0} ms"));
            if (compiling < elapsed.TotalSeconds * 0.02)
            {
                break;
            }
        }

        var start = await ServerCountersAsync(http);
        var watch = Stopwatch.StartNew();
        await FileAsync(http, filers, months[..30]);
        var submitted = filers.Sum(filer => filer.Count) * 30;
        var rate = submitted / watch.Elapsed.TotalSeconds;
        var end = await ServerCountersAsync(http);
        var rawRate = await RawInsertsAsync(connectionString, submitted, clients);
        var kestrelRate = await KestrelBaselineAsync(filers, months[..30], token);
        output.WriteLine($"API on PostgreSQL (fsync on)");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  minimal Kestrel endpoint, same requests and JSON, {clients,3} concurrent (baseline){kestrelRate,9:N0}/s  ratio 1.00"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  raw Npgsql insert, one commit per row, {clients,3} concurrent (baseline)            {rawRate,9:N0}/s  ratio 1.00"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  submitReport over HTTP, {clients,3} concurrent clients                              {rate,9:N0}/s  ratio {kestrelRate / rate:N2} to Kestrel, {rawRate / rate:N2} to raw inserts (time)  (server JIT {(end.JitSeconds - start.JitSeconds) * 1000:N0} ms, {(end.AllocatedBytes - start.AllocatedBytes) / submitted / 1024:N1} KB allocated per report)"));

        // Live: subscribers on the city, then reports at a steady pace. Each reader only notes when
        // each frame arrived (one buffer per socket, no waiting on the requests), so that the
        // load tool costs the shared cores as little as it can; latencies are worked out after.
        var requested = new ConcurrentDictionary<long, long>();
        var uri = new UriBuilder(server.BaseAddress) { Scheme = "ws", Path = "/graphql" }.Uri;
        await using var readers = new FrameReaders();
        for (var i = 0; i < subscribers; i++)
        {
            await readers.AddAsync(uri, "graphql-transport-ws", async socket =>
            {
                await SendAsync(socket, new { type = "connection_init", payload = new { authorization = $"Bearer {token}" } });
                await ReceiveAsync(socket, CancellationToken.None);
                await SendAsync(socket, new { id = "1", type = "subscribe", payload = new { query = "subscription { balanceChanged(entityId: \"live-city\", includeDescendants: true) { sequence } }" } });
            });
        }

        var frames = readers.Frames;

        // Warm-up: the first events after start-up run the fan-out's code for the first time (JIT,
        // first use of each subscription's pipeline, then the runtime recompiling the hot methods
        // optimized); the first alone takes about 100-150 ms. Five reports, 5 a second, not timed.
        var warmUp = Stopwatch.GetTimestamp();
        await SubmitAsync(http, entities[0], 2025, 3);
        await Poll.UntilAsync(() => Task.FromResult(frames.Count >= subscribers), TimeSpan.FromSeconds(30), "every subscriber's first warm-up frame");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  first warm-up event: {frames.Count:N0} frames, the last {Stopwatch.GetElapsedTime(warmUp, frames.Max(f => f.Received)).TotalMilliseconds:N1} ms after its request"));
        for (var i = 1; i < 5; i++)
        {
            await Task.Delay(200);
            await SubmitAsync(http, entities[i], 2025, 3);
        }

        await Poll.UntilAsync(() => Task.FromResult(frames.Count >= 5 * subscribers), TimeSpan.FromSeconds(30), "every subscriber's warm-up frames");
        frames.Clear();
        await Task.Delay(1_000);
        // 60 reports, 5 a second: three rounds of the months 2023-07 … 2025-02, round r by the
        // entities 12r + 1 … 12r + 12 (each entity files its own months once).
        foreach (var (round, year, month) in Enumerable.Range(0, 3).SelectMany(r => months[30..50].Select(m => (r, m.Year, m.Month))))
        {
            var started = Stopwatch.GetTimestamp();
            var sequence = (await SubmitAsync(http, entities[month + (12 * round)], year, month)).GetProperty("data").GetProperty("submitReport").GetProperty("sequence").GetInt64();
            requested[sequence] = started;
            await Task.Delay(200);
        }

        await Task.Delay(2_000);
        await readers.StopAsync();
        var sorted = readers.Latencies(requested);
        var baseline = await BroadcastBaselineAsync(subscribers);
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  minimal Kestrel WebSocket broadcast of the same frames, {subscribers} sockets, 60 events (baseline): {baseline.Length:N0} frames, request-to-frame p50 {Stats.Percentile(baseline, 0.50):N1} ms, p99 {Stats.Percentile(baseline, 0.99):N1} ms, max {baseline.LastOrDefault():N1} ms"));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {subscribers} subscribers, {requested.Count} reports: {sorted.Length:N0} frames, request-to-frame p50 {Stats.Percentile(sorted, 0.50):N1} ms, p99 {Stats.Percentile(sorted, 0.99):N1} ms, max {sorted.LastOrDefault():N1} ms; p99 ratio {Stats.Percentile(sorted, 0.99) / Stats.Percentile(baseline, 0.99):N2}"));

        // Closer to commit-to-frame: from the event's ledger time, which the grain sets just
        // before it hands the commit to the writer (same machine, same clock), so the commit
        // itself is still included, but not the HTTP request, GraphQL or the grain's validation.
        var recordedAt = new Dictionary<long, DateTimeOffset>();
        await using (var connection = new Npgsql.NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("SELECT seq, recorded_at FROM ledger WHERE seq = ANY(@seqs)", connection);
            command.Parameters.AddWithValue("seqs", requested.Keys.ToArray());
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                recordedAt[reader.GetInt64(0)] = reader.GetFieldValue<DateTimeOffset>(1);
            }
        }

        var fromLedger = frames.Where(f => recordedAt.ContainsKey(f.Sequence)).Select(f => (f.ReceivedAt - recordedAt[f.Sequence]).TotalMilliseconds).Order().ToArray();
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  {subscribers} subscribers, from the event's ledger time to the frame: p50 {Stats.Percentile(fromLedger, 0.50):N1} ms, p99 {Stats.Percentile(fromLedger, 0.99):N1} ms, max {fromLedger.LastOrDefault():N1} ms"));
    }

    /// <summary>
    /// The baseline for the live phase: a minimal Kestrel WebSocket endpoint in this process that
    /// sends the frame a subscription would get to every connected socket when asked by a POST, timed
    /// from the POST as the subscriptions are from the mutation: five events to warm up, then 60 at
    /// five a second. Returns the latencies of the 60 events' frames, sorted.
    /// </summary>
    private static async Task<double[]> BroadcastBaselineAsync(int subscribers)
    {
        await using var app = MinimalKestrel.Create(out var address);
        app.UseWebSockets();
        var sockets = new ConcurrentBag<WebSocket>();
        using var closing = new CancellationTokenSource();
        app.Map("/ws", async context =>
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            sockets.Add(socket);
            try
            {
                // The socket stays open until the baseline is over.
                await Task.Delay(Timeout.Infinite, closing.Token);
            }
            catch (OperationCanceledException)
            {
            }
        });
        app.MapPost("/publish/{sequence:long}", async (long sequence) =>
        {
            var frame = Encoding.UTF8.GetBytes("""{"id":"1","type":"next","payload":{"data":{"balanceChanged":{"sequence":""" + sequence.ToString(CultureInfo.InvariantCulture) + "}}}}");
            await Task.WhenAll(sockets.Select(socket => socket.SendAsync(frame, WebSocketMessageType.Text, true, CancellationToken.None)));
        });
        await app.StartAsync();

        var requested = new ConcurrentDictionary<long, long>();
        using var http = new HttpClient { BaseAddress = address };
        try
        {
            await using var readers = new FrameReaders();
            for (var i = 0; i < subscribers; i++)
            {
                await readers.AddAsync(new UriBuilder(address) { Scheme = "ws", Path = "/ws" }.Uri, null, _ => Task.CompletedTask);
            }

            await Poll.UntilAsync(() => Task.FromResult(sockets.Count == subscribers), TimeSpan.FromSeconds(30), "every baseline socket accepted");
            for (var sequence = -5; sequence < 60; sequence++)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.PostAsync(new Uri($"/publish/{sequence}", UriKind.Relative), null);
                response.EnsureSuccessStatusCode();
                if (sequence >= 0)
                {
                    requested[sequence] = started;
                }

                await Task.Delay(200);
            }

            await Task.Delay(1_000);
            await readers.StopAsync();
            return readers.Latencies(requested);
        }
        finally
        {
            await closing.CancelAsync();
            await app.StopAsync();
        }
    }

    /// <summary>
    /// Client sockets that note when each frame arrived and the sequence it carried: one buffer per
    /// socket, nothing else per frame, so that the readers cost the shared cores as little as they can.
    /// </summary>
    private sealed class FrameReaders : IAsyncDisposable
    {
        private readonly List<ClientWebSocket> _sockets = [];
        private readonly List<Task> _readers = [];
        private readonly CancellationTokenSource _stop = new();

        public ConcurrentBag<(long Sequence, long Received, DateTimeOffset ReceivedAt)> Frames { get; } = [];

        /// <summary>Connects one more socket, runs <paramref name="handshake"/> on it, then reads its frames.</summary>
        public async Task AddAsync(Uri uri, string? subProtocol, Func<ClientWebSocket, Task> handshake)
        {
            var socket = new ClientWebSocket();
            if (subProtocol is not null)
            {
                socket.Options.AddSubProtocol(subProtocol);
            }

            _sockets.Add(socket);
            await socket.ConnectAsync(uri, CancellationToken.None);
            await handshake(socket);
            _readers.Add(Task.Run(() => ReadAsync(socket)));
        }

        /// <summary>The time from each request to each of its frames, in milliseconds, sorted.</summary>
        public double[] Latencies(IReadOnlyDictionary<long, long> requested) =>
            [.. Frames.Where(f => requested.ContainsKey(f.Sequence)).Select(f => Stopwatch.GetElapsedTime(requested[f.Sequence], f.Received).TotalMilliseconds).Order()];

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await Task.WhenAll(_readers);
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                await StopAsync();
            }
            finally
            {
                foreach (var socket in _sockets)
                {
                    socket.Dispose();
                }

                _stop.Dispose();
            }
        }

        private async Task ReadAsync(ClientWebSocket socket)
        {
            var buffer = new byte[4 * 1024];
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var result = await socket.ReceiveAsync(buffer, _stop.Token);
                    var received = Stopwatch.GetTimestamp();
                    if (!result.EndOfMessage)
                    {
                        throw new InvalidOperationException("A frame larger than 4 KB: this scenario subscribes to the sequence only.");
                    }

                    using var message = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
                    var sequence = message.RootElement.GetProperty("payload").GetProperty("data").GetProperty("balanceChanged").GetProperty("sequence").GetInt64();
                    Frames.Add((sequence, received, DateTimeOffset.UtcNow));
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Each client files the given months of each of its entities in turn, one request at a time; the clients run together.</summary>
    private static Task FileAsync(HttpClient http, List<List<string>> clients, (int Year, int Month)[] months) =>
        Task.WhenAll(clients.Select(entities => Task.Run(async () =>
        {
            foreach (var id in entities)
            {
                foreach (var (year, month) in months)
                {
                    await SubmitAsync(http, id, year, month);
                }
            }
        })));

    /// <summary>A report as a reporting system sends it: one document, the report in its variables.</summary>
    private static Task<JsonElement> SubmitAsync(HttpClient http, string id, int year, int month) =>
        PostAsync(
            http,
            "mutation($input: ReportInput!) { submitReport(input: $input) { sequence } }",
            new { input = new { entityId = id, year, month, idempotencyKey = $"{id}-{year}-{month}", fuels = new[] { new { carrier = "coke", quantity = 12, unit = "t" } }, gridElectricity = new { value = 40000, unit = "kWh" } } });

    private static async Task<JsonElement> PostAsync(HttpClient http, string query, object? variables = null)
    {
        using var response = await http.PostAsync("/graphql", new StringContent(JsonSerializer.Serialize(new { query, variables }), Encoding.UTF8, "application/json"));
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return json.TryGetProperty("errors", out var errors) ? throw new InvalidOperationException(errors.ToString()) : json;
    }

    /// <summary>
    /// The server's JIT compile time and the bytes it has allocated so far, from its Prometheus
    /// endpoint (the runtime's own meter). The endpoint keeps each answer for 300 ms, so the read
    /// waits that long for a fresh one.
    /// </summary>
    private static async Task<ServerCounters> ServerCountersAsync(HttpClient http)
    {
        await Task.Delay(400);
        var lines = (await http.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Split('\n');
        return new(Counter(lines, "dotnet_jit_compilation_time_seconds_total"), Counter(lines, "dotnet_gc_heap_total_allocated_bytes_total"));

        static double Counter(string[] lines, string metric)
        {
            var line = lines.FirstOrDefault(l => l.StartsWith(metric, StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"The server's /metrics has no {metric}.");
            return double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
        }
    }

    private readonly record struct ServerCounters(double JitSeconds, double AllocatedBytes);

    private static Task SendAsync(ClientWebSocket socket, object message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message)), WebSocketMessageType.Text, true, CancellationToken.None);

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellation)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellation);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonDocument.Parse(message.ToArray()).RootElement;
            }
        }
    }

    /// <summary>
    /// The issue's baseline for the API: a minimal Kestrel endpoint in this process that reads each
    /// request and answers with the JSON <c>submitReport</c> answers, filed to by as many clients with
    /// the same requests as the timed phase (after one month of each entity to open the connections).
    /// </summary>
    private static async Task<double> KestrelBaselineAsync(List<List<string>> filers, (int Year, int Month)[] months, string token)
    {
        await using var baseline = MinimalKestrel.Create(out var address);
        MinimalKestrel.MapFixedAnswer(baseline, """{"data":{"submitReport":{"sequence":1}}}"""u8.ToArray());
        await baseline.StartAsync();
        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        await FileAsync(http, filers, months[..1]);
        var watch = Stopwatch.StartNew();
        await FileAsync(http, filers, months);
        var rate = filers.Sum(filer => filer.Count) * months.Length / watch.Elapsed.TotalSeconds;
        await baseline.StopAsync();
        return rate;
    }

    private static async Task<double> RawInsertsAsync(string connectionString, int rows, int concurrency)
    {
        await using var source = Npgsql.NpgsqlDataSource.Create(connectionString);
        await source.CreateCommand("CREATE TABLE raw_live (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, entity_id text NOT NULL, payload jsonb NOT NULL)").ExecuteNonQueryAsync();
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(c => Task.Run(async () =>
        {
            for (var i = c; i < rows; i += concurrency)
            {
                await using var command = source.CreateCommand("INSERT INTO raw_live (entity_id, payload) VALUES ($1, $2::jsonb)");
                command.Parameters.AddWithValue($"live-ent-{i % concurrency}");
                command.Parameters.AddWithValue($$"""{"i":{{i}}}""");
                await command.ExecuteNonQueryAsync();
            }
        })));
        return rows / watch.Elapsed.TotalSeconds;
    }
}
