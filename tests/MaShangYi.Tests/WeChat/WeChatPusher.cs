using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MaShangYi.Api.Infrastructure.WeChat;

namespace MaShangYi.Tests.WeChat;

/// <summary>
/// Makes pushes the way WeChat's message push does (reference/wechat-api.md): signed plain pushes and encrypted
/// safe-mode pushes, JSON or XML, to the API's push URL. Used by the fake WeChat and the push endpoint tests.
/// </summary>
public sealed class WeChatPusher(string token, string encodingAesKey, string appId)
{
    public const string Url = "/api/wechat/push";

    public string Token => token;

    public PushCrypto Crypto { get; } = new(token, encodingAesKey, appId);

    /// <summary>An image check's verdict as WeChat pushes it.</summary>
    public string MediaCheck(string traceId, string suggest, int label, bool xml = false, string eventName = "wxa_media_check") => xml
        ? $"""
           <xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[o-user-1]]></FromUserName><CreateTime>1714036504</CreateTime>
           <MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{eventName}]]></Event><appid><![CDATA[{appId}]]></appid>
           <trace_id><![CDATA[{traceId}]]></trace_id><version>2</version>
           <detail><strategy><![CDATA[content_model]]></strategy><errcode>0</errcode><suggest><![CDATA[{suggest}]]></suggest><label>{label}</label><prob>90</prob></detail>
           <errcode>0</errcode><errmsg><![CDATA[ok]]></errmsg>
           <result><suggest><![CDATA[{suggest}]]></suggest><label>{label}</label></result></xml>
           """
        : $$$"""
           {"ToUserName":"gh_test","FromUserName":"o-user-1","CreateTime":1714036504,"MsgType":"event","Event":"{{{eventName}}}",
            "appid":"{{{appId}}}","trace_id":"{{{traceId}}}","version":2,
            "detail":[{"strategy":"content_model","errcode":0,"suggest":"{{{suggest}}}","label":{{{label}}},"prob":90}],
            "errcode":0,"errmsg":"ok","result":{"suggest":"{{{suggest}}}","label":{{{label}}}}}
           """;

    /// <summary>A plain-mode push: the message as the body, signature over [token, timestamp, nonce].</summary>
    public HttpRequestMessage Plain(string message, string? signature = null)
    {
        var (timestamp, nonce) = Stamp();
        signature ??= PushCrypto.Signature(token, timestamp, nonce);
        return Post($"{Url}?signature={signature}&timestamp={timestamp}&nonce={nonce}&openid=o-user-1", message);
    }

    /// <summary>
    /// A safe-mode push: the body carries only Encrypt; msg_signature over [token, timestamp, nonce, Encrypt].
    /// <paramref name="encrypted"/> replaces the ciphertext (tampering); <paramref name="msgSignature"/> the signature.
    /// </summary>
    public HttpRequestMessage Safe(string message, bool xml = false, string? encrypted = null, string? msgSignature = null)
    {
        var (timestamp, nonce) = Stamp();
        encrypted ??= Crypto.Encrypt(message);
        msgSignature ??= PushCrypto.Signature(token, timestamp, nonce, encrypted);
        var body = xml
            ? $"<xml><ToUserName><![CDATA[gh_test]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
            : $$"""{"ToUserName":"gh_test","Encrypt":"{{encrypted}}"}""";
        var signature = PushCrypto.Signature(token, timestamp, nonce);
        return Post(
            $"{Url}?signature={signature}&timestamp={timestamp}&nonce={nonce}&openid=o-user-1&encrypt_type=aes&msg_signature={Uri.EscapeDataString(msgSignature)}",
            body);
    }

    private static (string Timestamp, string Nonce) Stamp() => (
        DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture));

    private static HttpRequestMessage Post(string url, string body) => new(HttpMethod.Post, url)
    {
        Content = new StringContent(body, Encoding.UTF8, body.TrimStart().StartsWith('<') ? "text/xml" : "application/json"),
    };
}
