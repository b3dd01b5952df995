using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Connectors.Network;

/// <summary>
/// DESIGN §11: a connector host that resolves to a link-local or cloud-metadata address is always
/// refused; private and loopback addresses are refused unless
/// <c>Connectors:Network:AllowPrivateHosts</c> is true. Callers connect to the addresses returned
/// here, never re-resolving, so a DNS answer cannot change between the check and the connection.
/// </summary>
public sealed class HostGuard(IOptions<ConnectorsOptions> options)
{
    public async Task<IPAddress[]> ResolveAllowedAsync(string host, CancellationToken ct)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        }
        catch (SocketException)
        {
            throw new ConnectorConfigurationException($"The host '{host}' could not be found. Check the server name.");
        }

        if (addresses.Length == 0)
        {
            throw new ConnectorConfigurationException($"The host '{host}' could not be found. Check the server name.");
        }

        foreach (var address in addresses)
        {
            if (Refusal(address) is { } reason)
            {
                throw new ConnectorConfigurationException($"The host '{host}' resolves to {address}, {reason}; connecting there is not allowed.");
            }
        }

        return addresses;
    }

    private string? Refusal(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IsLinkLocalOrMetadata(address))
        {
            return "a link-local or cloud metadata address";
        }

        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || IsMulticast(address))
        {
            return "not a host address";
        }

        if (!options.Value.Network.AllowPrivateHosts && (IPAddress.IsLoopback(address) || IsPrivate(address)))
        {
            return "a private or loopback address (set Connectors:Network:AllowPrivateHosts to allow it)";
        }

        return null;
    }

    private static bool IsLinkLocalOrMetadata(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 169 && b[1] == 254;
        }

        return address.IsIPv6LinkLocal || address.Equals(IPAddress.Parse("fd00:ec2::254"));
    }

    private static bool IsMulticast(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork ? address.GetAddressBytes()[0] is >= 224 and <= 239 : address.IsIPv6Multicast;

    private static bool IsPrivate(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6UniqueLocal || address.IsIPv6SiteLocal;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10
            || (b[0] == 172 && b[1] is >= 16 and <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 100 && b[1] is >= 64 and <= 127)
            || b[0] == 0;
    }
}
