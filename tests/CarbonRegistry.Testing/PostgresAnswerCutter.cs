using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace CarbonRegistry.Testing;

/// <summary>
/// A forwarder on 127.0.0.1 in front of a test PostgreSQL server (on its Unix socket), for tests of
/// an answer lost after a commit. Once armed with <see cref="CutBeforeReadyAfter"/>, the first
/// connection that sends SQL containing the marker is dropped (RST) in place of the server's next
/// ReadyForQuery. The server sends that only after the transaction ended, so a committed
/// transaction stays committed while the client never hears of it. Clients connect with
/// <see cref="ConnectionString"/>: SQL sent as text (no automatic preparation) and no TLS or GSS
/// negotiation, so that every message from the server is framed (type byte, length).
/// </summary>
public sealed class PostgresAnswerCutter : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _socketPath;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;
    private byte[]? _marker;
    private TaskCompletionSource _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PostgresAnswerCutter(string connectionString)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        _socketPath = Path.Combine(target.Host ?? throw new ArgumentException("The connection string names no host."), $".s.PGSQL.{target.Port}");
        _listener.Start();
        ConnectionString = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Host = "127.0.0.1",
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port,
            SslMode = SslMode.Disable,
            GssEncryptionMode = GssEncryptionMode.Disable,
            MaxAutoPrepare = 0,
        }.ConnectionString;
        _accepting = AcceptAsync();
    }

    /// <summary>The connection string that goes through the cutter.</summary>
    public string ConnectionString { get; }

    /// <summary>Arms the cutter for the next statement containing <paramref name="marker"/>; the task completes when it has cut.</summary>
    public Task CutBeforeReadyAfter(string marker)
    {
        _cut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _marker, Encoding.UTF8.GetBytes(marker));
        return _cut.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        using var server = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var connection = new Connection(client, server);
        try
        {
            await server.ConnectAsync(new UnixDomainSocketEndPoint(_socketPath), _stopping.Token);
            await Task.WhenAny(ClientToServerAsync(connection), ServerToClientAsync(connection));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection closed, or was cut.
        }
    }

    /// <summary>Forwards what the client sends; the connection whose SQL carries the armed marker is marked for the cut.</summary>
    private async Task ClientToServerAsync(Connection connection)
    {
        var buffer = new byte[64 * 1024];
        var seen = new List<byte>();
        while (true)
        {
            var count = await connection.Client.ReceiveAsync(buffer, _stopping.Token);
            if (count == 0)
            {
                return;
            }

            if (!connection.MarkedForCut && Volatile.Read(ref _marker) is { } marker)
            {
                // Keep the tail of what came before, so a marker split across reads is still found.
                seen.AddRange(buffer.AsSpan(0, count));
                if (seen.ToArray().AsSpan().IndexOf(marker) >= 0 && Interlocked.CompareExchange(ref _marker, null, marker) == marker)
                {
                    connection.MarkedForCut = true;
                }

                seen.RemoveRange(0, Math.Max(0, seen.Count - marker.Length));
            }

            await connection.Server.SendAsync(buffer.AsMemory(0, count), _stopping.Token);
        }
    }

    /// <summary>Forwards the server's messages whole; on a marked connection, a ReadyForQuery is replaced by a reset.</summary>
    private async Task ServerToClientAsync(Connection connection)
    {
        var buffer = new byte[64 * 1024];
        var pending = new List<byte>();
        while (true)
        {
            var count = await connection.Server.ReceiveAsync(buffer, _stopping.Token);
            if (count == 0)
            {
                return;
            }

            pending.AddRange(buffer.AsSpan(0, count));
            var messages = pending.ToArray();
            var complete = 0;
            while (messages.Length - complete >= 5)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(messages.AsSpan(complete + 1, 4));
                if (messages.Length - complete < 1 + length)
                {
                    break;
                }

                if (messages[complete] == (byte)'Z' && connection.MarkedForCut)
                {
                    await connection.Client.SendAsync(messages.AsMemory(0, complete), _stopping.Token);
                    connection.Client.LingerState = new LingerOption(true, 0);
                    connection.Client.Close();
                    _cut.TrySetResult();
                    return;
                }

                complete += 1 + length;
            }

            await connection.Client.SendAsync(messages.AsMemory(0, complete), _stopping.Token);
            pending.RemoveRange(0, complete);
        }
    }

    private sealed class Connection(Socket client, Socket server) : IDisposable
    {
        private volatile bool _markedForCut;

        public Socket Client { get; } = client;

        public Socket Server { get; } = server;

        public bool MarkedForCut
        {
            get => _markedForCut;
            set => _markedForCut = value;
        }

        public void Dispose() => Client.Dispose();
    }
}
