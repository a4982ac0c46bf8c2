using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using System.Threading.Channels;
using CarbonRegistry.Abstractions.Telemetry;
using CarbonRegistry.Api.Auth;
using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CarbonRegistry.Api.Http;

/// <summary>
/// GraphQL over WebSocket, the <c>graphql-transport-ws</c> protocol exactly: authentication in the
/// <c>connection_init</c> payload (<c>{ "authorization": "Bearer …" }</c>), ping/pong, complete in
/// both directions, and the protocol's close codes: 4400 invalid message, 4401 subscribe before
/// acknowledgement, 4403 bad token (and, on an open connection, the token's expiry: a socket lasts
/// as long as the token it was opened with, without HTTP's clock-skew allowance), 4406 subprotocol not acceptable, 4408 no init in time, 4409
/// duplicate operation id, 4429 repeated init. Each connection has a bounded outbox: a client that
/// reads too slowly is closed (1008) rather than allowed to grow the server's memory. When the host
/// shuts down, every connection is closed with 1001 (going away).
/// </summary>
public sealed class GraphQLWebSocketEndpoint(
    ISchema schema,
    IDocumentExecuter executer,
    IGraphQLTextSerializer serializer,
    IGrainFactory grains,
    IOptionsMonitor<JwtBearerOptions> jwt,
    IOptions<GraphQLHttpOptions> options,
    IHostApplicationLifetime lifetime,
    PersistedDocuments persisted,
    ILogger<GraphQLWebSocketEndpoint> logger)
{
    public const string SubProtocol = "graphql-transport-ws";

    private ISchema Schema => schema;

    private PersistedDocuments Persisted => persisted;

    private IDocumentExecuter Executer => executer;

    private IGraphQLTextSerializer Serializer => serializer;

    private IGrainFactory Grains => grains;

    private IOptionsMonitor<JwtBearerOptions> Jwt => jwt;

    private GraphQLHttpOptions Options => options.Value;

    private ILogger Logger => logger;

    private IHostApplicationLifetime Lifetime => lifetime;

    public async Task HandleAsync(HttpContext http)
    {
        if (!http.WebSockets.WebSocketRequestedProtocols.Contains(SubProtocol))
        {
            using var refused = await http.WebSockets.AcceptWebSocketAsync();
            await refused.CloseAsync((WebSocketCloseStatus)4406, "Subprotocol not acceptable", http.RequestAborted);
            return;
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync(SubProtocol);
        var connection = new Connection(this, socket, http);
        await connection.RunAsync();
    }

    private sealed class Connection(GraphQLWebSocketEndpoint endpoint, WebSocket socket, HttpContext http)
    {
        private readonly Channel<string> _outbox = Channel.CreateBounded<string>(new BoundedChannelOptions(endpoint.Options.WebSocketOutboxCapacity) { SingleReader = true });
        private readonly Dictionary<string, CancellationTokenSource> _operations = [];
        private readonly CancellationTokenSource _closing = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        private bool _initReceived;
        private int _closeStarted;
        private Task _sender = Task.CompletedTask;

        private GraphQLWebSocketEndpoint Endpoint => endpoint;
        private Caller? _caller;
        private static readonly TimeSpan s_maxDelay = TimeSpan.FromDays(30);
        private Task _expiry = Task.CompletedTask;

        public async Task RunAsync()
        {
            RegistryTelemetry.WebSocketConnections.Add(1);
            _sender = SendLoopAsync();
            var sender = _sender;
            var initTimeout = InitTimeoutAsync();

            // On shutdown every client is told to go elsewhere (1001) rather than cut off when the
            // host's shutdown timeout ends; clients resume with afterSequence on another silo.
            using var stopping = endpoint.Lifetime.ApplicationStopping.Register(() => _ = CloseAsync(1001, "Server shutting down"));
            try
            {
                await ReceiveLoopAsync();
            }
            catch (Exception error) when (error is WebSocketException or OperationCanceledException)
            {
                // The client went away or the connection was closed.
            }
            finally
            {
                await _closing.CancelAsync();
                lock (_operations)
                {
                    foreach (var operation in _operations.Values)
                    {
                        operation.Cancel();
                    }

                    RegistryTelemetry.Subscriptions.Add(-_operations.Count);
                    _operations.Clear();
                }

                RegistryTelemetry.WebSocketConnections.Add(-1);

                _outbox.Writer.TryComplete();
                await Task.WhenAll(sender, initTimeout, _expiry);
            }
        }

        private async Task ReceiveLoopAsync()
        {
            // Small: clients send only short messages (subscribe, ping, complete), longer ones are
            // assembled below, and a dashboard fleet keeps thousands of these buffers alive.
            var buffer = new byte[1024];
            using var message = new MemoryStream();
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent && !_closing.IsCancellationRequested)
            {
                var received = await socket.ReceiveAsync(buffer, _closing.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, received.Count);
                if (message.Length > endpoint.Options.MaxRequestBytes)
                {
                    await CloseAsync(4400, "Message too large");
                    message.SetLength(0);
                }

                if (!received.EndOfMessage)
                {
                    continue;
                }

                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                if (received.MessageType != WebSocketMessageType.Text)
                {
                    await CloseAsync(4400, "Binary messages are not part of the protocol");
                }
                else if (!await HandleAsync(text))
                {
                    await CloseAsync(4400, "Invalid message");
                }
            }
        }

        /// <summary>Handles one message; false when the connection was closed because of it.</summary>
        private async Task<bool> HandleAsync(string text)
        {
            OperationMessage? message;
            try
            {
                message = endpoint.Serializer.Deserialize<OperationMessage>(text);
            }
            catch (Exception error) when (error is System.Text.Json.JsonException or FormatException or InvalidOperationException or NotSupportedException)
            {
                message = null;
            }

            switch (message?.Type)
            {
                case "connection_init":
                    if (_initReceived)
                    {
                        await CloseAsync(4429, "Too many initialisation requests");
                        return false;
                    }

                    _initReceived = true;
                    if (await AuthenticateAsync(message.Payload) is not var (principal, expires))
                    {
                        await CloseAsync(4403, "Forbidden");
                        return false;
                    }

                    _caller = new Caller(principal, endpoint.Grains);
                    _expiry = CloseWhenExpiredAsync(expires);
                    return Send(new OperationMessage { Type = "connection_ack" });
                case "ping":
                    return Send(new OperationMessage { Type = "pong" });
                case "pong":
                    return true;
                case "subscribe":
                    if (_caller is null)
                    {
                        await CloseAsync(4401, "Unauthorized");
                        return false;
                    }

                    if (string.IsNullOrEmpty(message.Id) || message.Payload is null)
                    {
                        await CloseAsync(4400, "A subscribe message needs an id and a payload");
                        return false;
                    }

                    var cancellation = CancellationTokenSource.CreateLinkedTokenSource(_closing.Token);
                    lock (_operations)
                    {
                        if (!_operations.TryAdd(message.Id, cancellation))
                        {
                            cancellation.Dispose();
                            _ = CloseAsync(4409, $"Subscriber for {message.Id} already exists");
                            return false;
                        }

                        RegistryTelemetry.Subscriptions.Add(1);
                    }

                    GraphQLRequest? request;
                    try
                    {
                        request = endpoint.Serializer.ReadNode<GraphQLRequest>(message.Payload);
                    }
                    catch (Exception error) when (error is System.Text.Json.JsonException or FormatException or InvalidOperationException)
                    {
                        request = null;
                    }

                    if (request is not null)
                    {
                        var (resolved, code, refusal) = endpoint.Persisted.Resolve(request, request.DocumentId);
                        if (code is not null)
                        {
                            Send(new OperationMessage { Id = message.Id, Type = "error", Payload = new[] { new ExecutionError(refusal!) { Code = code } } });
                            return true;
                        }

                        request = resolved;
                    }

                    if (request?.Query is null)
                    {
                        await CloseAsync(4400, "Invalid subscribe payload");
                        return false;
                    }

                    _ = ExecuteAsync(message.Id, request, cancellation.Token);
                    return true;
                case "complete":
                    if (message.Id is not null)
                    {
                        Stop(message.Id);
                    }

                    return true;
                default:
                    await CloseAsync(4400, "Invalid message");
                    return false;
            }
        }

        /// <summary>The token is checked once, at connection_init; the connection lasts as long as the token, and is closed with 4403 when it expires.</summary>
        private async Task CloseWhenExpiredAsync(DateTimeOffset expires)
        {
            try
            {
                for (var left = expires - DateTimeOffset.UtcNow; left > TimeSpan.Zero; left = expires - DateTimeOffset.UtcNow)
                {
                    await Task.Delay(left < s_maxDelay ? left : s_maxDelay, _closing.Token); // Task.Delay takes at most ~49 days.
                }

                endpoint.Logger.LogInformation("Closing a WebSocket of {Subject}: its token expired at {Expires:O}", _caller!.Actor.Subject, expires);
                await CloseAsync(4403, "Forbidden: token expired");
            }
            catch (OperationCanceledException)
            {
                // Connection ended first.
            }
        }

        /// <summary>The caller and when its token expires, or null for a missing or invalid token.</summary>
        private async Task<(ClaimsPrincipal Principal, DateTimeOffset Expires)?> AuthenticateAsync(object? payload)
        {
            var init = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (payload is System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.Object } element)
            {
                foreach (var property in element.EnumerateObject().Where(p => p.Value.ValueKind == System.Text.Json.JsonValueKind.String))
                {
                    init[property.Name] = property.Value.GetString()!;
                }
            }

            var header = init.GetValueOrDefault("authorization");
            var token = header?.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) == true ? header[7..].Trim() : init.GetValueOrDefault("token");
            if (string.IsNullOrEmpty(token))
            {
                return null;
            }

            // The same handler and parameters as HTTP requests (JwtBearer's), so the same rules apply.
            var jwt = endpoint.Jwt.Get(JwtBearerDefaults.AuthenticationScheme);
            var result = await jwt.TokenHandlers[0].ValidateTokenAsync(token, jwt.TokenValidationParameters);
            return result.IsValid ? (new ClaimsPrincipal(result.ClaimsIdentity), new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero)) : null;
        }

        private async Task ExecuteAsync(string id, GraphQLRequest request, CancellationToken cancellation)
        {
            try
            {
                var result = await endpoint.Executer.ExecuteAsync(RegistryExecution.Options(endpoint.Schema, request, http, _caller!, endpoint.Options, endpoint.Logger, cancellation, WaitForRoomAsync));
                if (result.Streams is not { Count: > 0 } streams)
                {
                    if (!result.Executed)
                    {
                        Send(new OperationMessage { Id = id, Type = "error", Payload = result.Errors });
                    }
                    else
                    {
                        Send(new OperationMessage { Id = id, Type = "next", Payload = result });
                        Send(new OperationMessage { Id = id, Type = "complete" });
                    }

                    Stop(id);
                    return;
                }

                var subscriptions = streams.Values.Select(stream => stream.Subscribe(new Observer(this, id))).ToList();
                cancellation.Register(() => subscriptions.ForEach(subscription => subscription.Dispose()));
            }
            catch (OperationCanceledException)
            {
                // Completed by the client or the connection closed.
            }
        }

        private void Stop(string id)
        {
            lock (_operations)
            {
                if (_operations.Remove(id, out var operation))
                {
                    RegistryTelemetry.Subscriptions.Add(-1);
                    operation.Cancel();
                    operation.Dispose();
                }
            }
        }

        /// <summary>
        /// Subscriptions call this before each event: it returns once the outbox is less than half
        /// full. A client that leaves it full for <see cref="GraphQLHttpOptions.SlowConsumerTimeout"/>
        /// is closed as too slow.
        /// </summary>
        private async Task WaitForRoomAsync(CancellationToken cancellation)
        {
            var waited = System.Diagnostics.Stopwatch.StartNew();
            while (_outbox.Reader.Count >= endpoint.Options.WebSocketOutboxCapacity / 2)
            {
                if (waited.Elapsed > endpoint.Options.SlowConsumerTimeout)
                {
                    endpoint.Logger.LogWarning("Closing a WebSocket whose client has not read for {Timeout}", endpoint.Options.SlowConsumerTimeout);
                    await CloseAsync((int)WebSocketCloseStatus.PolicyViolation, "Slow consumer: outbox full");
                    throw new OperationCanceledException("Slow consumer.");
                }

                await Task.Delay(10, cancellation);
            }
        }

        /// <summary>Queues a message; a full outbox means the client reads too slowly, and it is closed.</summary>
        private bool Send(OperationMessage message)
        {
            if (_outbox.Writer.TryWrite(endpoint.Serializer.Serialize(message)))
            {
                return true;
            }

            if (Volatile.Read(ref _closeStarted) == 1)
            {
                return false;
            }

            if (!_closing.IsCancellationRequested)
            {
                endpoint.Logger.LogWarning("Closing a WebSocket whose client reads too slowly ({Capacity} messages queued)", endpoint.Options.WebSocketOutboxCapacity);
                _ = CloseAsync((int)WebSocketCloseStatus.PolicyViolation, "Slow consumer: outbox full");
            }

            return false;
        }

        private async Task SendLoopAsync()
        {
            try
            {
                await foreach (var text in _outbox.Reader.ReadAllAsync(_closing.Token))
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, _closing.Token);
                }
            }
            catch (Exception error) when (error is WebSocketException or OperationCanceledException)
            {
                // Closed.
            }
        }

        private async Task InitTimeoutAsync()
        {
            try
            {
                await Task.Delay(endpoint.Options.ConnectionInitTimeout, _closing.Token);
                if (!_initReceived)
                {
                    await CloseAsync(4408, "Connection initialisation timeout");
                }
            }
            catch (OperationCanceledException)
            {
                // Connection ended first.
            }
        }

        /// <summary>
        /// Closes once: lets queued messages go out, sends the close frame, and leaves the receive
        /// loop to read the client's close reply (or to give up after a few seconds).
        /// </summary>
        private async Task CloseAsync(int code, string reason)
        {
            if (Interlocked.Exchange(ref _closeStarted, 1) == 1)
            {
                return;
            }

            _outbox.Writer.TryComplete();
            try
            {
                await _sender.WaitAsync(TimeSpan.FromSeconds(5));
                if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, CancellationToken.None);
                }
            }
            catch (Exception error) when (error is WebSocketException or TimeoutException)
            {
                // Already gone.
            }

            _closing.CancelAfter(TimeSpan.FromSeconds(3));
        }

        private sealed class Observer(Connection connection, string id) : IObserver<ExecutionResult>
        {
            public void OnNext(ExecutionResult value) => connection.Send(new OperationMessage { Id = id, Type = "next", Payload = value });

            public void OnError(Exception error)
            {
                connection.Endpoint.Logger.LogWarning(error, "Subscription {Id} failed", id);
                connection.Send(new OperationMessage { Id = id, Type = "error", Payload = new[] { new ExecutionError("The subscription failed.") { Code = "SUBSCRIPTION_FAILED" } } });
                connection.Stop(id);
            }

            public void OnCompleted()
            {
                connection.Send(new OperationMessage { Id = id, Type = "complete" });
                connection.Stop(id);
            }
        }
    }
}
