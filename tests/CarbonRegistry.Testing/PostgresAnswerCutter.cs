using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace CarbonRegistry.Testing;

/// <summary>
/// A forwarder on 127.0.0.1 in front of a test PostgreSQL server (on its Unix socket), for tests of
/// an answer lost after a commit. Once armed with <see cref="CutBeforeReadyAfter"/>, the first
/// connection that sends SQL containing the marker is dropped (RST) in place of the server's
/// ReadyForQuery that answers that SQL's Sync (not one answering something sent before it). The server sends that only after the transaction ended, so a committed
/// transaction stays committed while the client never hears of it. Clients connect with
/// <see cref="ConnectionString"/>: SQL sent as text (no automatic preparation) and no TLS or GSS
/// negotiation, so that every message from the server is framed (type byte, length).
/// </summary>
public sealed class PostgresAnswerCutter : IAsyncDisposable
{
    /// <summary>The request codes of the untyped messages that may come before the startup message.</summary>
    private const int SslRequest = 80877103, GssEncryptionRequest = 80877104;

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

    /// <summary>
    /// Forwards what the client sends, reading it as protocol messages: the first message that
    /// carries the armed marker marks its connection for the cut at the ReadyForQuery that answers
    /// the first Sync or Query sent from that message on. ReadyForQuery answers each Sync or Query
    /// in order, so one the client sent before (a pooled connection's reset, prepended to the next
    /// command) is let through.
    /// </summary>
    private async Task ClientToServerAsync(Connection connection)
    {
        var buffer = new byte[64 * 1024];
        var pending = new List<byte>();
        var startup = true;
        while (true)
        {
            var count = await connection.Client.ReceiveAsync(buffer, _stopping.Token);
            if (count == 0)
            {
                return;
            }

            pending.AddRange(buffer.AsSpan(0, count));
            var messages = pending.ToArray();
            var complete = 0;
            while (true)
            {
                // The startup message has no type byte: a length, then the rest.
                var header = startup ? 4 : 5;
                if (messages.Length - complete < header)
                {
                    break;
                }

                var length = BinaryPrimitives.ReadInt32BigEndian(messages.AsSpan(complete + header - 4, 4));
                var size = header - 4 + length;
                if (messages.Length - complete < size)
                {
                    break;
                }

                if (!startup)
                {
                    var message = messages.AsSpan(complete, size);
                    if (connection.CutAtSync is null && Volatile.Read(ref _marker) is { } marker && message.IndexOf(marker) >= 0
                        && Interlocked.CompareExchange(ref _marker, null, marker) == marker)
                    {
                        connection.CutAtSync = connection.Syncs + 1;
                    }

                    if (message[0] is (byte)'S' or (byte)'Q')
                    {
                        connection.Syncs++;
                    }
                }
                else if (BinaryPrimitives.ReadInt32BigEndian(messages.AsSpan(complete + 4, 4)) is not (SslRequest or GssEncryptionRequest))
                {
                    // Not an SSL or GSS encryption request (which a startup message follows): the startup message itself.
                    startup = false;
                }

                complete += size;
            }

            pending.RemoveRange(0, complete);
            await connection.Server.SendAsync(buffer.AsMemory(0, count), _stopping.Token);
        }
    }

    /// <summary>
    /// Forwards the server's messages whole; on a marked connection, the ReadyForQuery that answers
    /// the marked Sync is replaced by a reset. The first ReadyForQuery ends the startup.
    /// </summary>
    private async Task ServerToClientAsync(Connection connection)
    {
        var buffer = new byte[64 * 1024];
        var pending = new List<byte>();
        var ready = -1;
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

                if (messages[complete] == (byte)'Z' && ++ready == connection.CutAtSync)
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
        private int _cutAtSync;

        public Socket Client { get; } = client;

        public Socket Server { get; } = server;

        /// <summary>How many Sync and Query messages the client has sent since the startup.</summary>
        public int Syncs { get; set; }

        /// <summary>The number of the Sync or Query whose ReadyForQuery is cut, or null.</summary>
        public int? CutAtSync
        {
            get => Volatile.Read(ref _cutAtSync) is var n and > 0 ? n : null;
            set => Volatile.Write(ref _cutAtSync, value ?? 0);
        }

        public void Dispose() => Client.Dispose();
    }
}
