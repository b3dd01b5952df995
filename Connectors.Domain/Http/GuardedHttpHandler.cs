using System.Net.Sockets;
using Connectors.Domain.Network;

namespace Connectors.Domain.Http;

/// <summary>The socket handler behind <see cref="ProviderHttp"/>: every connection goes to an address
/// the <see cref="HostGuard"/> resolved and allowed (no second DNS lookup), so a user-supplied base URL
/// (Confluence) cannot reach link-local, metadata or — unless allowed — private addresses.</summary>
public static class GuardedHttpHandler
{
    public static SocketsHttpHandler Create(HostGuard guard) => new()
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AllowAutoRedirect = false,
        ConnectCallback = async (context, ct) =>
        {
            var addresses = await guard.ResolveAllowedAsync(context.DnsEndPoint.Host, ct);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
