using System.Net;
using System.Net.Sockets;

namespace MaShangYi.Tests.Support;

/// <summary>
/// A TCP relay between the API and the test database that counts round trips as the wire sees them: every time the
/// client speaks after the server has (or first), that is one round trip, however many statements it carries. The
/// first packet of each such flight names what it is: a command (sequence id 0) is a query (COM_QUERY) or anything else
/// (a connection reset, a ping…); a packet further into a conversation is part of opening a connection (the handshake).
/// Each flight also records which of the relayed connections carried it.
/// Plain text only: the connection string through it turns TLS off, so the packets can be read.
/// </summary>
public sealed class RoundTripCounter : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<(string Kind, int Connection)> _flights = [];
    private int _connections;

    public RoundTripCounter(string host, int port)
    {
        (_host, _port) = (host, port);
        _listener.Start();
        _ = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>What each round trip since the last <see cref="Reset"/> began with: "query", "reset", "command 0x..", "handshake".</summary>
    public IReadOnlyList<string> Flights
    {
        get
        {
            lock (_gate)
            {
                return [.. _flights.Select(f => f.Kind)];
            }
        }
    }

    public int Queries => Flights.Count(f => f == "query");

    /// <summary>Which connection carried each query round trip since the last <see cref="Reset"/>, in order.</summary>
    public IReadOnlyList<int> QueryConnections
    {
        get
        {
            lock (_gate)
            {
                return [.. _flights.Where(f => f.Kind == "query").Select(f => f.Connection)];
            }
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _flights.Clear();
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(_host, _port, _stop.Token);
            }
            catch (Exception) when (!_stop.IsCancellationRequested)
            {
                return;
            }

            var clientSpoke = new StrongBox<bool>(true);
            var connection = Interlocked.Increment(ref _connections);
            using var done = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = PumpAsync(client.GetStream(), server.GetStream(), fromClient: true, clientSpoke, connection, done.Token);
            var down = PumpAsync(server.GetStream(), client.GetStream(), fromClient: false, clientSpoke, connection, done.Token);
            await Task.WhenAny(up, down);
            await done.CancelAsync();
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool fromClient, StrongBox<bool> clientSpoke, int connection, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, ct)) > 0)
            {
                if (fromClient && !clientSpoke.Value)
                {
                    // A packet: 3 bytes of length, 1 of sequence id, then (for a command) the command byte.
                    var kind = read < 5 || buffer[3] != 0 ? "handshake" : buffer[4] switch
                    {
                        0x03 => "query",
                        0x1f => "reset",
                        var other => $"command 0x{other:x2}",
                    };
                    lock (_gate)
                    {
                        _flights.Add((kind, connection));
                    }
                }

                clientSpoke.Value = fromClient;
                await to.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Either side closing ends the relay.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _stop.Dispose();
    }

    private sealed class StrongBox<T>(T value)
    {
        public T Value { get; set; } = value;
    }
}
