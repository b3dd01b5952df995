using System.Net;
using System.Net.Sockets;
using Connectors.Domain.Errors;
using Microsoft.Extensions.Options;

namespace Connectors.Domain.Network;

/// <summary>
/// Every user-typed or discovered host goes through here. A host that resolves to a forbidden address
/// (link-local, cloud metadata, reserved, …; see <see cref="AddressPolicy"/>) is always refused; private
/// and loopback addresses are refused unless <c>Connectors:Network:AllowPrivateHosts</c> is true; a host
/// with an IPv6 zone id is refused before any lookup. Callers connect to the addresses returned
/// here, never re-resolving, so a DNS answer cannot change between the check and the connection.
/// </summary>
public sealed class HostGuard(IOptions<ConnectorsOptions> options)
{
    public async Task<IPAddress[]> ResolveAllowedAsync(string host, CancellationToken ct)
    {
        var name = Normalize(host);
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(name, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(name, ct);
        }
        catch (Exception e) when (e is SocketException or ArgumentException)
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

    /// <summary>The verdict on one address under this deployment's settings: null when allowed, else why not.</summary>
    public string? Refusal(IPAddress address) => AddressPolicy.Classify(address) switch
    {
        AddressClass.Forbidden => "a link-local, metadata, reserved or otherwise non-server address",
        AddressClass.Private when !options.Value.Network.AllowPrivateHosts =>
            "a private or loopback address (set Connectors:Network:AllowPrivateHosts to allow it)",
        _ => null,
    };

    /// <summary>Brackets around an IPv6 literal are dropped; a zone id (<c>%lo</c>, <c>%1</c>) names an
    /// interface of this machine, which no remote server needs, so such a host is refused before any lookup.</summary>
    private static string Normalize(string host)
    {
        var name = host.Trim();
        if (name.Length > 1 && name[0] == '[' && name[^1] == ']')
        {
            name = name[1..^1];
        }

        if (name.Contains('%', StringComparison.Ordinal))
        {
            throw new ConnectorConfigurationException(
                $"The host '{host}' names a network interface (an IPv6 zone id after '%'); connecting there is not allowed.");
        }

        return name;
    }
}
