using System.Net;

namespace MaShangYi.Api.Features.Channels;

/// <summary>
/// Whether an address is on the public internet: not this machine, not a private or carrier network, not link-local
/// (169.254.169.254 is a cloud's metadata service), not unique-local, multicast, unspecified or reserved. IPv4 written
/// inside IPv6 (::ffff:10.0.0.1, NAT64, 6to4) is judged by the IPv4 address it carries.
/// </summary>
public static class PublicAddresses
{
    private static readonly IPNetwork[] NotPublic =
    [
        IPNetwork.Parse("0.0.0.0/8"), // "this network", 0.0.0.0 among them
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"), // carrier-grade NAT
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"), // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"), // documentation
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"), // benchmarking
        IPNetwork.Parse("198.51.100.0/24"), // documentation
        IPNetwork.Parse("203.0.113.0/24"), // documentation
        IPNetwork.Parse("224.0.0.0/4"), // multicast
        IPNetwork.Parse("240.0.0.0/4"), // reserved, 255.255.255.255 among them
        IPNetwork.Parse("::/96"), // unspecified, loopback and the deprecated IPv4-compatible form (::127.0.0.1)
        IPNetwork.Parse("100::/64"), // discard
        IPNetwork.Parse("2001:db8::/32"), // documentation
        IPNetwork.Parse("fc00::/7"), // unique-local
        IPNetwork.Parse("fe80::/10"), // link-local
        IPNetwork.Parse("fec0::/10"), // site-local (deprecated)
        IPNetwork.Parse("ff00::/8"), // multicast
    ];

    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    public static bool IsPublic(IPAddress address)
    {
        var embedded = EmbeddedIPv4(address);
        if (embedded is not null)
        {
            return IsPublic(embedded);
        }

        return !NotPublic.Any(network => network.Contains(address));
    }

    /// <summary>This machine, however written: 127.0.0.0/8, ::1, ::ffff:127.0.0.1.</summary>
    public static bool IsLoopback(IPAddress address) => IPAddress.IsLoopback(EmbeddedIPv4(address) ?? address);

    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return null;
        }

        var bytes = address.GetAddressBytes();
        return Nat64.Contains(address) ? new IPAddress(bytes[12..16])
            : SixToFour.Contains(address) ? new IPAddress(bytes[2..6])
            : null;
    }
}
