using System.Net;
using System.Net.Sockets;

namespace Connectors.Domain.Network;

/// <summary>Why an address may or may not be connected to.</summary>
public enum AddressClass
{
    /// <summary>A public unicast address: always allowed.</summary>
    Public,

    /// <summary>Loopback, RFC 1918, CGNAT, IPv6 unique-local and site-local: allowed only with
    /// <c>Connectors:Network:AllowPrivateHosts</c>.</summary>
    Private,

    /// <summary>Never a server: this-network, broadcast, multicast, reserved, documentation,
    /// benchmark, link-local, cloud metadata and wire-server addresses, scoped IPv6.</summary>
    Forbidden,
}

/// <summary>
/// Classifies an IP address for the <see cref="HostGuard"/>. Normalises first — a scoped IPv6 address
/// (<c>::1%lo</c>) is forbidden outright, and every IPv4-in-IPv6 form (mapped, compatible, SIIT, NAT64
/// <c>64:ff9b::/96</c> and <c>64:ff9b:1::/48</c>, 6to4, Teredo, ISATAP) is judged by the IPv4 address it
/// carries — then checks explicit deny lists, so a spelling cannot smuggle a loopback or metadata address past it.
/// </summary>
public static class AddressPolicy
{
    /// <summary>Metadata and platform addresses of the major clouds that are not already link-local.</summary>
    private static readonly IPAddress[] CloudPlatform =
    [
        IPAddress.Parse("168.63.129.16"),   // Azure wire server
        IPAddress.Parse("100.100.100.200"), // Alibaba Cloud metadata
        IPAddress.Parse("fd00:ec2::254"),   // AWS instance metadata over IPv6
        IPAddress.Parse("fd20:ce::254"),    // Google Cloud metadata over IPv6
    ];

    private static readonly (byte[] Prefix, int Bits, AddressClass Class)[] V4Ranges =
    [
        (Bytes(0, 0, 0, 0), 8, AddressClass.Forbidden),        // this network
        (Bytes(169, 254, 0, 0), 16, AddressClass.Forbidden),   // link-local, incl. 169.254.169.254 metadata
        (Bytes(192, 0, 0, 0), 24, AddressClass.Forbidden),     // IETF protocol assignments
        (Bytes(192, 0, 2, 0), 24, AddressClass.Forbidden),     // documentation (TEST-NET-1)
        (Bytes(198, 51, 100, 0), 24, AddressClass.Forbidden),  // documentation (TEST-NET-2)
        (Bytes(203, 0, 113, 0), 24, AddressClass.Forbidden),   // documentation (TEST-NET-3)
        (Bytes(198, 18, 0, 0), 15, AddressClass.Forbidden),    // benchmarking
        (Bytes(224, 0, 0, 0), 4, AddressClass.Forbidden),      // multicast
        (Bytes(240, 0, 0, 0), 4, AddressClass.Forbidden),      // reserved, incl. 255.255.255.255 broadcast
        (Bytes(127, 0, 0, 0), 8, AddressClass.Private),        // loopback
        (Bytes(10, 0, 0, 0), 8, AddressClass.Private),
        (Bytes(172, 16, 0, 0), 12, AddressClass.Private),
        (Bytes(192, 168, 0, 0), 16, AddressClass.Private),
        (Bytes(100, 64, 0, 0), 10, AddressClass.Private),      // carrier-grade NAT
    ];

    private static readonly (byte[] Prefix, int Bits, AddressClass Class)[] V6Ranges =
    [
        (V6("::"), 8, AddressClass.Forbidden),          // reserved (the IPv4 forms and NAT64 in it are judged apart)
        (V6("100::"), 64, AddressClass.Forbidden),      // discard-only
        (V6("2001:db8::"), 32, AddressClass.Forbidden), // documentation
        (V6("2001:10::"), 28, AddressClass.Forbidden),  // ORCHID
        (V6("2001:20::"), 28, AddressClass.Forbidden),  // ORCHIDv2
        (V6("3fff::"), 20, AddressClass.Forbidden),     // documentation
        (V6("fe80::"), 10, AddressClass.Forbidden),     // link-local
        (V6("ff00::"), 8, AddressClass.Forbidden),      // multicast
        (V6("fec0::"), 10, AddressClass.Private),       // site-local (deprecated)
        (V6("fc00::"), 7, AddressClass.Private),        // unique-local
    ];

    /// <summary>The class of <paramref name="address"/> after unwrapping every IPv4 address it embeds;
    /// the most restrictive of the address itself and everything it carries wins.</summary>
    public static AddressClass Classify(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return ClassifyV4(address.GetAddressBytes());
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || address.ScopeId != 0)
        {
            return AddressClass.Forbidden; // a zone id names an interface of this host: never a remote server
        }

        var bytes = address.GetAddressBytes();
        if (CloudPlatform.Any(address.Equals))
        {
            return AddressClass.Forbidden;
        }

        if (address.Equals(IPAddress.IPv6Loopback))
        {
            return AddressClass.Private;
        }

        // The translation prefixes sit inside the reserved ::/8: there, what they carry decides.
        var own = IsV4Translation(bytes) || IsInPrefix(bytes, V6("64:ff9b::"), 96) ? AddressClass.Public
            : IsInPrefix(bytes, V6("64:ff9b:1::"), 48) ? AddressClass.Private
            : ClassifyV6(bytes);
        return EmbeddedV4(bytes).Select(ClassifyV4).Append(own).Max();
    }

    /// <summary>Every IPv4 address an IPv6 address may carry, by the transition mechanisms that embed one.</summary>
    private static IEnumerable<byte[]> EmbeddedV4(byte[] b)
    {
        if (IsV4Translation(b) || IsInPrefix(b, V6("64:ff9b::"), 96)) // NAT64 well-known prefix
        {
            yield return b[12..16];
        }

        if (IsInPrefix(b, V6("64:ff9b:1::"), 48))
        {
            yield return b[12..16];                    // a /96 local-use prefix
            if ((b[6] | b[7] | b[9] | b[10]) != 0)     // a /48 local-use prefix (RFC 6052 skips bits 64–71);
            {                                          // all zero there is a /96 address, not 0.0.0.0
                yield return [b[6], b[7], b[9], b[10]];
            }
        }

        if (IsInPrefix(b, V6("2002::"), 16))
        {
            yield return b[2..6];                      // 6to4
        }

        if (IsInPrefix(b, V6("2001::"), 32))
        {
            yield return b[4..8];                      // Teredo server
            yield return [(byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15]]; // Teredo client, obfuscated
        }

        if (b[9] == 0 && b[10] == 0x5e && b[11] == 0xfe && (b[8] & 0xfd) == 0)
        {
            yield return b[12..16];                    // ISATAP interface identifier
        }
    }

    /// <summary>IPv4-mapped (<c>::ffff:a.b.c.d</c>), SIIT (<c>::ffff:0:a.b.c.d</c>) and IPv4-compatible
    /// (<c>::a.b.c.d</c>, not <c>::</c> itself) addresses.</summary>
    private static bool IsV4Translation(byte[] b) =>
        IsInPrefix(b, V6("::ffff:0:0"), 96) || IsInPrefix(b, V6("::ffff:0:0:0"), 96)
        || (IsInPrefix(b, V6("::"), 96) && b.AsSpan(12).IndexOfAnyExcept((byte)0) >= 0);

    private static AddressClass ClassifyV4(byte[] b) =>
        CloudPlatform.Any(a => a.AddressFamily == AddressFamily.InterNetwork && a.GetAddressBytes().AsSpan().SequenceEqual(b))
            ? AddressClass.Forbidden
            : V4Ranges.Where(r => IsInPrefix(b, r.Prefix, r.Bits)).Select(r => r.Class).DefaultIfEmpty(AddressClass.Public).Max();

    private static AddressClass ClassifyV6(byte[] b) =>
        V6Ranges.Where(r => IsInPrefix(b, r.Prefix, r.Bits)).Select(r => r.Class).DefaultIfEmpty(AddressClass.Public).Max();

    private static bool IsInPrefix(byte[] address, byte[] prefix, int bits)
    {
        for (var i = 0; i < bits; i++)
        {
            var mask = 0x80 >> (i % 8);
            if ((address[i / 8] & mask) != (prefix[i / 8] & mask))
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] Bytes(params byte[] b) => b;

    private static byte[] V6(string text) => IPAddress.Parse(text).GetAddressBytes();
}
