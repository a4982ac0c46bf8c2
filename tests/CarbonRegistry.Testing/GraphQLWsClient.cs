using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace CarbonRegistry.Testing;

/// <summary>A minimal graphql-transport-ws client for tests: init with a bearer token, subscribe, read messages.</summary>
public sealed class GraphQLWsClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;

    private GraphQLWsClient(ClientWebSocket socket) => _socket = socket;

    /// <summary>Connects to <c>ws://…/graphql</c> and waits for <c>connection_ack</c>.</summary>
    public static async Task<GraphQLWsClient> ConnectAsync(Uri httpBase, string token, CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("graphql-transport-ws");
        await socket.ConnectAsync(new UriBuilder(httpBase) { Scheme = "ws", Path = "/graphql" }.Uri, cancellationToken);
        var client = new GraphQLWsClient(socket);
        await client.SendAsync(new { type = "connection_init", payload = new { authorization = "Bearer " + token } }, cancellationToken);
        var ack = await client.ReceiveAsync(cancellationToken) ?? throw new InvalidOperationException("Closed before connection_ack.");
        if (ack.GetProperty("type").GetString() != "connection_ack")
        {
            throw new InvalidOperationException("Expected connection_ack, got " + ack);
        }

        return client;
    }

    public Task SubscribeAsync(string id, string query, object variables, CancellationToken cancellationToken = default) =>
        SendAsync(new { id, type = "subscribe", payload = new { query, variables } }, cancellationToken);

    /// <summary>The next message, or null once the connection is closed or broken.</summary>
    public async Task<JsonElement?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer, cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                message.Write(buffer, 0, received.Count);
                if (received.EndOfMessage)
                {
                    return JsonDocument.Parse(message.ToArray()).RootElement.Clone();
                }
            }
        }
        catch (WebSocketException)
        {
            return null;
        }
    }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception error) when (error is WebSocketException or TimeoutException)
            {
            }
        }

        _socket.Dispose();
    }

    private Task SendAsync(object message, CancellationToken cancellationToken) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message)), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
}
