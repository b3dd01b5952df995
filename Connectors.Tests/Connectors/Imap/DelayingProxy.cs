using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Connectors.Tests.Connectors.Imap;

/// <summary>
/// A loopback TCP proxy in front of a real server that makes the server slow: every chunk the server sends
/// reaches the client <see cref="Delay"/> later, and from the n-th UID FETCH on (<see cref="StallAtFetch"/>) the
/// server's answers stop arriving at all, as a server that hangs on a big command would. What the client sends
/// is passed on at once.
/// </summary>
public sealed class DelayingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _connections = [];
    private readonly int _target;
    private readonly Task _accepting;
    private int _fetches;
    private int _stallAt;

    private DelayingProxy(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public static DelayingProxy Start(int targetPort) => new(targetPort);

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public TimeSpan Delay { get; set; }

    /// <summary>0: never stall. Counted over every connection since it was set.</summary>
    public int StallAtFetch
    {
        get => Volatile.Read(ref _stallAt);
        set
        {
            Interlocked.Exchange(ref _fetches, 0);
            Volatile.Write(ref _stallAt, value);
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var server = new TcpClient();
                await server.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
                lock (_connections)
                {
                    _connections.Add(client);
                    _connections.Add(server);
                }

                var stalled = new Stall();
                _ = PumpAsync(client.GetStream(), server.GetStream(), upstream: true, stalled);
                _ = PumpAsync(server.GetStream(), client.GetStream(), upstream: false, stalled);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, bool upstream, Stall stalled)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
            {
                if (upstream)
                {
                    if (StallAtFetch > 0 && Encoding.ASCII.GetString(buffer, 0, read).Contains(" UID FETCH ", StringComparison.Ordinal)
                        && Interlocked.Increment(ref _fetches) >= StallAtFetch)
                    {
                        stalled.Set();
                    }
                }
                else
                {
                    if (stalled.IsSet)
                    {
                        continue; // Swallowed: the server "hangs".
                    }

                    if (Delay > TimeSpan.Zero)
                    {
                        await Task.Delay(Delay, _stop.Token);
                    }
                }

                await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException or SocketException)
        {
            // One side closed.
        }
        finally
        {
            try
            {
                to.Socket.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                // Already closed.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_connections)
        {
            _connections.ForEach(c => c.Dispose());
        }

        _stop.Dispose();
    }

    /// <summary>Whether one connection's server side has stopped answering.</summary>
    private sealed class Stall
    {
        private int _set;

        public bool IsSet => Volatile.Read(ref _set) == 1;

        public void Set() => Volatile.Write(ref _set, 1);
    }
}
