namespace Connectors.Tests.Connectors.Network;

/// <summary>What the host guard must answer for a host spelling, with private hosts off and on.</summary>
public enum Verdict
{
    Allowed,
    Refused,
}

/// <summary>The attack run's spellings and their relatives: every way to write loopback, private,
/// link-local, metadata and non-server addresses (dotted, numeric, hex, octal, bracketed, zone ids, and
/// each IPv4-in-IPv6 wrapping), next to public addresses that must stay reachable.</summary>
public static class HostGuardSpellings
{
    private const Verdict A = Verdict.Allowed;
    private const Verdict R = Verdict.Refused;

    /// <summary>(spelling, verdict with private hosts off, verdict with private hosts on).</summary>
    public static readonly (string Host, Verdict PrivateOff, Verdict PrivateOn)[] All =
    [
        // IPv6 zone ids: an interface of this machine, never a remote server
        ("::1%lo", R, R), ("::1%1", R, R), ("0:0:0:0:0:0:0:1%1", R, R), ("[::1%lo]", R, R), ("::%1", R, R),
        ("fe80::1%lo", R, R), ("fd00:ec2::254%1", R, R), ("::ffff:127.0.0.1%1", R, R), ("2001:4860:4860::8888%1", R, R),
        ("[fd12::1%2]", R, R),

        // Loopback in every spelling
        ("127.0.0.1", R, A), ("127.1", R, A), ("127.0.1", R, A), ("2130706433", R, A), ("0x7f000001", R, A),
        ("0x7f.0.0.1", R, A), ("0177.0.0.1", R, A), ("127.255.255.254", R, A), ("localhost", R, A),
        ("::1", R, A), ("[::1]", R, A), ("0:0:0:0:0:0:0:1", R, A), ("::ffff:127.0.0.1", R, A), ("::ffff:7f00:1", R, A),
        ("[::ffff:127.0.0.1]", R, A), ("::127.0.0.1", R, A), ("::ffff:0:127.0.0.1", R, A), ("64:ff9b::127.0.0.1", R, A),
        ("64:ff9b::7f00:1", R, A), ("2002:7f00:1::1", R, A),

        // Private networks (RFC 1918, CGNAT, unique-local, site-local, local-use NAT64)
        ("10.0.0.1", R, A), ("10.255.255.255", R, A), ("172.16.0.1", R, A), ("172.31.255.254", R, A),
        ("192.168.1.1", R, A), ("100.64.0.1", R, A), ("100.127.255.254", R, A), ("::ffff:10.0.0.1", R, A),
        ("::ffff:192.168.0.1", R, A), ("fc00::1", R, A), ("fd12:3456::1", R, A), ("fec0::1", R, A),
        ("64:ff9b::10.0.0.1", R, A), ("2002:c0a8:101::1", R, A), ("64:ff9b:1::a00:1", R, A),
        ("2001:0:4136:e378:8000:63bf:f5ff:fffe", R, A), // Teredo whose client is 10.0.0.1

        // Link-local and cloud metadata, however wrapped
        ("169.254.169.254", R, R), ("169.254.0.1", R, R), ("169.254.170.2", R, R), ("0xa9fea9fe", R, R),
        ("2852039166", R, R), ("::ffff:169.254.169.254", R, R), ("::ffff:a9fe:a9fe", R, R), ("64:ff9b::a9fe:a9fe", R, R),
        ("64:ff9b::169.254.169.254", R, R), ("2002:a9fe:a9fe::1", R, R), ("2001:0:4136:e378:8000:63bf:5601:5601", R, R),
        ("64:ff9b:1::a9fe:a9fe", R, R), ("64:ff9b:1:a9fe:a9:fe00::", R, R), ("::a9fe:a9fe", R, R),
        ("::169.254.169.254", R, R), ("fd00:ec2::254", R, R), ("fd20:ce::254", R, R), ("168.63.129.16", R, R),
        ("::ffff:168.63.129.16", R, R), ("64:ff9b::a83f:8110", R, R), ("100.100.100.200", R, R), ("fe80::1", R, R),
        ("fe80::a9fe:a9fe", R, R), ("[fe80::1]", R, R),

        // This network, broadcast, multicast, reserved, documentation, benchmarking
        ("255.255.255.255", R, R), ("0xffffffff", R, R), ("4294967295", R, R), ("::ffff:255.255.255.255", R, R),
        ("0.0.0.0", R, R), ("0", R, R), ("0.0.0.1", R, R), ("::", R, R), ("[::]", R, R), ("::ffff:0.0.0.0", R, R),
        ("2002::1", R, R), ("224.0.0.1", R, R), ("239.255.255.250", R, R), ("::ffff:224.0.0.1", R, R), ("ff02::1", R, R),
        ("ff05::1:3", R, R), ("240.0.0.1", R, R), ("198.18.0.1", R, R), ("198.19.255.254", R, R), ("192.0.2.1", R, R),
        ("198.51.100.7", R, R), ("203.0.113.9", R, R), ("192.0.0.8", R, R), ("2001:db8::1", R, R), ("100::1", R, R),
        ("64:ff9b::ffff:ffff", R, R), ("2002:ffff:ffff::1", R, R), ("::1:0:0:1", R, R),

        // Public addresses stay reachable
        ("8.8.8.8", A, A), ("1.1.1.1", A, A), ("93.184.216.34", A, A), ("172.32.0.1", A, A), ("100.128.0.1", A, A),
        ("198.20.0.1", A, A), ("169.253.255.255", A, A), ("11.0.0.1", A, A), ("192.169.0.1", A, A),
        ("2001:4860:4860::8888", A, A), ("2606:4700:4700::1111", A, A), ("[2001:4860:4860::8888]", A, A),
        ("::ffff:8.8.8.8", A, A), ("64:ff9b::8.8.8.8", A, A), ("2002:808:808::1", A, A),
        ("2001:0:4136:e378:8000:63bf:f7f7:f7f7", A, A), // Teredo whose client is 8.8.8.8
    ];

    public static TheoryData<string, bool, Verdict> Cases()
    {
        var data = new TheoryData<string, bool, Verdict>();
        foreach (var (host, off, on) in All)
        {
            data.Add(host, false, off);
            data.Add(host, true, on);
        }

        return data;
    }
}
