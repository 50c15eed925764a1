using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace MaShangYi.Api.Features.Channels;

/// <summary>Raised in place of connecting to a callback host whose addresses are all internal.</summary>
public sealed class CallbackAddressRefusedException(string host, IEnumerable<IPAddress> addresses)
    : Exception($"callback host {host} resolves to {string.Join(", ", addresses)}, none of them public");

/// <summary>
/// Where channel callbacks may go: public addresses only, checked twice — the URL when it is registered (an address
/// written in it, in any of the forms a URL allows), and every address the host name resolves to when the callback
/// connects (a name can resolve anywhere, and differently tomorrow).
/// </summary>
public sealed class CallbackTargets(IOptions<ChannelOptions> options)
{
    private bool AllowLoopback => options.Value.AllowLoopbackCallbacks;

    /// <summary>Why a URL cannot be registered, in Chinese for the channel's operator; null when it can.</summary>
    public string? RefusalOf(string? url)
    {
        if (url is not { Length: <= 500 } || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && AllowLoopback && uri.IsLoopback)))
        {
            return AllowLoopback
                ? "callback_url 须为 https 地址，或本机回环地址的 http（不超过 500 个字符）。"
                : "callback_url 须为 https 地址（不超过 500 个字符）。";
        }

        var host = uri.Host.TrimEnd('.');
        var names = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            ? [IPAddress.Loopback]
            : uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 ? [IPAddress.Parse(host.Trim('[', ']'))]
            : Array.Empty<IPAddress>();
        return names.All(IsAllowed) ? null : "callback_url 不能指向本机、内网或保留地址（如 127.0.0.1、10.0.0.0/8、169.254.169.254），请填写渠道服务器的公网地址。";
    }

    public bool IsAllowed(IPAddress address) => PublicAddresses.IsPublic(address) || (AllowLoopback && PublicAddresses.IsLoopback(address));

    /// <summary>The callback client's ConnectCallback: resolves the host and connects only to allowed addresses.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = addresses.Where(IsAllowed).ToArray();
        if (allowed.Length == 0)
        {
            throw new CallbackAddressRefusedException(host, addresses);
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
